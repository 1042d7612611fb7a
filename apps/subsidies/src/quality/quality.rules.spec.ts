import fc from 'fast-check';
import { addDays, daysBetween } from '@app/contracts';
import { outlierBand, outlierOf, outliers, periodParts, rate } from './quality.rules.js';

describe('data-quality rules', () => {
  it('rounds rates to 4 places and gives null for an empty denominator', () => {
    expect(rate(1, 3)).toBe(0.3333);
    expect(rate(0, 0)).toBeNull();
    expect(rate(5, 5)).toBe(1);
  });

  it('flags a day far from the centre’s other days, and only days inside the window', () => {
    const series = Array.from({ length: 20 }, (_, i) => ({ date: addDays('2023-06-01', i), items: 100 + (i % 3) }));
    series[15] = { date: series[15].date, items: 400 };
    series[2] = { date: series[2].date, items: 400 };
    const found = outliers(series, '2023-06-10', '2023-06-20', 3);
    expect(found.map((o) => o.date)).toEqual(['2023-06-16']);
    expect(found[0].z).toBeGreaterThan(3);
    expect(found[0].mean).toBeCloseTo((series.reduce((a, d) => a + d.items, 0) - 400) / 19, 1);
  });

  it('flags a jump from a flat history instead of dividing by zero, and needs enough history', () => {
    const flat = Array.from({ length: 10 }, (_, i) => ({ date: addDays('2023-06-01', i), items: i === 9 ? 150 : 100 }));
    expect(outliers(flat, '2023-06-01', '2023-06-30', 3).map((o) => o.items)).toEqual([150]);
    expect(outliers(flat.slice(0, 5), '2023-06-01', '2023-06-30', 3)).toEqual([]);
  });

  it('judges one day from its series’ sums as the whole series does', () => {
    const series = Array.from({ length: 12 }, (_, i) => ({ date: addDays('2023-06-01', i), items: i === 11 ? 900 : 100 + (i % 4) * 5 }));
    const stats = { days: 12, sum: series.reduce((a, d) => a + d.items, 0), sumSq: series.reduce((a, d) => a + d.items * d.items, 0) };
    expect(outlierOf(series[11], stats, 3)).toEqual(outliers(series, '2023-06-12', '2023-06-12', 3)[0]);
    expect(outlierOf(series[3], stats, 3)).toBeNull();
    expect(outlierOf(series[11], { ...stats, days: 7 }, 3)).toBeNull();
  });

  it('splits a period into whole months and the days at either end', () => {
    expect(periodParts('2024-01-01', '2024-12-31')).toEqual({
      months: Array.from({ length: 12 }, (_, i) => `2024-${String(i + 1).padStart(2, '0')}-01`),
      days: [],
    });
    expect(periodParts('2023-10-03', '2024-02-29')).toEqual({
      months: ['2023-11-01', '2023-12-01', '2024-01-01', '2024-02-01'],
      days: [['2023-10-03', '2023-10-31']],
    });
    expect(periodParts('2024-03-05', '2024-03-20')).toEqual({ months: [], days: [['2024-03-05', '2024-03-20']] });
    expect(periodParts('2024-03-05', '2024-05-02')).toEqual({
      months: ['2024-04-01'],
      days: [
        ['2024-03-05', '2024-03-31'],
        ['2024-05-01', '2024-05-02'],
      ],
    });
    expect(periodParts('2024-02-01', '2024-02-28')).toEqual({ months: [], days: [['2024-02-01', '2024-02-28']] });
  });

  it('covers every day of a period exactly once (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 800 }), fc.integer({ min: 0, max: 400 }), (start, length) => {
        const from = addDays('2023-01-01', start);
        const to = addDays(from, length);
        const { months, days } = periodParts(from, to);
        const covered = [
          ...months.flatMap((m) => {
            const out: string[] = [];
            for (let d = m; d.slice(0, 7) === m.slice(0, 7); d = addDays(d, 1)) out.push(d);
            return out;
          }),
          ...days.flatMap(([a, b]) => Array.from({ length: daysBetween(a, b) + 1 }, (_, i) => addDays(a, i))),
        ].sort();
        expect(covered).toEqual(Array.from({ length: length + 1 }, (_, i) => addDays(from, i)));
      }),
    );
  });

  it('bounds exactly the outliers of a series (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 1, maxLength: 60 }), fc.double({ min: 0.5, max: 6, noNaN: true }), (items, t) => {
        const stats = { days: items.length, sum: items.reduce((a, x) => a + x, 0), sumSq: items.reduce((a, x) => a + x * x, 0) };
        const band = outlierBand(stats, t);
        for (const x of items) {
          const flagged = outlierOf({ date: '2024-01-01', items: x }, stats, t) !== null;
          if (!band) expect(flagged).toBe(false);
          // outside the band, widened by a hair for rounding, is where outlierOf flags
          else if (x < band.lo - 1e-6 || x > band.hi + 1e-6) expect(flagged).toBe(true);
          else if (x > band.lo + 1e-6 && x < band.hi - 1e-6) expect(flagged).toBe(false);
        }
      }),
    );
  });
});
