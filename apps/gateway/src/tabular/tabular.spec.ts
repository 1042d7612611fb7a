import ExcelJS from 'exceljs';
import { parseCsv, readXlsx, writeCsv, writeXlsx } from './tabular.js';

describe('CSV', () => {
  it('reads quoted fields, doubled quotes, commas and line breaks inside quotes, CRLF and a BOM', () => {
    const sheet = parseCsv('\ufeffname,address,capacity_tonnes\r\n"冷库, 一号","临猗县""东""\n工业园",1200\r\nb,,3\n');
    expect(sheet.columns).toEqual(['name', 'address', 'capacity_tonnes']);
    expect(sheet.rows).toEqual([
      { row: 2, cells: ['冷库, 一号', '临猗县"东"\n工业园', '1200'] },
      { row: 3, cells: ['b', '', '3'] },
    ]);
  });

  it('skips blank rows but keeps spreadsheet row numbers', () => {
    const sheet = parseCsv('a,b\n1,2\n\n,\n3,4');
    expect(sheet.rows.map((r) => r.row)).toEqual([2, 5]);
  });

  it('refuses a quote that never closes and a sheet without header', () => {
    expect(() => parseCsv('a,b\n"1,2\n')).toThrow(/never closes/);
    expect(() => parseCsv('')).toThrow(/header/);
  });

  it('writes what it reads back, guarding text a spreadsheet would take for a formula', () => {
    const text = writeCsv(['a', 'b', 'c'], [['=SUM(A1)', -18, null], ['x "y"', 2.5, ' lead']]);
    expect(text.startsWith('\ufeffa,b,c\r\n')).toBe(true);
    expect(text).toContain("'=SUM(A1),-18,\r\n");
    expect(parseCsv(text).rows).toEqual([
      { row: 2, cells: ['=SUM(A1)', '-18', ''] },
      { row: 3, cells: ['x "y"', '2.5', ' lead'] },
    ]);
  });
});

describe('XLSX', () => {
  it('round-trips a sheet with numbers, negative temperatures and Chinese text', async () => {
    const buffer = await writeXlsx('facilities', ['name', 'frozen_max_c', 'capacity_tonnes'], [['临猗冷库', -18, 1200.5], ['清徐冷库', null, 3]]);
    const sheet = await readXlsx(buffer);
    expect(sheet.columns).toEqual(['name', 'frozen_max_c', 'capacity_tonnes']);
    expect(sheet.rows).toEqual([
      { row: 2, cells: ['临猗冷库', '-18', '1200.5'] },
      { row: 3, cells: ['清徐冷库', '', '3'] },
    ]);
  });

  it('reads dates as YYYY-MM-DD, formulas as their results and rich text as its text', async () => {
    const workbook = new ExcelJS.Workbook();
    const ws = workbook.addWorksheet('s');
    ws.addRow(['status_date', 'capacity_tonnes', 'name']);
    ws.addRow([new Date(Date.UTC(2024, 5, 1)), { formula: '1+1', result: 2 }, { richText: [{ text: '冷' }, { text: '库' }] }]);
    const sheet = await readXlsx(Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(sheet.rows).toEqual([{ row: 2, cells: ['2024-06-01', '2', '冷库'] }]);
  });

  it('refuses a body that is not a workbook', async () => {
    await expect(readXlsx(Buffer.from('not a zip'))).rejects.toThrow(/not a readable XLSX/);
  });
});
