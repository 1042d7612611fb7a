/**
 * Cross-field (logic) checks of a daily count, after the "数据逻辑正常率" indicator of the
 * monitoring indicator system (seed 002). A row that fails one is stored, listed with its
 * problems, counted against the logic rate and left out of claims until corrected.
 *
 * - `weight_without_items`: a weight is reported for 0 items.
 * - `weight_per_item_out_of_range`: weight ÷ items is below MIN_KG_PER_ITEM or above
 *   MAX_KG_PER_ITEM (an express item weighs at most 50 kg; under 10 g is not a parcel).
 * - `above_capacity`: the items of one brand and direction exceed the centre's declared
 *   daily capacity per direction (when the centre declared one).
 */
const MIN_KG_PER_ITEM = 0.01;
const MAX_KG_PER_ITEM = 50;

export interface CountFacts {
  items: number;
  weightKg?: number | null;
}

export function logicErrors(row: CountFacts, dailyCapacity: number | null): string[] {
  const errors: string[] = [];
  const weight = row.weightKg ?? null;
  if (weight !== null && weight > 0 && row.items === 0) errors.push('weight_without_items');
  if (weight !== null && row.items > 0) {
    const perItem = weight / row.items;
    if (perItem < MIN_KG_PER_ITEM || perItem > MAX_KG_PER_ITEM) errors.push('weight_per_item_out_of_range');
  }
  if (dailyCapacity !== null && row.items > dailyCapacity) errors.push('above_capacity');
  return errors;
}

/** Is `date` inside one of the periods (inclusive, YYYY-MM-DD)? */
export function inPeriods(date: string, periods: Array<{ start: string; end: string }>): boolean {
  return periods.some((p) => date >= p.start && date <= p.end);
}
