import ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import { type CountSource, DomainError, ParcelCountsBodyDto } from '@app/contracts';
import { validationPipe } from '@app/messaging';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Column headers of a CSV or XLSX count upload, in English or Chinese (表头). */
const HEADERS: Record<string, string> = {
  date: 'date',
  日期: 'date',
  brand: 'brand',
  品牌: 'brand',
  direction: 'direction',
  方向: 'direction',
  items: 'items',
  件数: 'items',
  weightkg: 'weightKg',
  weight: 'weightKg',
  重量: 'weightKg',
  reason: 'reason',
  原因: 'reason',
  更正原因: 'reason',
};

type Cell = string | number;

/**
 * The reports of a POST /parcel-counts body: JSON `{ reports }`, a CSV text or an XLSX
 * workbook (first sheet), each with a header row naming the columns. Values are passed on
 * as read (strings and numbers; Excel dates as YYYY-MM-DD); the subsidies service checks
 * each row and answers per row.
 */
export async function countReports(contentType: string | undefined, body: unknown): Promise<{ source: CountSource; reports: Record<string, unknown>[] }> {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/json' || type === '') {
    const dto = (await validationPipe().transform(body ?? {}, { type: 'body', metatype: ParcelCountsBodyDto })) as ParcelCountsBodyDto;
    return { source: 'json', reports: dto.reports };
  }
  if (type === 'text/csv' && typeof body === 'string') {
    const book = new ExcelJS.Workbook();
    const sheet = await book.csv.read(Readable.from([body]), { map: (value: string) => value, parserOptions: { ignoreEmpty: true, trim: true } } as never);
    return { source: 'csv', reports: tableRows(sheet) };
  }
  if (type === XLSX && Buffer.isBuffer(body)) {
    const book = new ExcelJS.Workbook();
    try {
      await book.xlsx.load(body as unknown as ArrayBuffer);
    } catch {
      throw new DomainError(400, 'UNREADABLE_WORKBOOK', 'the body is not an XLSX workbook');
    }
    const sheet = book.worksheets[0];
    if (!sheet) throw new DomainError(400, 'UNREADABLE_WORKBOOK', 'the workbook has no sheet');
    return { source: 'xlsx', reports: tableRows(sheet) };
  }
  throw new DomainError(415, 'UNSUPPORTED_MEDIA_TYPE', `send application/json, text/csv or ${XLSX}`);
}

function tableRows(sheet: ExcelJS.Worksheet): Record<string, unknown>[] {
  const table: Cell[][] = [];
  sheet.eachRow((row) => {
    const values = (row.values as unknown[]).slice(1).map(cellValue);
    if (values.some((v) => v !== '')) table.push(values);
  });
  const [header, ...rows] = table;
  if (!header) return [];
  const fields = header.map((h, i) => {
    const field = HEADERS[normaliseHeader(String(h))];
    if (!field) throw new DomainError(400, 'UNKNOWN_COLUMN', `column ${i + 1} "${h}" is not one of date, brand, direction, items, weightKg, reason`);
    return field;
  });
  return rows.map((values) => {
    const report: Record<string, unknown> = {};
    fields.forEach((field, i) => {
      const v = values[i];
      if (v !== undefined && v !== '') report[field] = v;
    });
    return report;
  });
}

/** `Weight (kg)`, `weight_kg`, `重量（千克）` → `weight`, `weightkg`, `重量`. */
function normaliseHeader(header: string): string {
  return header
    .trim()
    .toLowerCase()
    .replace(/\s*[（(][^）)]*[)）]$/, '')
    .replace(/[\s_-]/g, '');
}

function cellValue(value: unknown): Cell {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'number' || typeof value === 'string') return typeof value === 'string' ? value.trim() : value;
  if (typeof value === 'object') {
    const v = value as { result?: unknown; text?: unknown; richText?: Array<{ text: string }> };
    if (v.richText) return v.richText.map((t) => t.text).join('').trim();
    if (v.result !== undefined) return cellValue(v.result);
    if (v.text !== undefined) return cellValue(v.text);
  }
  return String(value);
}
