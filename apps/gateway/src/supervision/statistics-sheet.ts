import {
  DomainError,
  type RecordStatisticRequest,
  STATISTIC_METRICS,
  STATISTIC_METRIC_KEYS,
  STATISTICS_SHEET_COLUMNS,
  type StatisticMetric,
} from '@app/contracts';
import type { Sheet } from '../tabular/tabular.js';

/** Units as the sheet shows them: money in yuan (元) for people, stored as fen. */
const SHEET_UNIT: Record<string, string> = { items: '件', fen: '元', ratio: '比率(0–1)', zones: '个', towns: '个' };

/** The template's rows: one per figure, to be filled with region, month, value and source. */
export function templateRows(): Array<Array<string | number | null>> {
  return STATISTIC_METRIC_KEYS.map((m) => [m, STATISTIC_METRICS[m].zh, null, null, null, SHEET_UNIT[STATISTIC_METRICS[m].unit], null, null]);
}

/** A decimal in yuan with at most 2 places as integer fen, exactly (no floating point); null when not one. */
export function yuanToFen(text: string): number | null {
  const m = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(text.replace(/,/g, '').trim());
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/**
 * The entries of an uploaded sheet with the template's Chinese headers (指标代码 or 指标名称
 * names the figure; money in yuan). Rows with no value are skipped (the blank template rows);
 * a row that cannot be read refuses the upload, naming its row number.
 */
export function sheetEntries(sheet: Sheet): RecordStatisticRequest[] {
  const col = (name: string) => sheet.columns.findIndex((c) => c.trim() === name);
  const [code, name, region, month, value, , source, reason] = STATISTICS_SHEET_COLUMNS.map(col);
  const missing = [
    ['区划代码', region],
    ['统计月份', month],
    ['数值', value],
    ['数据来源', source],
  ]
    .filter(([, i]) => i === -1)
    .map(([n]) => n);
  if (code === -1 && name === -1) missing.unshift('指标代码');
  if (missing.length > 0) throw new DomainError(400, 'BAD_SHEET', `missing column(s): ${missing.join('、')}`);
  const byName = new Map(STATISTIC_METRIC_KEYS.map((k) => [STATISTIC_METRICS[k].zh as string, k]));
  const errors: Array<{ field: string; message: string }> = [];
  const entries: RecordStatisticRequest[] = [];
  for (const { row, cells } of sheet.rows) {
    const cell = (i: number) => (i >= 0 ? (cells[i] ?? '').trim() : '');
    if (cell(value) === '') continue;
    const metric = (STATISTIC_METRIC_KEYS as string[]).includes(cell(code)) ? (cell(code) as StatisticMetric) : byName.get(cell(name));
    if (!metric) {
      errors.push({ field: `row ${row}`, message: `unknown figure ${cell(code) || cell(name)}` });
      continue;
    }
    const monthText = cell(month).replace(/^(\d{4})[年/.-](\d{1,2})月?$/, (_, y: string, m: string) => `${y}-${m.padStart(2, '0')}`);
    const money = STATISTIC_METRICS[metric].unit === 'fen';
    const amount = money ? yuanToFen(cell(value)) : Number(cell(value).replace(/,/g, ''));
    if (amount === null || !Number.isFinite(amount)) {
      errors.push({ field: `row ${row}`, message: `数值 ${cell(value)} is not a number${money ? ' of yuan with at most 2 decimals' : ''}` });
      continue;
    }
    entries.push({
      metric,
      regionCode: cell(region),
      month: monthText,
      value: amount,
      source: cell(source),
      ...(cell(reason) ? { reason: cell(reason) } : {}),
    });
  }
  if (errors.length > 0) throw DomainError.rule('BAD_ROWS', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
  if (entries.length === 0) throw new DomainError(400, 'BAD_SHEET', 'no row has a value (数值)');
  return entries;
}
