import { crossMatchDeltas, figureRows, periodStart, reportedOnTime, rollupRegions, shanghaiDate } from './figures.rules.js';

describe('read-model figure rules', () => {
  it('rolls a township or county up to county, city and province, and stops at the level a code reaches', () => {
    expect(rollupRegions('140821101')).toEqual(['14', '1408', '140821']);
    expect(rollupRegions('1408')).toEqual(['14', '1408']);
    expect(rollupRegions('14')).toEqual(['14']);
  });

  it('starts day, month and year periods on their first day', () => {
    expect(periodStart('day', '2025-05-17')).toBe('2025-05-17');
    expect(periodStart('month', '2025-05-17')).toBe('2025-05-01');
    expect(periodStart('year', '2025-05-17')).toBe('2025-01-01');
  });

  it('expands a delta into 9 rows and sums deltas with the same key, dropping zeros', () => {
    const rows = figureRows([
      { metric: 'parcels_upstream', regionCode: '140821', date: '2025-05-01', value: 300 },
      { metric: 'parcels_upstream', regionCode: '140821', date: '2025-05-02', value: 200 },
      { metric: 'parcels_downstream', regionCode: '140821', date: '2025-05-01', value: 0 },
      { metric: 'outlets_filed', regionCode: '140121', date: '2025-05-01', value: 1 },
      { metric: 'outlets_filed', regionCode: '140121', date: '2025-05-01', value: -1 },
    ]);
    const find = (kind: string, region: string, start: string) =>
      rows.find((r) => r.metric === 'parcels_upstream' && r.periodKind === kind && r.regionCode === region && r.periodStart === start)?.value;
    expect(find('month', '1408', '2025-05-01')).toBe(500);
    expect(find('year', '14', '2025-01-01')).toBe(500);
    expect(find('day', '140821', '2025-05-02')).toBe(200);
    expect(rows.filter((r) => r.metric === 'parcels_upstream')).toHaveLength(12);
    expect(rows.some((r) => r.metric !== 'parcels_upstream')).toBe(false);
  });

  it('dates instants in Asia/Shanghai', () => {
    expect(shanghaiDate('2025-05-01T16:30:00.000Z')).toBe('2025-05-02');
    expect(shanghaiDate('2025-05-01T15:59:59.000Z')).toBe('2025-05-01');
  });

  it('counts a centre-day on time when first reported by 10:00 of the next Shanghai day (the shared definition)', () => {
    expect(reportedOnTime('2025-05-01', '2025-05-02T02:00:00.000Z')).toBe(true);
    expect(reportedOnTime('2025-05-01', '2025-05-02T02:00:01.000Z')).toBe(false);
    expect(reportedOnTime('2025-12-31', '2026-01-01T01:59:00.000Z')).toBe(true);
    expect(reportedOnTime('2025-02-28', new Date('2025-03-01T08:00:00.000Z'))).toBe(false);
  });

  it('turns a county-day cross-match change into compared and matched deltas', () => {
    const d = (before: boolean | null, after: boolean | null) =>
      Object.fromEntries(crossMatchDeltas('140105', '2025-05-01', before, after).map((x) => [x.metric, x.value]));
    expect(d(null, null)).toEqual({});
    expect(d(null, true)).toEqual({ county_days_compared: 1, county_days_matched: 1 });
    expect(d(null, false)).toEqual({ county_days_compared: 1 });
    expect(d(true, false)).toEqual({ county_days_matched: -1 });
    expect(d(false, true)).toEqual({ county_days_matched: 1 });
    expect(d(true, true)).toEqual({});
    expect(d(true, null)).toEqual({ county_days_compared: -1, county_days_matched: -1 });
  });
});
