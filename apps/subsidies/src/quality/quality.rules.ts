/** Pure parts of the data-quality indicators (数据质量指标). */
import { addDays } from '@app/contracts';

/** The shared definition (libs/quality): one rate rule for every service. */
export { rate } from '@app/quality';

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
const MIN_HISTORY_DAYS = 7;

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

/**
 * [from, to] as the whole calendar months inside it and the days left at either end (at most
 * two ranges of under a month), so a period is read from monthly sums plus a few days.
 */
export function periodParts(from: string, to: string): { months: string[]; days: Array<[string, string]> } {
  const months: string[] = [];
  let first = from.slice(8) === '01' ? from : `${addMonths(from.slice(0, 7), 1)}-01`;
  const afterTo = addDays(to, 1);
  while (addMonths(first.slice(0, 7), 1) + '-01' <= afterTo) {
    months.push(first);
    first = `${addMonths(first.slice(0, 7), 1)}-01`;
  }
  if (months.length === 0) return { months, days: [[from, to]] };
  const days: Array<[string, string]> = [];
  if (from < months[0]) days.push([from, addDays(months[0], -1)]);
  if (first <= to) days.push([first, to]);
  return { months, days };
}

function addMonths(yearMonth: string, n: number): string {
  const [y, m] = yearMonth.split('-').map(Number);
  const total = y * 12 + (m - 1) + n;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}

/**
 * The items a day of a centre may have without being an outlier of `outlierOf` against its
 * series' sums: the day is one exactly when it lies outside [lo, hi]. With n days, mean M and
 * sum of squared deviations SS, a day x is d = x − M away; leaving it out gives the mean
 * M − d/(n−1) and SS − k·d² (k = n/(n−1)), so z = k·d ÷ max(1, sd) and |z| > t exactly when
 * |d| > max(t/k, t·√(SS ÷ (k²(n−2) + t²k))). Null when the centre has too few days to judge.
 */
export function outlierBand(stats: SeriesStats, threshold: number): { lo: number; hi: number } | null {
  const n = stats.days;
  if (n - 1 < MIN_HISTORY_DAYS) return null;
  const mean = stats.sum / n;
  const ss = Math.max(0, stats.sumSq - (stats.sum * stats.sum) / n);
  const k = n / (n - 1);
  const d = Math.max(threshold / k, threshold * Math.sqrt(ss / (k * k * (n - 2) + threshold * threshold * k)));
  return { lo: mean - d, hi: mean + d };
}
