import { chooseTarget, progressOf, TargetFacts } from './targets.rules.js';

const t = (key: string, regionCode: string, year: number, value: number, unit = 'facilities', op: '>=' | '<=' = '>='): TargetFacts => ({
  id: `${key}-${regionCode}-${year}`,
  key,
  regionCode,
  year,
  op,
  value,
  unit,
});

const TARGETS = [
  t('provincial_cold_chain_bases', '14', 2023, 8),
  t('provincial_cold_chain_bases', '14', 2024, 12),
  t('provincial_cold_chain_bases', '14', 2025, 20),
  t('locker_delivery_rate', '3701', 2022, 0.1, 'ratio'),
  t('township_outlet_coverage', '4511', 2020, 1, 'ratio'),
  t('township_outlet_coverage', '1408', 2025, 0.9, 'ratio'),
  t('international_mail_items', '1401', 2025, 10_000_000, 'items'),
];

describe('choosing the target an indicator is measured against', () => {
  it('takes the region’s own target for the year, or its latest earlier one', () => {
    expect(chooseTarget(TARGETS, 'provincial_cold_chain_bases', '14', 2024)).toEqual({ target: TARGETS[1], benchmark: false });
    expect(chooseTarget(TARGETS, 'provincial_cold_chain_bases', '14', 2027)?.target.value).toBe(20);
    expect(chooseTarget(TARGETS, 'provincial_cold_chain_bases', '14', 2022)).toBeNull();
  });

  it('gives the 2024 and 2025 subsidy average no inherited target: seed 001 二(二)9 sets later years separately', () => {
    const avg = [t('rural_subsidy_avg_per_item', '14', 2023, 50, 'fen', '<=')];
    expect(chooseTarget(avg, 'rural_subsidy_avg_per_item', '14', 2023)?.target.value).toBe(50);
    expect(chooseTarget(avg, 'rural_subsidy_avg_per_item', '14', 2024)).toBeNull();
    expect(chooseTarget(avg, 'rural_subsidy_avg_per_item', '14', 2025)).toBeNull();
    expect(chooseTarget(avg, 'rural_subsidy_avg_per_item', '1408', 2023)).toBeNull();
  });

  it('applies an enclosing region’s rate to a county, and never a count', () => {
    expect(chooseTarget(TARGETS, 'township_outlet_coverage', '140821', 2025)).toEqual({ target: TARGETS[5], benchmark: false });
    expect(chooseTarget(TARGETS, 'provincial_cold_chain_bases', '140821', 2025)).toBeNull();
  });

  it('shows another region’s rate as a benchmark, but not another region’s count', () => {
    expect(chooseTarget(TARGETS, 'locker_delivery_rate', '14', 2025)).toEqual({ target: TARGETS[3], benchmark: true });
    expect(chooseTarget(TARGETS, 'township_outlet_coverage', '1401', 2025)).toEqual({ target: TARGETS[5], benchmark: true });
    expect(chooseTarget(TARGETS.slice(0, 5), 'township_outlet_coverage', '1401', 2025)).toEqual({ target: TARGETS[4], benchmark: true });
    expect(chooseTarget(TARGETS, 'international_mail_items', '14', 2025)).toBeNull();
  });

  it('measures progress as value ÷ target and meets by the comparison', () => {
    expect(progressOf(4, { op: '>=', value: 20 })).toEqual({ progress: 0.2, met: false });
    expect(progressOf(45, { op: '<=', value: 50 })).toEqual({ progress: 0.9, met: true });
    expect(progressOf(51, { op: '<=', value: 50 })).toEqual({ progress: 1.02, met: false });
    expect(progressOf(null, { op: '>=', value: 1 })).toEqual({ progress: null, met: null });
    expect(progressOf(3, null)).toEqual({ progress: null, met: null });
  });
});
