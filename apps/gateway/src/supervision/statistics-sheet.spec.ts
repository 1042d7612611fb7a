import { STATISTICS_SHEET_COLUMNS } from '@app/contracts';
import { sheetEntries, yuanToFen } from './statistics-sheet.js';

describe('statistics upload sheet', () => {
  it('reads yuan as exact fen', () => {
    expect(yuanToFen('113.05')).toBe(11305);
    expect(yuanToFen('1,130,000,000')).toBe(113_000_000_000);
    expect(yuanToFen('0.1')).toBe(10);
    expect(yuanToFen('1.234')).toBeNull();
    expect(yuanToFen('-1')).toBeNull();
  });

  it('maps the Chinese template to entries, skipping rows without a value and naming bad rows', () => {
    const columns = [...STATISTICS_SHEET_COLUMNS];
    const entries = sheetEntries({
      columns,
      rows: [
        { row: 2, cells: ['express_volume', '快递业务量', '14', '2024年5月', '98000000', '件', '省邮政管理局', ''] },
        { row: 3, cells: ['', '快递业务收入', '14', '2024-05', '1,000,000.50', '元', '省邮政管理局', '更正'] },
        { row: 4, cells: ['rural_e_towns', '乡村e镇', '', '', '', '个', '', ''] },
      ],
    });
    expect(entries).toEqual([
      { metric: 'express_volume', regionCode: '14', month: '2024-05', value: 98_000_000, source: '省邮政管理局' },
      { metric: 'express_revenue', regionCode: '14', month: '2024-05', value: 100_000_050, source: '省邮政管理局', reason: '更正' },
    ]);
    expect(() => sheetEntries({ columns, rows: [{ row: 7, cells: ['nope', '', '14', '2024-05', '1', '', 'x', ''] }] })).toThrow(/row 7/);
    expect(() => sheetEntries({ columns: ['指标代码'], rows: [] })).toThrow(/区划代码/);
  });
});
