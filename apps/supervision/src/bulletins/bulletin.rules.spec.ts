import fc from 'fast-check';
import {
  change,
  greenPeriodsEnded,
  meanOf,
  monthEnd,
  points,
  previousMonth,
  rankByScore,
  ratio,
  scoreRegions,
  weightedScore,
  type WeightedIndicator,
} from './bulletin.rules.js';

const indicators: WeightedIndicator[] = [
  { key: 'up', direction: 'higher', weight: 60 },
  { key: 'late', direction: 'lower', weight: 40 },
];

describe('bulletin points', () => {
  it('gives the best 100, the worst 0 and linear between, either way round', () => {
    expect(points(10, [10, 20, 30], 'higher')).toBe(0);
    expect(points(20, [10, 20, 30], 'higher')).toBe(50);
    expect(points(30, [10, 20, 30], 'higher')).toBe(100);
    expect(points(10, [10, 20, 30], 'lower')).toBe(100);
    expect(points(30, [10, 20, 30], 'lower')).toBe(0);
  });

  it('gives 0 to a region without a value and leaves it out of the range', () => {
    expect(points(null, [null, 5, 15], 'higher')).toBe(0);
    expect(points(5, [null, 5, 15], 'higher')).toBe(0);
    expect(points(15, [null, 5, 15], 'higher')).toBe(100);
  });

  it('gives 100 to all when every region has the same value (one region alone included)', () => {
    expect(points(7, [7, 7, null], 'lower')).toBe(100);
    expect(points(0, [0], 'higher')).toBe(100);
  });
});

describe('bulletin score and rank', () => {
  it('is the weighted mean of the points', () => {
    expect(weightedScore({ up: 100, late: 0 }, indicators)).toBe(60);
    expect(weightedScore({ up: 50, late: 100 }, indicators)).toBe(70);
    expect(weightedScore({}, indicators)).toBe(0);
  });

  it('refuses weights that add up to 0', () => {
    expect(() => weightedScore({ up: 100 }, [{ key: 'up', direction: 'higher', weight: 0 }])).toThrow(RangeError);
  });

  it('ranks by the weights: the same values rank the other way round when the weights change', () => {
    const regions = [
      { regionCode: '1401', values: { up: 1000, late: 9 } },
      { regionCode: '1402', values: { up: 100, late: 0 } },
    ];
    expect(scoreRegions(regions, indicators).map((r) => [r.regionCode, r.score, r.rank])).toEqual([
      ['1401', 60, 1],
      ['1402', 40, 2],
    ]);
    const lateFirst = indicators.map((i) => ({ ...i, weight: i.key === 'late' ? 70 : 30 }));
    expect(scoreRegions(regions, lateFirst).map((r) => [r.regionCode, r.score, r.rank])).toEqual([
      ['1402', 70, 1],
      ['1401', 30, 2],
    ]);
  });

  it('keeps the given order for equal scores', () => {
    expect(
      rankByScore([
        { id: 'a', score: 5 },
        { id: 'b', score: 9 },
        { id: 'c', score: 5 },
      ]).map((r) => `${r.id}${r.rank}`),
    ).toEqual(['b1', 'a2', 'c3']);
  });

  it('property: the ranks are a permutation of 1…n ordered by score, equal scores in input order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ up: fc.option(fc.integer({ min: 0, max: 1e9 })), late: fc.option(fc.integer({ min: 0, max: 1000 })) }), {
          minLength: 1,
          maxLength: 40,
        }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 1, max: 100 }),
        (values, w1, w2) => {
          const regions = values.map((v, i) => ({ regionCode: String(1000 + i), values: v }));
          const weights: WeightedIndicator[] = [
            { key: 'up', direction: 'higher', weight: w1 },
            { key: 'late', direction: 'lower', weight: w2 },
          ];
          const ranked = scoreRegions(regions, weights);
          expect(ranked.map((r) => r.rank)).toEqual(regions.map((_, i) => i + 1));
          expect(new Set(ranked.map((r) => r.regionCode)).size).toBe(regions.length);
          for (let i = 1; i < ranked.length; i++) {
            const [a, b] = [ranked[i - 1], ranked[i]];
            expect(a.score).toBeGreaterThanOrEqual(b.score);
            if (a.score === b.score) expect(Number(a.regionCode)).toBeLessThan(Number(b.regionCode));
          }
          for (const r of ranked) {
            expect(r.score).toBeGreaterThanOrEqual(0);
            expect(r.score).toBeLessThanOrEqual(100);
          }
        },
      ),
    );
  });

  it('property: a region better or equal on every indicator never ranks below one it dominates', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ up: fc.integer({ min: 0, max: 1000 }), late: fc.integer({ min: 0, max: 50 }) }), { minLength: 2, maxLength: 20 }),
        (values) => {
          const ranked = scoreRegions(
            values.map((v, i) => ({ regionCode: String(1000 + i), values: v })),
            indicators,
          );
          const rankOf = new Map(ranked.map((r) => [Number(r.regionCode) - 1000, r]));
          values.forEach((a, i) =>
            values.forEach((b, j) => {
              if (i !== j && a.up >= b.up && a.late <= b.late) expect(rankOf.get(i)!.score).toBeGreaterThanOrEqual(rankOf.get(j)!.score);
            }),
          );
        },
      ),
    );
  });
});

describe('bulletin months and values', () => {
  it('finds the previous month and the month’s last day across years and leap years', () => {
    expect(previousMonth('2024-05')).toBe('2024-04');
    expect(previousMonth('2024-01')).toBe('2023-12');
    expect(monthEnd('2024-02')).toBe('2024-02-29');
    expect(monthEnd('2023-02')).toBe('2023-02-28');
    expect(monthEnd('2024-12')).toBe('2024-12-31');
  });

  it('takes the green-report periods ended by the month', () => {
    expect(greenPeriodsEnded('2024-02')).toEqual([]);
    expect(greenPeriodsEnded('2024-05')).toEqual(['Q1']);
    expect(greenPeriodsEnded('2024-06')).toEqual(['Q1', 'Q2']);
    expect(greenPeriodsEnded('2024-12')).toEqual(['Q1', 'Q2', 'Q3', 'Q4', 'annual']);
  });

  it('computes changes, ratios and means only from values that exist', () => {
    expect(change(0.5, 0.25)).toBe(0.25);
    expect(change(3, null)).toBeNull();
    expect(change(null, 3)).toBeNull();
    expect(ratio(1, 3)).toBe(0.3333);
    expect(ratio(5, 0)).toBeNull();
    expect(meanOf([0.5, null, 1])).toBe(0.75);
    expect(meanOf([null])).toBeNull();
  });
});
