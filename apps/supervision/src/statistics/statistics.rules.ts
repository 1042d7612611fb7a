import { STATISTIC_METRICS, type StatisticMetric } from '@app/contracts';

/** A current (latest-version) monthly figure. */
export interface MonthFigure {
  metric: StatisticMetric;
  month: string;
  value: number;
  source: string;
  version: number;
}

/** A figure of a year from the official statistics, and what it was made of. */
export interface YearFigure {
  value: number;
  months: string[];
  sources: string[];
  maxVersion: number;
}

/**
 * The year's value of a figure from its current monthly versions: a flow figure (volumes,
 * revenue, sales) is the sum of the months entered; a stock figure (designated zones, a rate)
 * is the latest month's value. Null when no month of the year is entered.
 */
export function yearFigure(metric: StatisticMetric, rows: MonthFigure[]): YearFigure | null {
  const mine = rows.filter((r) => r.metric === metric).sort((a, b) => (a.month < b.month ? -1 : 1));
  if (mine.length === 0) return null;
  const value = STATISTIC_METRICS[metric].kind === 'flow' ? mine.reduce((s, r) => s + r.value, 0) : mine[mine.length - 1].value;
  return {
    value,
    months: mine.map((r) => r.month),
    sources: [...new Set(mine.map((r) => r.source))],
    maxVersion: Math.max(...mine.map((r) => r.version)),
  };
}

/**
 * Year-on-year growth of a flow figure over the months entered in both years:
 * Σ this year ÷ Σ the same months of the year before − 1. Null without a common month or
 * when the year before sums to zero.
 */
export function growth(metric: StatisticMetric, thisYear: MonthFigure[], lastYear: MonthFigure[]): { value: number; months: string[] } | null {
  const before = new Map(lastYear.filter((r) => r.metric === metric).map((r) => [r.month.slice(5), r.value]));
  const common = thisYear.filter((r) => r.metric === metric && before.has(r.month.slice(5)));
  const base = common.reduce((s, r) => s + (before.get(r.month.slice(5)) ?? 0), 0);
  if (common.length === 0 || base === 0) return null;
  const now = common.reduce((s, r) => s + r.value, 0);
  return { value: Math.round((now / base - 1) * 10_000) / 10_000, months: common.map((r) => r.month).sort() };
}

/** Why an entry may not be stored as the next version, or null: a correction needs a reason; a ratio is at most 1. */
export function entryProblem(entry: { metric: StatisticMetric; value: number; reason?: string }, currentVersion: number): string | null {
  if (STATISTIC_METRICS[entry.metric].unit === 'ratio' && entry.value > 1) return 'a ratio is between 0 and 1';
  if (STATISTIC_METRICS[entry.metric].unit !== 'ratio' && !Number.isInteger(entry.value))
    return `${entry.metric} is a whole number of ${STATISTIC_METRICS[entry.metric].unit}`;
  if (currentVersion > 0 && !entry.reason) return `version ${currentVersion} exists: a correction needs a reason (更正原因)`;
  return null;
}
