import { scriptRuns } from './cjk-pdf.js';

describe('CJK text runs', () => {
  it('splits Chinese from Latin text so each goes to a font that has its glyphs', () => {
    expect(scriptRuns('备案编号：FILE-140821-2026-000001')).toEqual([
      { cjk: true, text: '备案编号：' },
      { cjk: false, text: 'FILE-140821-2026-000001' },
    ]);
    expect(scriptRuns('格口 40 个')).toEqual([
      { cjk: true, text: '格口' },
      { cjk: false, text: ' 40 ' },
      { cjk: true, text: '个' },
    ]);
    expect(scriptRuns('')).toEqual([]);
  });
});
