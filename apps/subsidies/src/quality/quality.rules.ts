/** Pure parts of the data-quality indicators (数据质量指标). */

/** numerator ÷ denominator rounded to 4 places; null when there was nothing to measure. */
export function rate(numerator: number, denominator: number): number | null {
  if (denominator === 0) return null;
  return Math.round((numerator / denominator) * 10_000) / 10_000;
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

/** A centre's series summed: its days, Σ items and Σ items². */
export interface SeriesStats {
  days: number;
  sum: number;
  sumSq: number;
}

/**
 * Days in [from, to] whose total deviates from the centre's other days by more than
 * `threshold` standard deviations: z = (x − mean) ÷ sd over every other day of `series`
 * (leave-one-out, sample standard deviation). A centre with fewer than MIN_HISTORY_DAYS
 * other days is not judged; sd is taken as at least 1 item, so a centre that always reports
 * the same figure is flagged when it jumps rather than dividing by zero.
 */
export function outliers(series: DailyTotal[], from: string, to: string, threshold: number): Outlier[] {
  const stats: SeriesStats = {
    days: series.length,
    sum: series.reduce((a, d) => a + d.items, 0),
    sumSq: series.reduce((a, d) => a + d.items * d.items, 0),
  };
  return series.filter((day) => day.date >= from && day.date <= to).flatMap((day) => outlierOf(day, stats, threshold) ?? []);
}

/** One day of a centre judged against its series' sums (the day included in them), as `outliers` does. */
export function outlierOf(day: DailyTotal, stats: SeriesStats, threshold: number): Outlier | null {
  const n = stats.days - 1;
  if (n < MIN_HISTORY_DAYS) return null;
  const mean = (stats.sum - day.items) / n;
  const variance = Math.max(0, (stats.sumSq - day.items * day.items - n * mean * mean) / (n - 1));
  const sd = Math.max(1, Math.sqrt(variance));
  const z = (day.items - mean) / sd;
  return Math.abs(z) > threshold ? { ...day, mean: round2(mean), sd: round2(sd), z: round2(z) } : null;
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
