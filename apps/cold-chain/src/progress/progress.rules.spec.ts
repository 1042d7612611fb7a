import { COLD_CHAIN_TARGETS } from '../migrations/1764300000000-ColdChain.js';
import { computeProgress, type FacilityYearFacts, targetForYear, type TargetRow } from './progress.rules.js';

const rows: TargetRow[] = COLD_CHAIN_TARGETS.map((t) => ({ ...t, document: '001' }));
const counties = [
  { code: '140821', name: '临猗县', cityName: '运城市', namedInPlan: true },
  { code: '140121', name: '清徐县', cityName: '太原市', namedInPlan: true },
  { code: '140802', name: '盐湖区', cityName: '运城市', namedInPlan: false },
];

let n = 0;
function fact(overrides: Partial<FacilityYearFacts>): FacilityYearFacts {
  n += 1;
  return {
    id: `f${n}`,
    kind: 'origin_cold_storage',
    countyCode: '140821',
    capacityTonnes: 100,
    designatedAt: null,
    statusAtYearEnd: 'operating',
    firstOperatingOn: '2023-06-01',
    ...overrides,
  };
}
const value = (p: ReturnType<typeof computeProgress>, key: string) => p.targets.find((t) => t.key === key);

describe('target for a year', () => {
  const bases = rows.filter((r) => r.key === 'provincial_cold_chain_bases');
  it('takes the year’s own row, else the next one the plan sets, else the last', () => {
    expect(targetForYear(bases, 2024)?.value).toBe(12);
    expect(targetForYear(bases, 2022)?.value).toBe(8);
    expect(targetForYear(bases, 2027)?.value).toBe(20);
    expect(
      targetForYear(
        rows.filter((r) => r.key === 'origin_cold_storage_facilities'),
        2023,
      ),
    ).toMatchObject({ year: 2025, value: 1500 });
    expect(targetForYear([], 2023)).toBeNull();
  });
});

describe('progress computation', () => {
  it('counts provincial bases by designation date, leaving out those closed at year end', () => {
    const facts = [
      fact({ kind: 'provincial_base', designatedAt: '2023-03-01', statusAtYearEnd: 'operating' }),
      fact({ kind: 'provincial_base', designatedAt: '2023-11-30', statusAtYearEnd: 'building' }),
      fact({ kind: 'provincial_base', designatedAt: '2024-02-01', statusAtYearEnd: 'planned' }),
      fact({ kind: 'provincial_base', designatedAt: null, statusAtYearEnd: 'operating' }),
      fact({ kind: 'provincial_base', designatedAt: '2023-01-05', statusAtYearEnd: 'closed' }),
    ];
    const in2023 = computeProgress(rows, facts, counties, 2023);
    expect(value(in2023, 'provincial_cold_chain_bases')).toMatchObject({ targetYear: 2023, targetValue: 8, currentValue: 2, met: false, share: 0.25 });
    expect(value(in2023, 'provincial_cold_chain_bases')?.quote).toBe('省级冷链物流仓储基地达到8个');
    const in2024 = computeProgress(rows, facts, counties, 2024);
    expect(value(in2024, 'provincial_cold_chain_bases')).toMatchObject({ targetYear: 2024, targetValue: 12, currentValue: 3 });
  });

  it('counts major counties with an origin consolidation centre operating at year end, once per county', () => {
    const facts = [
      fact({ kind: 'origin_consolidation_centre', countyCode: '140821', statusAtYearEnd: 'operating' }),
      fact({ kind: 'origin_consolidation_centre', countyCode: '140821', statusAtYearEnd: 'operating' }),
      fact({ kind: 'origin_consolidation_centre', countyCode: '140121', statusAtYearEnd: 'building', firstOperatingOn: null }),
      fact({ kind: 'origin_consolidation_centre', countyCode: '140802', statusAtYearEnd: 'suspended' }),
      fact({ kind: 'origin_consolidation_centre', countyCode: '140702', statusAtYearEnd: 'operating' }),
    ];
    const p = computeProgress(rows, facts, counties, 2025);
    expect(value(p, 'origin_consolidation_centre_counties')).toMatchObject({ targetValue: 10, currentValue: 1, met: false, share: 0.1 });
    expect(p.majorCounties.map((c) => [c.code, c.covered, c.centreIds.length])).toEqual([
      ['140821', true, 2],
      ['140121', false, 0],
      ['140802', false, 0],
    ]);
  });

  it('counts origin cold storage put into operation since the plan began and adds up its capacity exactly', () => {
    const facts = [
      fact({ capacityTonnes: 0.1, firstOperatingOn: '2023-01-01' }),
      fact({ capacityTonnes: 0.2, firstOperatingOn: '2024-12-31', statusAtYearEnd: 'suspended' }),
      fact({ capacityTonnes: 1000, firstOperatingOn: '2022-12-31' }),
      fact({ capacityTonnes: 1000, firstOperatingOn: '2024-05-01', statusAtYearEnd: 'closed' }),
      fact({ capacityTonnes: 1000, firstOperatingOn: null, statusAtYearEnd: 'building' }),
      fact({ kind: 'origin_consolidation_centre', capacityTonnes: 5000 }),
    ];
    const p = computeProgress(rows, facts, counties, 2024);
    expect(value(p, 'origin_cold_storage_facilities')).toMatchObject({ targetYear: 2025, targetValue: 1500, currentValue: 2, countsFrom: '2023-01-01' });
    expect(value(p, 'origin_cold_storage_new_capacity')).toMatchObject({ targetValue: 500000, currentValue: 0.3, met: false });
    expect(value(p, 'origin_cold_storage_new_capacity')?.countingRule).toMatch(/counting from 2023-01-01/);
  });

  it('meets a target at exactly its value', () => {
    const facts = Array.from({ length: 8 }, () => fact({ kind: 'provincial_base', designatedAt: '2023-06-01' }));
    expect(value(computeProgress(rows, facts, counties, 2023), 'provincial_cold_chain_bases')).toMatchObject({ currentValue: 8, met: true, share: 1 });
  });

  it('lists every cold-chain target once, in a stable order, with its source', () => {
    const p = computeProgress(rows, [], counties, 2023);
    expect(p.asOf).toBe('2023-12-31');
    expect(p.targets.map((t) => t.key)).toEqual([
      'provincial_cold_chain_bases',
      'origin_consolidation_centre_counties',
      'origin_cold_storage_facilities',
      'origin_cold_storage_new_capacity',
    ]);
    for (const t of p.targets) expect(t).toMatchObject({ currentValue: 0, met: false, document: '001' });
  });
});
