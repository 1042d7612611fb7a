/**
 * Scoring and ranking of a monthly bulletin (月度通报). The scheme is this platform's own
 * (no seed document sets one): each indicator gives a region 0–100 points by where its value
 * lies between the lowest and the highest of the regions ranked together, the score is the
 * weighted mean of the points with the weights of supervision.bulletin_weights, and the rank
 * orders the scores.
 */

export type Direction = 'higher' | 'lower';

export interface WeightedIndicator {
  key: string;
  direction: Direction;
  weight: number;
}

export interface RegionValues {
  regionCode: string;
  values: Record<string, number | null>;
}

export interface Scored {
  regionCode: string;
  /** 0–100 per indicator, 2 decimals */
  points: Record<string, number>;
  /** weighted mean of the points, 2 decimals */
  score: number;
  /** 1 = best; a permutation of 1…n */
  rank: number;
}

export const round = (value: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

/**
 * Points of one value among the values of every region for the indicator: 100 for the best,
 * 0 for the worst, linear between; 100 for all when every region has the same value; 0 for
 * a region without a value (nothing to show, nothing scored).
 */
export function points(value: number | null, all: Array<number | null>, direction: Direction): number {
  if (value === null) return 0;
  const known = all.filter((v): v is number => v !== null);
  const min = Math.min(...known);
  const max = Math.max(...known);
  if (max === min) return 100;
  const share = direction === 'higher' ? (value - min) / (max - min) : (max - value) / (max - min);
  return round(share * 100, 2);
}

/** Weighted mean of the points; the weights must not all be 0. */
export function weightedScore(pointsOf: Record<string, number>, indicators: WeightedIndicator[]): number {
  const total = indicators.reduce((sum, i) => sum + i.weight, 0);
  if (total <= 0) throw new RangeError('the weights add up to 0');
  return round(indicators.reduce((sum, i) => sum + i.weight * (pointsOf[i.key] ?? 0), 0) / total, 2);
}

/**
 * Ranks by score, best first. Equal scores keep the order the regions are given in (region
 * code order), so every region has its own rank and the same input always gives the same
 * ranking.
 */
export function rankByScore<T extends { score: number }>(items: T[]): Array<T & { rank: number }> {
  return items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => b.item.score - a.item.score || a.i - b.i)
    .map(({ item }, i) => ({ ...item, rank: i + 1 }));
}

/** Points, score and rank of every region, in rank order. */
export function scoreRegions(regions: RegionValues[], indicators: WeightedIndicator[]): Scored[] {
  const columns = new Map(indicators.map((i) => [i.key, regions.map((r) => r.values[i.key] ?? null)]));
  const scored = regions.map((r) => {
    const p = Object.fromEntries(indicators.map((i) => [i.key, points(r.values[i.key] ?? null, columns.get(i.key) ?? [], i.direction)]));
    return { regionCode: r.regionCode, points: p, score: weightedScore(p, indicators) };
  });
  return rankByScore(scored);
}

/** The change against the previous month: null unless both months have a value. */
export function change(value: number | null, previous: number | null): number | null {
  return value === null || previous === null ? null : round(value - previous, 4);
}

/** The month before a YYYY-MM month. */
export function previousMonth(period: string): string {
  const [y, m] = period.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** The last day of a YYYY-MM month. */
export function monthEnd(period: string): string {
  const [y, m] = period.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** A ratio of two figures, 4 decimals; null without a denominator. */
export function ratio(part: number, whole: number): number | null {
  return whole > 0 ? round(part / whole, 4) : null;
}

/** The mean of the values present, 4 decimals; null when none is. */
export function meanOf(values: Array<number | null>): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length === 0 ? null : round(known.reduce((s, v) => s + v, 0) / known.length, 4);
}

/**
 * Green-report periods of a year that have ended by the last day of `period` (YYYY-MM): the
 * quarters whose last month is at or before it, and the annual report once December is.
 */
export function greenPeriodsEnded(period: string): string[] {
  const month = Number(period.slice(5, 7));
  const quarters = [1, 2, 3, 4].filter((q) => q * 3 <= month).map((q) => `Q${q}`);
  return month === 12 ? [...quarters, 'annual'] : quarters;
}
