import { addDays, daysBetween, outlierOf, outliers, rate } from './quality.rules.js';

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

  it('counts days inclusively', () => {
    expect(daysBetween('2023-06-01', '2023-06-30')).toBe(30);
    expect(daysBetween('2023-02-28', '2023-03-01')).toBe(2);
    expect(addDays('2023-03-01', -1)).toBe('2023-02-28');
  });
});
