import { type CountSource, DomainError, MAX_COUNT_ROWS, ParcelCountsBodyDto } from '@app/contracts';
import { validationPipe } from '@app/messaging';
import { CSV_MIME, parseCsv, type Sheet, XLSX_MIME } from '../tabular/tabular.js';
import { readXlsx } from '../tabular/xlsx.js';

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

/**
 * The reports of a POST /parcel-counts body: JSON `{ reports }`, a CSV text or an XLSX
 * workbook (first sheet), each with a header row naming the columns, read by the gateway's
 * one sheet reader. Values are passed on as read (text; Excel dates as YYYY-MM-DD); the
 * subsidies service checks each row and answers per row.
 */
export async function countReports(contentType: string | undefined, body: unknown): Promise<{ source: CountSource; reports: Record<string, unknown>[] }> {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/json' || type === '') {
    const dto = (await validationPipe().transform(body ?? {}, { type: 'body', metatype: ParcelCountsBodyDto })) as ParcelCountsBodyDto;
    return { source: 'json', reports: dto.reports };
  }
  if (type === CSV_MIME && typeof body === 'string') return { source: 'csv', reports: sheetReports(await parseCsv(body, { maxRows: MAX_COUNT_ROWS })) };
  if (type === XLSX_MIME && Buffer.isBuffer(body)) return { source: 'xlsx', reports: sheetReports(await readXlsx(body, { maxRows: MAX_COUNT_ROWS })) };
  throw new DomainError(415, 'UNSUPPORTED_MEDIA_TYPE', `send application/json, ${CSV_MIME} or ${XLSX_MIME}`);
}

function sheetReports(sheet: Sheet): Record<string, unknown>[] {
  const fields = sheet.columns.map((h, i) => {
    const field = HEADERS[normaliseHeader(h)];
    if (!field) throw new DomainError(400, 'UNKNOWN_COLUMN', `column ${i + 1} "${h}" is not one of date, brand, direction, items, weightKg, reason`);
    return field;
  });
  return sheet.rows.map(({ cells }) => {
    const report: Record<string, unknown> = {};
    fields.forEach((field, i) => {
      const v = cells[i]?.trim();
      if (v) report[field] = v;
    });
    return report;
  });
}

/** `Weight (kg)`, `weight_kg`, `重量（千克）` → `weight`, `weightkg`, `重量` (string scans, no regular expression that could backtrack). */
function normaliseHeader(header: string): string {
  let text = header.trim().toLowerCase();
  if (text.endsWith(')') || text.endsWith('）')) {
    const open = Math.max(text.lastIndexOf('('), text.lastIndexOf('（'));
    if (open >= 0) text = text.slice(0, open).trimEnd();
  }
  return [...text].filter((ch) => ch !== '_' && ch !== '-' && ch.trim() !== '').join('');
}
