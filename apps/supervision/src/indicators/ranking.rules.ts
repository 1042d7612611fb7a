/** One province's value of an indicator, as the national view compares them. */
export interface ProvinceValue {
  regionCode: string;
  value: number | null;
}

/**
 * Ranks provinces on one indicator: highest value first, equal values share a rank and the
 * next rank skips (1, 1, 3); provinces without a value come last, unranked, by code.
 */
export function rankProvinces<T extends ProvinceValue>(values: T[]): Array<T & { rank: number | null }> {
  const known = values.filter((v) => v.value !== null).sort((a, b) => (b.value as number) - (a.value as number) || a.regionCode.localeCompare(b.regionCode));
  const unknown = values.filter((v) => v.value === null).sort((a, b) => a.regionCode.localeCompare(b.regionCode));
  const ranked = known.map((v) => ({ ...v, rank: 0 }));
  for (let i = 0; i < ranked.length; i++) {
    ranked[i].rank = i > 0 && ranked[i].value === ranked[i - 1].value ? ranked[i - 1].rank : i + 1;
  }
  return [...ranked, ...unknown.map((v) => ({ ...v, rank: null }))];
}
