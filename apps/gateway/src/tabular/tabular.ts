import ExcelJS from 'exceljs';
import { parse as csvParser, CsvError } from 'csv-parse';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { DomainError } from '@app/contracts';

/** A sheet as the registry reads it: the header (row 1) and the data rows with their spreadsheet row numbers. */
export interface Sheet {
  columns: string[];
  rows: Array<{ row: number; cells: string[] }>;
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_MIME = 'text/csv';

/**
 * Caps on an uploaded sheet, checked while it is read (not after): a file over one of them
 * is refused with 413 naming the cap before the rest of it is looked at.
 */
export const SHEET_LIMITS = {
  /** characters of the header row */
  headerChars: 4096,
  /** characters of any one CSV record (row), checked after every slice the parser is given */
  recordChars: 65_536,
  /** columns of any row */
  columns: 64,
  /** characters of any one cell */
  cellChars: 2000,
  /** data rows, unless the caller sets its own (ReadOptions.maxRows) */
  rows: 100_000,
  /** bytes of an XLSX workbook's parts once unzipped */
  xlsxUncompressedBytes: 32 * 1024 * 1024,
  /** entries in an XLSX zip */
  xlsxEntries: 1000,
} as const;

export interface ReadOptions {
  /** data rows (after the header, blank rows not counted) a file may have */
  maxRows: number;
}

function badSheet(detail: string): DomainError {
  return new DomainError(400, 'BAD_SHEET', detail);
}

/** 413 naming the cap that was crossed. */
export function overCap(cap: keyof typeof SHEET_LIMITS, limit: number, what: string): DomainError {
  const code = cap === 'rows' ? 'TOO_MANY_ROWS' : 'SHEET_TOO_LARGE';
  return new DomainError(413, code, `${what}; the cap ${cap} is ${limit}`, [{ field: cap, message: `at most ${limit}` }]);
}

/**
 * Collects the records of a sheet as they are read, checking the caps on each: the header
 * length, the number of columns (only cells with a value count, so an empty cell far to the
 * right costs nothing), the length of every cell and the number of non-blank data rows.
 */
export class SheetBuilder {
  private readonly records: Array<{ row: number; cells: string[] }> = [];
  private dataRows = 0;

  constructor(private readonly options: ReadOptions) {}

  /** A cell at a 1-based column; throws when a cap is crossed. */
  static checkCell(column: number, text: string, row: number): void {
    if (text.length > SHEET_LIMITS.cellChars) {
      throw overCap('cellChars', SHEET_LIMITS.cellChars, `row ${row} column ${column} has a cell longer than ${SHEET_LIMITS.cellChars} characters`);
    }
    if (column > SHEET_LIMITS.columns && text !== '') {
      throw overCap('columns', SHEET_LIMITS.columns, `row ${row} has a value in column ${column}, beyond ${SHEET_LIMITS.columns} columns`);
    }
  }

  add(row: number, cells: string[]): void {
    if (row === 1) {
      const length = cells.reduce((sum, c) => sum + c.length + 1, -1);
      if (length > SHEET_LIMITS.headerChars) throw overCap('headerChars', SHEET_LIMITS.headerChars, `the header row is ${length} characters long`);
    }
    let width = 0;
    cells.forEach((text, i) => {
      SheetBuilder.checkCell(i + 1, text, row);
      if (text !== '') width = i + 1;
    });
    const kept = cells.length > SHEET_LIMITS.columns ? cells.slice(0, width) : cells;
    if (row > 1 && width > 0 && kept.some((c) => c.trim() !== '')) {
      this.dataRows += 1;
      if (this.dataRows > this.options.maxRows) {
        throw overCap('rows', this.options.maxRows, `the sheet has more than ${this.options.maxRows} data rows; split it into smaller files`);
      }
    }
    this.records.push({ row, cells: kept });
  }

  sheet(): Sheet {
    const header = this.records.find((r) => r.row === 1);
    if (!header || header.cells.every((c) => c.trim() === '')) throw badSheet('row 1 must be the header naming the columns');
    return {
      columns: header.cells.map((c) => c.trim()),
      rows: this.records.filter((r) => r.row > 1 && r.cells.some((c) => c.trim() !== '')),
    };
  }
}

/** Text is handed to the CSV parser in slices of this many characters, with a turn of the event loop between them. */
const CSV_SLICE = 4096;

/**
 * RFC 4180 CSV (comma-separated, fields quoted with "", CRLF or LF line ends, a UTF-8 BOM
 * tolerated), read by csv-parse in slices so other requests are served meanwhile. A record
 * is a spreadsheet row, so a quoted field spanning lines stays on its row number. Blank rows
 * are skipped but keep the numbering.
 */
export async function parseCsv(text: string, options: ReadOptions = { maxRows: SHEET_LIMITS.rows }): Promise<Sheet> {
  const builder = new SheetBuilder(options);
  const parser = csvParser({ bom: true, relax_column_count: true, relax_quotes: true, record_delimiter: ['\r\n', '\n', '\r'] });
  let failure: unknown;
  let row = 0;
  // characters handed to the parser, and how many had been when the last record ended
  let written = 0;
  let writtenAtRecord = 0;
  parser.on('data', (cells: string[]) => {
    if (failure) return;
    try {
      row += 1;
      writtenAtRecord = written;
      builder.add(row, cells.map(unguard));
    } catch (e) {
      failure = e;
    }
  });
  parser.on('error', (e) => {
    failure ??= e;
  });
  const ended = new Promise<void>((resolve) => parser.on('end', resolve).on('error', () => resolve()));
  for (let i = 0; i < text.length && !failure; i += CSV_SLICE) {
    const slice = text.slice(i, i + CSV_SLICE);
    written += slice.length;
    parser.write(slice);
    await nextTurn();
    // the record being read began before writtenAtRecord, so it is at least this long
    const pending = written - writtenAtRecord;
    if (row === 0 && pending > SHEET_LIMITS.headerChars + 1) {
      failure ??= overCap('headerChars', SHEET_LIMITS.headerChars, `the header row is longer than ${SHEET_LIMITS.headerChars} characters`);
    } else if (pending > SHEET_LIMITS.recordChars) {
      failure ??= overCap('recordChars', SHEET_LIMITS.recordChars, `row ${row + 1} is longer than ${SHEET_LIMITS.recordChars} characters`);
    }
  }
  if (!failure) {
    parser.end();
    await ended;
  } else {
    parser.destroy();
  }
  if (failure instanceof CsvError) throw csvProblem(failure, row + 1);
  if (failure) throw failure;
  return builder.sheet();
}

function csvProblem(error: CsvError, row: number): DomainError {
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') return badSheet(`row ${row} has a quoted field that never closes`);
  return badSheet(`row ${row} cannot be read as CSV: ${error.code}`);
}

/** Text a spreadsheet would read as a formula is written with a leading apostrophe, and read back without it. */
const FORMULA_START = /^[=+\-@\t\r]/;
function guard(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}
function unguard(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}

function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = guard(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV with a UTF-8 BOM (so spreadsheet programs read Chinese text right) and CRLF line ends. */
export function writeCsv(columns: string[], rows: Array<Array<string | number | null>>): string {
  return `\ufeff${[columns, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/** A one-sheet XLSX workbook with a bold, frozen header; numbers stay numbers. */
export async function writeXlsx(sheetName: string, columns: string[], rows: Array<Array<string | number | null>>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(columns).font = { bold: true };
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
