import { regions } from '@app/regions';
import { coverage, ratio } from './coverage.rules.js';

describe('coverage rules', () => {
  const towns = [
    { code: '140821100', name: '猗氏镇' },
    { code: '140821101', name: '嵋阳镇' },
    { code: '140821102', name: '临晋镇' },
  ];

  it('counts covered regions and lists the others', () => {
    const result = coverage(towns, new Set(['140821101']));
    expect(result).toEqual({
      total: 3,
      covered: 1,
      rate: 0.3333,
      uncovered: [towns[0], towns[2]],
    });
  });

  it('ignores covered codes outside the regions counted', () => {
    expect(coverage(towns, new Set(['140822100', '140821100'])).covered).toBe(1);
  });

  it('is 100% when every region is covered and 0 for nothing to cover', () => {
    expect(coverage(towns, new Set(towns.map((t) => t.code))).rate).toBe(1);
    expect(coverage([], new Set())).toEqual({ total: 0, covered: 0, rate: 0, uncovered: [] });
    expect(ratio(2, 3)).toBe(0.6667);
  });

  it('covers a real county: every township of Linyi county (140821) from the regions data', () => {
    const townships = regions().descendants('140821', 'township');
    expect(townships.length).toBeGreaterThan(5);
    const all = coverage(townships, new Set(townships.map((t) => t.code)));
    expect(all).toMatchObject({ total: townships.length, covered: townships.length, rate: 1, uncovered: [] });
  });
});
