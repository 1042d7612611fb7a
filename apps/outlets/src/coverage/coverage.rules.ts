export interface NamedRegion {
  code: string;
  name: string;
}

export interface CoverageFigures {
  total: number;
  covered: number;
  rate: number;
  uncovered: NamedRegion[];
}

/** covered ÷ total to 4 decimals; 0 when there is nothing to cover. */
export function ratio(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000;
}

/**
 * Coverage of a set of regions (townships or villages): a region is covered when its code
 * is among `coveredCodes` (the codes holding at least one filed, open outlet). Codes outside
 * `regions` do not count.
 */
export function coverage(regions: readonly NamedRegion[], coveredCodes: ReadonlySet<string>): CoverageFigures {
  const uncovered = regions.filter((r) => !coveredCodes.has(r.code)).map((r) => ({ code: r.code, name: r.name }));
  const covered = regions.length - uncovered.length;
  return { total: regions.length, covered, rate: ratio(covered, regions.length), uncovered };
}
