import { addDays, type EvaluationIndicatorKey, QUARTER, type TargetAssessment, type TargetOp } from '@app/contracts';
import { QUALITY_INDICATORS } from '@app/quality';
import { rankProvinces } from '../indicators/ranking.rules.js';
import { progressOf, round } from '../targets/targets.rules.js';

/** The first and last day of a quarter (`2024-Q1` → 2024-01-01 … 2024-03-31). */
export function quarterBounds(quarter: string): { from: string; to: string } {
  const m = QUARTER.exec(quarter);
  if (!m) throw new Error(`not a quarter: ${quarter}`);
  const firstMonth = (Number(m[2]) - 1) * 3 + 1;
  const from = `${m[1]}-${String(firstMonth).padStart(2, '0')}-01`;
  const next = firstMonth + 3 > 12 ? `${Number(m[1]) + 1}-01-01` : `${m[1]}-${String(firstMonth + 3).padStart(2, '0')}-01`;
  return { from, to: addDays(next, -1) };
}

/**
 * The days an evaluation measures: the quarter, cut at `lastDay` (yesterday) when the quarter
 * is not over yet; null when it has not begun by then.
 */
export function measuredPeriod(quarter: string, lastDay: string): { from: string; to: string } | null {
  const { from, to } = quarterBounds(quarter);
  if (from > lastDay) return null;
  return { from, to: to < lastDay ? to : lastDay };
}

type Rates = Partial<Record<EvaluationIndicatorKey, { rate: number | null } | null>>;

/**
 * A unit's score: the mean of its measured indicators, each turned so that 1 is best (a
 * duplicate rate counts as 1 − rate: libs/quality `higherIsBetter`), 4 places; null when none
 * of its indicators could be measured.
 */
export function unitScore(indicators: Rates): number | null {
  const scores = Object.entries(indicators).flatMap(([key, value]) => {
    if (!value || value.rate === null) return [];
    return [QUALITY_INDICATORS[key as EvaluationIndicatorKey].higherIsBetter ? value.rate : 1 - value.rate];
  });
  if (scores.length === 0) return null;
  return round(scores.reduce((a, s) => a + s, 0) / scores.length, 4);
}

/** Below the action threshold: a score under it (an unmeasured unit is not judged). */
export function belowThreshold(score: number | null, threshold: number): boolean {
  return score !== null && score < threshold;
}

/**
 * Units ranked by score: highest first, equal scores share a rank and the next skips
 * (1, 1, 3); units without a score come last, unranked; within a score, by id.
 */
export function rankUnits<T extends { id: string; score: number | null }>(units: T[]): Array<T & { rank: number | null }> {
  const byCode = new Map(units.map((u) => [u.id, u]));
  return rankProvinces(units.map((u) => ({ regionCode: u.id, value: u.score }))).map((r) => ({ ...(byCode.get(r.regionCode) as T), rank: r.rank }));
}

/** Whether a target of the plan is met by its value: met, not met, or no data when nothing supplies a value. */
export function assessTarget(value: number | null, target: { op: TargetOp; value: number }): { assessment: TargetAssessment; progress: number | null } {
  const { progress, met } = progressOf(value, target);
  return { assessment: met === null ? 'no_data' : met ? 'met' : 'not_met', progress };
}
