import { TargetOp } from '@app/contracts';

export interface TargetFacts {
  id: string;
  key: string;
  regionCode: string;
  year: number;
  op: TargetOp;
  value: number;
  unit: string;
}

export interface ChosenTarget<T extends TargetFacts> {
  target: T;
  /** set elsewhere and shown for reference only */
  benchmark: boolean;
}

/**
 * Targets that hold for their own year only: seed 001 二(二)9 fixes the 2023 average subsidy
 * per item (单件补助平均不高于0.5元) and says later years' rates are set separately, so 2024
 * and 2025 inherit nothing; the overview measures them against the programme's own ceiling.
 */
const YEAR_BOUND_TARGET_KEYS: ReadonlySet<string> = new Set(['rural_subsidy_avg_per_item']);

/**
 * The target an indicator of `regionCode` in `year` is measured against:
 * 1. a target of the region itself for that year, or else its latest earlier year (a
 *    cumulative target such as "20 bases by 2025" still holds after 2025) unless the key is
 *    year-bound (YEAR_BOUND_TARGET_KEYS);
 * 2. for a rate (unit `ratio`), a target set for an enclosing region (a province's
 *    coverage goal applies to each of its counties), nearest region first;
 * 3. for a rate, a target of the same key set for another region (e.g. Jinan's 10% locker
 *    delivery rate), marked as a benchmark; counts are never compared across regions.
 */
export function chooseTarget<T extends TargetFacts>(targets: T[], key: string, regionCode: string, year: number): ChosenTarget<T> | null {
  const ofKey = targets.filter((t) => t.key === key);
  const inherits = !YEAR_BOUND_TARGET_KEYS.has(key);
  const forYear = (list: T[]): T | undefined =>
    list.find((t) => t.year === year) ?? (inherits ? list.filter((t) => t.year < year).sort((a, b) => b.year - a.year)[0] : undefined);
  const own = forYear(ofKey.filter((t) => t.regionCode === regionCode));
  if (own) return { target: own, benchmark: false };
  const rates = ofKey.filter((t) => t.unit === 'ratio');
  for (let len = regionCode.length - 2; len >= 2; len -= 2) {
    const enclosing = forYear(rates.filter((t) => t.regionCode === regionCode.slice(0, len)));
    if (enclosing) return { target: enclosing, benchmark: false };
  }
  const elsewhere = [...rates].sort((a, b) => Math.abs(a.year - year) - Math.abs(b.year - year) || a.regionCode.localeCompare(b.regionCode))[0];
  return elsewhere ? { target: elsewhere, benchmark: true } : null;
}

/** Progress of a value against a target: value ÷ target, and whether the comparison holds. */
export function progressOf(value: number | null, target: { op: TargetOp; value: number } | null): { progress: number | null; met: boolean | null } {
  if (value === null || target === null) return { progress: null, met: null };
  const met = target.op === '>=' ? value >= target.value : value <= target.value;
  return { progress: target.value === 0 ? null : round(value / target.value, 4), met };
}

export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
