import ExcelJS from 'exceljs';
import { deflatedEntry, sheetEntry, workbook as xlsxOf, xlsxBomb } from '../../../../test/support/zip.js';
import { parseCsv, SHEET_LIMITS, writeCsv, writeXlsx } from './tabular.js';
import { readXlsx } from './xlsx.js';

describe('CSV', () => {
  it('reads quoted fields, doubled quotes, commas and line breaks inside quotes, CRLF and a BOM', async () => {
    const sheet = await parseCsv('\ufeffname,address,capacity_tonnes\r\n"冷库, 一号","临猗县""东""\n工业园",1200\r\nb,,3\n');
    expect(sheet.columns).toEqual(['name', 'address', 'capacity_tonnes']);
    expect(sheet.rows).toEqual([
      { row: 2, cells: ['冷库, 一号', '临猗县"东"\n工业园', '1200'] },
      { row: 3, cells: ['b', '', '3'] },
    ]);
  });

  it('skips blank rows but keeps spreadsheet row numbers', async () => {
    const sheet = await parseCsv('a,b\n1,2\n\n,\n3,4');
    expect(sheet.rows.map((r) => r.row)).toEqual([2, 5]);
  });

  it('refuses a quote that never closes and a sheet without header', async () => {
    await expect(parseCsv('a,b\n"1,2\n')).rejects.toThrow(/never closes/);
    await expect(parseCsv('')).rejects.toThrow(/header/);
  });

  it('writes what it reads back, guarding text a spreadsheet would take for a formula', async () => {
    const text = writeCsv(
      ['a', 'b', 'c'],
      [
        ['=SUM(A1)', -18, null],
        ['x "y"', 2.5, ' lead'],
      ],
    );
    expect(text.startsWith('\ufeffa,b,c\r\n')).toBe(true);
    expect(text).toContain("'=SUM(A1),-18,\r\n");
    expect((await parseCsv(text)).rows).toEqual([
      { row: 2, cells: ['=SUM(A1)', '-18', ''] },
      { row: 3, cells: ['x "y"', '2.5', ' lead'] },
    ]);
  });
});

/** The code, status and named cap of what a read refused. */
async function refusal(read: Promise<unknown>): Promise<{ status: number; code: string; cap?: string }> {
  const error = (await read.then(
    () => undefined,
    (e: unknown) => e,
  )) as { status: number; code: string; errors?: Array<{ field: string }> } | undefined;
  if (!error) throw new Error('the read was not refused');
  return { status: error.status, code: error.code, cap: error.errors?.[0]?.field };
}

describe('CSV caps, checked while reading', () => {
  it('refuses a 200,000-character header in well under a second', async () => {
    const header = '('.repeat(200_000);
    const started = performance.now();
    expect(await refusal(parseCsv(`${header}\n1\n`))).toEqual({ status: 413, code: 'SHEET_TOO_LARGE', cap: 'headerChars' });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('refuses too many columns, a cell too long, a record too long and too many rows, naming the cap', async () => {
    const wide = Array.from({ length: SHEET_LIMITS.columns + 1 }, (_, i) => `c${i}`).join(',');
    expect(await refusal(parseCsv(`${wide}\n`))).toMatchObject({ status: 413, cap: 'columns' });
    expect(await refusal(parseCsv(`a,b\n1,${'x'.repeat(SHEET_LIMITS.cellChars + 1)}\n`))).toMatchObject({ status: 413, cap: 'cellChars' });
    expect(await refusal(parseCsv(`a\n"${'x'.repeat(SHEET_LIMITS.recordChars * 2)}"\n`))).toMatchObject({ status: 413, cap: 'recordChars' });
    expect(await refusal(parseCsv('a\n1\n2\n\n3\n', { maxRows: 2 }))).toEqual({ status: 413, code: 'TOO_MANY_ROWS', cap: 'rows' });
    expect((await parseCsv('a\n1\n\n2\n', { maxRows: 2 })).rows).toHaveLength(2);
  });
});

describe('XLSX', () => {
  it('round-trips a sheet with numbers, negative temperatures and Chinese text', async () => {
    const buffer = await writeXlsx(
      'facilities',
      ['name', 'frozen_max_c', 'capacity_tonnes'],
      [
        ['临猗冷库', -18, 1200.5],
        ['清徐冷库', null, 3],
      ],
    );
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

  it('reads inline strings, booleans and sparse cells; an empty cell in column XFD makes no column', async () => {
    const sheet = await readXlsx(
      xlsxOf(
        sheetEntry(
          '<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c><c r="C1" t="inlineStr"><is><t>ok</t></is></c><c r="XFD1" s="1"/></row><row r="3"><c r="A3" t="str"><v>x</v></c><c r="C3" t="b"><v>1</v></c></row>',
        ),
      ),
    );
    expect(sheet).toEqual({ columns: ['name', '', 'ok'], rows: [{ row: 3, cells: ['x', '', 'true'] }] });
  });

  it('refuses a value in column XFD, a cell too long and too many rows while reading, naming the cap', async () => {
    const far = xlsxOf(sheetEntry('<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row><row r="2"><c r="XFD2"><v>1</v></c></row>'));
    expect(await refusal(readXlsx(far))).toEqual({ status: 413, code: 'SHEET_TOO_LARGE', cap: 'columns' });
    const long = new ExcelJS.Workbook();
    long.addWorksheet('s').addRows([['a'], ['x'.repeat(SHEET_LIMITS.cellChars + 1)]]);
    expect(await refusal(readXlsx(Buffer.from(await long.xlsx.writeBuffer())))).toMatchObject({ status: 413, cap: 'cellChars' });
    const many = new ExcelJS.Workbook();
    many.addWorksheet('s').addRows([['a'], [1], [2], [3]]);
    expect(await refusal(readXlsx(Buffer.from(await many.xlsx.writeBuffer()), { maxRows: 2 }))).toMatchObject({ status: 413, code: 'TOO_MANY_ROWS' });
    const strings = deflatedEntry('xl/sharedStrings.xml', `<sst><si><t>${'y'.repeat(SHEET_LIMITS.cellChars * 9)}</t></si></sst>`);
    const rels = deflatedEntry(
      'xl/_rels/workbook.xml.rels',
      '<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="x/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    );
    const huge = xlsxOf(sheetEntry('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'), [strings, rels]);
    expect(await refusal(readXlsx(huge))).toMatchObject({ status: 413, cap: 'cellChars' });
  });

  it('refuses a 1 GiB zip bomb in under a second without inflating it, and one that lies about its size', async () => {
    const bomb = xlsxBomb(1024);
    const rss = process.memoryUsage().rss;
    const started = performance.now();
    expect(await refusal(readXlsx(bomb))).toEqual({ status: 413, code: 'SHEET_TOO_LARGE', cap: 'xlsxUncompressedBytes' });
    expect(performance.now() - started).toBeLessThan(1000);
    const liar = xlsxBomb(1024, 4096);
    const liarStarted = performance.now();
    expect(await refusal(readXlsx(liar))).toMatchObject({ status: 400, code: 'BAD_SHEET' });
    expect(performance.now() - liarStarted).toBeLessThan(1000);
    expect(process.memoryUsage().rss - rss).toBeLessThan(100 * 1024 * 1024);
  });
});
