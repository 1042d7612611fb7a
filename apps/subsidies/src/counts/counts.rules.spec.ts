import { inPeriods, logicErrors } from './counts.rules.js';

describe('logic checks of a daily count', () => {
  it('passes a plausible row, with or without weight', () => {
    expect(logicErrors({ items: 100, weightKg: 150 }, 1000)).toEqual([]);
    expect(logicErrors({ items: 100 }, null)).toEqual([]);
    expect(logicErrors({ items: 0, weightKg: 0 }, null)).toEqual([]);
  });
  it('flags weight without items and weights per item out of range', () => {
    expect(logicErrors({ items: 0, weightKg: 5 }, null)).toEqual(['weight_without_items']);
    expect(logicErrors({ items: 10, weightKg: 600 }, null)).toEqual(['weight_per_item_out_of_range']);
    expect(logicErrors({ items: 1000, weightKg: 1 }, null)).toEqual(['weight_per_item_out_of_range']);
    expect(logicErrors({ items: 10, weightKg: 500 }, null)).toEqual([]);
  });
  it('flags items above the centre’s declared capacity', () => {
    expect(logicErrors({ items: 1001 }, 1000)).toEqual(['above_capacity']);
    expect(logicErrors({ items: 1000 }, 1000)).toEqual([]);
  });
  it('finds dates inside inclusive periods', () => {
    const periods = [{ start: '2023-06-01', end: '2023-06-30' }];
    expect(inPeriods('2023-06-01', periods)).toBe(true);
    expect(inPeriods('2023-06-30', periods)).toBe(true);
    expect(inPeriods('2023-07-01', periods)).toBe(false);
  });
});
