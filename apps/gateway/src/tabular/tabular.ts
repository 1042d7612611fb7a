import ExcelJS from 'exceljs';
import { DomainError } from '@app/contracts';

/** A sheet as the registry reads it: the header (row 1) and the data rows with their spreadsheet row numbers. */
export interface Sheet {
  columns: string[];
  rows: Array<{ row: number; cells: string[] }>;
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_MIME = 'text/csv';

function badSheet(detail: string): DomainError {
  return new DomainError(400, 'BAD_SHEET', detail);
}

function toSheet(records: Array<{ row: number; cells: string[] }>): Sheet {
  const header = records.find((r) => r.row === 1);
  if (!header || header.cells.every((c) => c.trim() === '')) throw badSheet('row 1 must be the header naming the columns');
  return {
    columns: header.cells.map((c) => c.trim()),
    rows: records.filter((r) => r.row > 1 && r.cells.some((c) => c.trim() !== '')),
  };
}

/**
 * RFC 4180 CSV (comma-separated, fields quoted with "", CRLF or LF line ends, a UTF-8 BOM
 * tolerated). A record is a spreadsheet row, so a quoted field spanning lines stays on its
 * row number. Blank rows are skipped but keep the numbering.
 */
export function parseCsv(text: string): Sheet {
  const records: Array<{ row: number; cells: string[] }> = [];
  let cells: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRecord = () => {
    cells.push(unguard(field));
    records.push({ row: records.length + 1, cells });
    cells = [];
    field = '';
  };
  for (; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch === '"' && field === '') {
      quoted = true;
    } else if (ch === ',') {
      cells.push(unguard(field));
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
    } else {
      field += ch;
    }
  }
  if (quoted) throw badSheet(`row ${records.length + 1} has a quoted field that never closes`);
  if (field !== '' || cells.length > 0) endRecord();
  return toSheet(records);
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

type CellValue = ExcelJS.CellValue;

function cellText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((t) => t.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return cellText((value as { result?: CellValue }).result ?? null);
  if ('text' in value) return String(value.text);
  if ('error' in value) return String(value.error);
  return '';
}

/** The first worksheet of an XLSX workbook; dates become YYYY-MM-DD, formulas their results. */
export async function readXlsx(buffer: Buffer): Promise<Sheet> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw badSheet('the body is not a readable XLSX workbook');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw badSheet('the workbook has no worksheet');
  const records: Array<{ row: number; cells: string[] }> = [];
  const width = sheet.columnCount;
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) cells.push(cellText(row.getCell(c).value));
    records.push({ row: rowNumber, cells });
  });
  return toSheet(records);
}

/** A one-sheet XLSX workbook with a bold, frozen header; numbers stay numbers. */
export async function writeXlsx(sheetName: string, columns: string[], rows: Array<Array<string | number | null>>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(columns).font = { bold: true };
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
