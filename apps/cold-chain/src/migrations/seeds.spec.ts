import { regions } from '@app/regions';
import { COLD_CHAIN_TARGETS, PLAN_NAMED_COUNTIES } from './1764300000000-ColdChain.js';

describe('cold-chain seed data', () => {
  it('names the plan’s counties with their real statistical codes (运城临猗, 太原清徐)', () => {
    expect(PLAN_NAMED_COUNTIES.map((c) => c.code)).toEqual(['140821', '140121']);
    for (const county of PLAN_NAMED_COUNTIES) {
      const region = regions().get(county.code);
      expect(region).toMatchObject({ name: county.name, level: 'county' });
    }
    expect(regions().get('1408')?.name).toBe('运城市');
    expect(regions().get('1401')?.name).toBe('太原市');
  });

  it('holds the cold-chain targets of 001 with their source sentences', () => {
    const bases = COLD_CHAIN_TARGETS.filter((t) => t.key === 'provincial_cold_chain_bases').map((t) => [t.year, t.value]);
    expect(bases).toEqual([
      [2023, 8],
      [2024, 12],
      [2025, 20],
    ]);
    const by = (key: string) => COLD_CHAIN_TARGETS.find((t) => t.key === key);
    expect(by('origin_consolidation_centre_counties')).toMatchObject({ year: 2025, value: 10, clause: '二(二)7' });
    expect(by('origin_cold_storage_facilities')).toMatchObject({ year: 2025, value: 1500, unit: 'facilities' });
    expect(by('origin_cold_storage_new_capacity')).toMatchObject({ year: 2025, value: 500000, unit: 'tonnes' });
    for (const t of COLD_CHAIN_TARGETS) {
      const digits = String(t.key === 'origin_cold_storage_new_capacity' ? t.value / 10000 : t.value);
      expect(t.quote).toContain(digits);
    }
  });
});
