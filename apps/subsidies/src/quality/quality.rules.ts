/** Pure parts of the data-quality indicators (数据质量指标). */

/** numerator ÷ denominator rounded to 4 places; null when there was nothing to measure. */
export function rate(numerator: number, denominator: number): number | null {
  if (denominator === 0) return null;
  return Math.round((numerator / denominator) * 10_000) / 10_000;
}

/**
 * A county-day cross-matches when the centre's count and the accepted waybills differ by
 * at most `tolerance` × the larger of the two (both 0 match).
 */
export function crossMatches(centreItems: number, waybills: number, tolerance: number): boolean {
  return Math.abs(centreItems - waybills) <= tolerance * Math.max(centreItems, waybills);
}

export interface DailyTotal {
  date: string;
  items: number;
}

export interface Outlier extends DailyTotal {
  mean: number;
  sd: number;
  z: number;
}

/** Days of history a centre needs before any of its days can be flagged. */
export const MIN_HISTORY_DAYS = 7;

/**
 * Days in [from, to] whose total deviates from the centre's other days by more than
 * `threshold` standard deviations: z = (x − mean) ÷ sd over every other day of `series`
 * (leave-one-out, sample standard deviation). A centre with fewer than MIN_HISTORY_DAYS
 * other days is not judged; sd is taken as at least 1 item, so a centre that always reports
 * the same figure is flagged when it jumps rather than dividing by zero.
 */
export function outliers(series: DailyTotal[], from: string, to: string, threshold: number): Outlier[] {
  if (series.length - 1 < MIN_HISTORY_DAYS) return [];
  const n = series.length - 1;
  const sum = series.reduce((a, d) => a + d.items, 0);
  const sumSq = series.reduce((a, d) => a + d.items * d.items, 0);
  const found: Outlier[] = [];
  for (const day of series) {
    if (day.date < from || day.date > to) continue;
    const mean = (sum - day.items) / n;
    const variance = Math.max(0, (sumSq - day.items * day.items - n * mean * mean) / (n - 1));
    const sd = Math.max(1, Math.sqrt(variance));
    const z = (day.items - mean) / sd;
    if (Math.abs(z) > threshold) found.push({ ...day, mean: round2(mean), sd: round2(sd), z: round2(z) });
  }
  return found;
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}

/** The days of [from, to], both included (YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** `date` shifted by `days` (YYYY-MM-DD). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
