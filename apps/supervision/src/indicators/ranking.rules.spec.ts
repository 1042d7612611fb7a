import fc from 'fast-check';
import { rankProvinces } from './ranking.rules.js';

describe('ranking provinces on an indicator', () => {
  it('puts the highest value first and shares a rank between equal values', () => {
    const ranked = rankProvinces([
      { regionCode: '13', value: 5 },
      { regionCode: '14', value: 9 },
      { regionCode: '15', value: 5 },
      { regionCode: '11', value: 1 },
    ]);
    expect(ranked.map((r) => [r.regionCode, r.rank])).toEqual([
      ['14', 1],
      ['13', 2],
      ['15', 2],
      ['11', 4],
    ]);
  });

  it('leaves provinces without a value unranked, last, by code', () => {
    const ranked = rankProvinces([
      { regionCode: '14', value: null },
      { regionCode: '13', value: 0 },
      { regionCode: '12', value: null },
    ]);
    expect(ranked.map((r) => [r.regionCode, r.rank])).toEqual([
      ['13', 1],
      ['12', null],
      ['14', null],
    ]);
    expect(rankProvinces([])).toEqual([]);
  });

  it('keeps every province once, ranks rise with falling values, rank 1 holds the maximum', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ regionCode: fc.stringMatching(/^[1-6]\d$/), value: fc.option(fc.integer({ min: -5, max: 5 })) }), {
          selector: (v) => v.regionCode,
        }),
        (values) => {
          const ranked = rankProvinces(values);
          expect(ranked.map((r) => r.regionCode).sort()).toEqual(values.map((v) => v.regionCode).sort());
          const known = ranked.filter((r) => r.value !== null);
          for (let i = 1; i < known.length; i++) {
            expect(known[i].value as number).toBeLessThanOrEqual(known[i - 1].value as number);
            expect(known[i].rank as number).toBe(known[i].value === known[i - 1].value ? known[i - 1].rank : i + 1);
          }
          if (known.length > 0) expect(known[0]).toMatchObject({ rank: 1, value: Math.max(...known.map((k) => k.value as number)) });
        },
      ),
    );
  });
});
