import { NATIONAL_REGION, NATIONAL_SCOPE } from '@app/contracts';
import { PeriodKind } from '@app/contracts';
import { isOnTime, QUALITY_PARAMETERS } from '@app/quality';

/** County-days whose centre counts and courier waybills differ by more than this share are flagged (the shared definition, libs/quality). */
export const CROSS_MATCH_TOLERANCE = QUALITY_PARAMETERS.crossMatchTolerance;

/** One change to a flow figure: `value` added to `metric` in `regionCode` on `date`. */
export interface FigureDelta {
  metric: string;
  /** a county, township or village code (rolled up to county, city, province), or a city or 14 */
  regionCode: string;
  date: string;
  value: number;
}

export interface FigureRow {
  metric: string;
  periodKind: PeriodKind;
  regionCode: string;
  periodStart: string;
  value: number;
}

/**
 * Region codes a figure counts in: the province (the code's first two digits), the city and
 * county when the code reaches them, and in the national view the country as well.
 */
export function rollupRegions(code: string, national = NATIONAL_SCOPE): string[] {
  const out = national ? [NATIONAL_REGION, code.slice(0, 2)] : [code.slice(0, 2)];
  if (code.length >= 4) out.push(code.slice(0, 4));
  if (code.length >= 6) out.push(code.slice(0, 6));
  return out;
}

/** First day of the day, month or year period holding `date` (YYYY-MM-DD). */
export function periodStart(kind: PeriodKind, date: string): string {
  if (kind === 'day') return date;
  if (kind === 'month') return `${date.slice(0, 7)}-01`;
  return `${date.slice(0, 4)}-01-01`;
}

/**
 * Expands deltas into the rows of every region level and period they count in, summed by
 * key (one INSERT … ON CONFLICT may not touch a row twice) and without zero rows.
 */
export function figureRows(deltas: FigureDelta[]): FigureRow[] {
  const sums = new Map<string, FigureRow>();
  for (const d of deltas) {
    if (d.value === 0) continue;
    for (const regionCode of rollupRegions(d.regionCode)) {
      for (const periodKind of ['day', 'month', 'year'] as const) {
        const start = periodStart(periodKind, d.date);
        const key = `${d.metric}|${periodKind}|${regionCode}|${start}`;
        const row = sums.get(key);
        if (row) row.value += d.value;
        else sums.set(key, { metric: d.metric, periodKind, regionCode, periodStart: start, value: d.value });
      }
    }
  }
  return [...sums.values()].filter((r) => r.value !== 0);
}

/** The Asia/Shanghai business date of an instant. */
export function shanghaiDate(instant: string | Date): string {
  const t = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  return new Date(t + 8 * 3600_000).toISOString().slice(0, 10);
}

/** A centre-day is on time when first reported by the shared deadline (libs/quality: 10:00 of the next day, Asia/Shanghai). */
export function reportedOnTime(date: string, firstReportedAt: string | Date): boolean {
  return isOnTime(date, firstReportedAt, QUALITY_PARAMETERS.onTimeHour);
}

/**
 * The change to the county-day figures when a county-day's cross-match state goes from
 * `before` to `after`: null while it has neither centre counts nor courier waybills (not
 * compared), else whether the two agree within CROSS_MATCH_TOLERANCE (libs/quality `crossMatch`:
 * a side with nothing against it is a mismatch).
 */
export function crossMatchDeltas(countyCode: string, date: string, before: boolean | null, after: boolean | null): FigureDelta[] {
  const compared = Number(after !== null) - Number(before !== null);
  const matched = Number(after === true) - Number(before === true);
  const deltas: FigureDelta[] = [];
  if (compared !== 0) deltas.push({ metric: 'county_days_compared', regionCode: countyCode, date, value: compared });
  if (matched !== 0) deltas.push({ metric: 'county_days_matched', regionCode: countyCode, date, value: matched });
  return deltas;
}
