import {
  computeRates,
  expectedToFile,
  lateness,
  partWholeProblems,
  plasticReduction,
  quarterConsistencyProblems,
  rankCompanies,
  ratio,
  regionsOverlap,
  ReportFigures,
  ruleDueDate,
  statedFlags,
  CompanyYear,
} from './green.rules.js';

function figures(overrides: Partial<ReportFigures> = {}): ReportFigures {
  return {
    parcels: 1_000_000,
    eWaybills: 995_000,
    transitBagsTotal: 20_000,
    recyclableTransitBags: 15_000,
    plasticBagsUsed: 300_000,
    plasticBagsRecovered: 60_000,
    singleUsePlasticItems: 50_000,
    recyclableBoxes: 5_000,
    tapeMeters: 800_000,
    vehicles: { total: 120, newEnergy: 36 },
    energy: { dieselL: 12_000, gasolineL: 3_000, electricityKWh: 50_000, cngM3: 1_500 },
    ...overrides,
  };
}

/** A quarter: a quarter of every flow figure of `annual`. */
function quarterOf(annual: ReportFigures): ReportFigures {
  return {
    ...annual,
    parcels: annual.parcels / 4,
    eWaybills: annual.eWaybills / 4,
    transitBagsTotal: annual.transitBagsTotal / 4,
    recyclableTransitBags: annual.recyclableTransitBags / 4,
    plasticBagsUsed: annual.plasticBagsUsed / 4,
    plasticBagsRecovered: annual.plasticBagsRecovered / 4,
    singleUsePlasticItems: (annual.singleUsePlasticItems as number) / 4,
    tapeMeters: (annual.tapeMeters as number) / 4,
    energy: { dieselL: 3_000, gasolineL: 750, electricityKWh: 12_500, cngM3: 375 },
  };
}

describe('checks on a report', () => {
  it('passes a consistent report', () => {
    expect(partWholeProblems(figures())).toEqual([]);
  });

  it('refuses e-waybills above parcels', () => {
    expect(partWholeProblems(figures({ eWaybills: 1_000_001 }))).toEqual([
      { field: 'eWaybills', message: 'parcels with an e-waybill cannot exceed all parcels: eWaybills is 1000001 but parcels is 1000000' },
    ]);
  });

  it('refuses recyclable transit bags above all transit bags', () => {
    expect(partWholeProblems(figures({ recyclableTransitBags: 20_001 }))).toEqual([
      expect.objectContaining({ field: 'recyclableTransitBags', message: expect.stringMatching(/cannot exceed all transit bags/) }),
    ]);
  });

  it('refuses plastic bags recovered above plastic bags used', () => {
    expect(partWholeProblems(figures({ plasticBagsRecovered: 300_001 }))).toEqual([
      expect.objectContaining({ field: 'plasticBagsRecovered', message: expect.stringMatching(/cannot exceed plastic bags used/) }),
    ]);
  });

  it('refuses new-energy vehicles above all vehicles, and lists every problem at once', () => {
    const problems = partWholeProblems(figures({ vehicles: { total: 10, newEnergy: 11 }, eWaybills: 2_000_000 }));
    expect(problems.map((p) => p.field)).toEqual(['eWaybills', 'vehicles.newEnergy']);
  });

  it('accepts a part equal to its whole', () => {
    expect(partWholeProblems(figures({ eWaybills: 1_000_000, vehicles: { total: 5, newEnergy: 5 } }))).toEqual([]);
  });
});

describe('quarters against the annual report (1% tolerance, at least 1 unit)', () => {
  const annual = figures();

  it('accepts four quarters that add up to the annual figures', () => {
    const q = quarterOf(annual);
    expect(quarterConsistencyProblems(annual, { Q1: q, Q2: q, Q3: q, Q4: q })).toEqual([]);
  });

  it('accepts a difference within 1% and refuses one beyond it, naming the figure', () => {
    const q = quarterOf(annual);
    const within = { ...q, parcels: q.parcels + 2_500 }; // +10,000 over four quarters = 1.0%
    expect(quarterConsistencyProblems(annual, { Q1: within, Q2: within, Q3: within, Q4: within })).toEqual([]);
    const beyond = { ...q, parcels: q.parcels + 2_501 };
    expect(quarterConsistencyProblems(annual, { Q1: beyond, Q2: beyond, Q3: beyond, Q4: beyond })).toEqual([
      { field: 'parcels', message: 'the four quarters add up to 1010004 but the annual report states 1000000 (allowed difference ±10000, 1%)' },
    ]);
  });

  it('checks energy figures too, and skips a figure a quarter leaves out', () => {
    const q = quarterOf(annual);
    const noTape = { ...q, tapeMeters: null, energy: { ...q.energy, dieselL: 4_000 } };
    const problems = quarterConsistencyProblems(annual, { Q1: noTape, Q2: q, Q3: q, Q4: q });
    expect(problems.map((p) => p.field)).toEqual(['energy.dieselL']);
  });

  it('refuses quarters filed so far that already exceed the annual figure', () => {
    const big = { ...quarterOf(annual), plasticBagsUsed: 160_000, plasticBagsRecovered: 10_000 };
    expect(quarterConsistencyProblems(annual, { Q1: big })).toEqual([]);
    expect(quarterConsistencyProblems(annual, { Q1: big, Q2: big })).toEqual([
      { field: 'plasticBagsUsed', message: "the quarters filed (Q1, Q2) add up to 320000, more than the annual report's 300000 (allowed +3000, 1%)" },
    ]);
  });

  it('allows one unit of rounding on small figures', () => {
    const small = figures({ vehicles: { total: 3, newEnergy: 1 }, energy: { dieselL: 10, gasolineL: 0, electricityKWh: 0, cngM3: 0 } });
    const q = { ...quarterOf(small), energy: { dieselL: 2.75, gasolineL: 0, electricityKWh: 0, cngM3: 0 } };
    expect(quarterConsistencyProblems(small, { Q1: q, Q2: q, Q3: q, Q4: q })).toEqual([]);
  });
});

describe('computed rates', () => {
  it('gives the e-waybill rate, recyclable bag rate, new-energy share and recovery rate to six decimals', () => {
    expect(computeRates(figures())).toEqual({ eWaybillRate: 0.995, recyclableBagRate: 0.75, newEnergyShare: 0.3, plasticRecoveryRate: 0.2 });
    expect(computeRates(figures({ eWaybills: 2, parcels: 3 })).eWaybillRate).toBe(0.666667);
  });

  it('has no rate without a base', () => {
    const rates = computeRates(figures({ parcels: 0, eWaybills: 0, transitBagsTotal: 0, recyclableTransitBags: 0, vehicles: { total: 0, newEnergy: 0 } }));
    expect(rates).toMatchObject({ eWaybillRate: null, recyclableBagRate: null, newEnergyShare: null });
    expect(ratio(0, 5)).toBe(0);
  });
});

describe('plastic reduction against the previous year', () => {
  const previous = { year: 2024, reportId: 'r-2024', version: 2, plasticBagsUsed: 400_000, singleUsePlasticItems: 80_000 };

  it('is the fall in plastic bags and single-use items as a share of the previous year', () => {
    expect(plasticReduction(figures(), previous)).toEqual({
      previousYear: 2024,
      previousReportId: 'r-2024',
      previousVersion: 2,
      previousPlasticBagsUsed: 400_000,
      plasticBagsReduction: 100_000,
      plasticBagsReductionRate: 0.25,
      previousSingleUsePlasticItems: 80_000,
      singleUsePlasticReductionRate: 0.375,
    });
  });

  it('is negative when the company used more, and leaves single-use items out unless both years state them', () => {
    const r = plasticReduction(figures({ plasticBagsUsed: 440_000, plasticBagsRecovered: 0, singleUsePlasticItems: null }), previous);
    expect(r.plasticBagsReduction).toBe(-40_000);
    expect(r.plasticBagsReductionRate).toBe(-0.1);
    expect(r.singleUsePlasticReductionRate).toBeNull();
    expect(plasticReduction(figures(), { ...previous, plasticBagsUsed: 0 }).plasticBagsReductionRate).toBeNull();
  });
});

describe('stated figures against the recomputed ones', () => {
  const computed = { eWaybillRate: 0.995, recyclableBagRate: 0.75, newEnergyShare: 0.3, plasticRecoveryRate: 0.2, co2eKg: 68500.621 };

  it('flags nothing within the tolerances (±0.005 for rates, ±5% for CO2)', () => {
    expect(statedFlags({ eWaybillRate: 0.99, recyclableBagRate: 0.755, newEnergyShare: 0.3, co2eKg: 71_900 }, computed)).toEqual([]);
    expect(statedFlags(null, computed)).toEqual([]);
  });

  it('flags a rate and CO2 beyond the tolerance with the difference', () => {
    const flags = statedFlags({ recyclableBagRate: 0.8, co2eKg: 60_000 }, computed);
    expect(flags).toEqual([
      expect.objectContaining({ field: 'recyclableBagRate', stated: 0.8, computed: 0.75, difference: 0.05 }),
      expect.objectContaining({ field: 'co2eKg', stated: 60_000, computed: 68500.621, difference: -8500.621 }),
    ]);
  });

  it('flags a stated rate the figures cannot give', () => {
    expect(statedFlags({ newEnergyShare: 0.2 }, { ...computed, newEnergyShare: null })).toEqual([
      expect.objectContaining({ field: 'newEnergyShare', computed: null, message: expect.stringMatching(/cannot be computed/) }),
    ]);
  });
});

describe('deadlines and late filing', () => {
  const rule = { annualDue: '01-31', quarterDueDays: 30 };

  it('puts the annual report at the end of January of the next year and a quarter 30 days after it ends', () => {
    expect(ruleDueDate(2025, 'annual', rule)).toBe('2026-01-31');
    expect(ruleDueDate(2025, 'Q1', rule)).toBe('2025-04-30');
    expect(ruleDueDate(2025, 'Q4', rule)).toBe('2026-01-30');
    expect(ruleDueDate(2026, 'annual', { ...rule, annualDue: '02-29' })).toBe('2027-02-28');
    expect(ruleDueDate(2027, 'annual', { ...rule, annualDue: '02-29' })).toBe('2028-02-29');
  });

  it('counts a filing on the due date as on time and after it as late by whole days', () => {
    expect(lateness('2026-01-31', '2026-01-31')).toEqual({ late: false, daysLate: 0 });
    expect(lateness('2026-02-03', '2026-01-31')).toEqual({ late: true, daysLate: 3 });
    expect(lateness('2025-12-01', '2026-01-31')).toEqual({ late: false, daysLate: 0 });
  });

  it('expects a filing from an enterprise whose licence overlaps the period and is not revoked', () => {
    const licence = { status: 'valid', validFrom: '2023-01-01', validTo: '2030-12-31' };
    expect(expectedToFile(licence, 2025, 'annual')).toBe(true);
    expect(expectedToFile({ ...licence, validFrom: '2025-12-31' }, 2025, 'annual')).toBe(true);
    expect(expectedToFile({ ...licence, validFrom: '2025-07-01' }, 2025, 'Q2')).toBe(false);
    expect(expectedToFile({ ...licence, validTo: '2024-12-31' }, 2025, 'annual')).toBe(false);
    expect(expectedToFile({ ...licence, status: 'revoked' }, 2025, 'annual')).toBe(false);
  });
});

describe('regions of one company’s reports', () => {
  it('overlap when one contains the other', () => {
    expect(regionsOverlap('14', '1401')).toBe(true);
    expect(regionsOverlap('140105', '1401')).toBe(true);
    expect(regionsOverlap('1401', '1402')).toBe(false);
    expect(regionsOverlap('1401', '1401')).toBe(false);
  });
});

describe('ranking of companies', () => {
  const base: CompanyYear = {
    enterpriseId: 'a',
    enterpriseName: '甲快递',
    parcels: 1000,
    eWaybills: 995,
    transitBagsTotal: 100,
    recyclableTransitBags: 75,
    vehiclesTotal: 10,
    vehiclesNewEnergy: 3,
    co2eKg: 500,
    previousNewEnergyShare: 0.2,
    late: false,
  };

  it('ranks by targets met, then by the mean of the three rates, then by name', () => {
    const ranked = rankCompanies(
      [
        { ...base, enterpriseId: 'c', enterpriseName: '丙快递', eWaybills: 980 }, // 2 targets
        { ...base, enterpriseId: 'a' }, // 3 targets, score (0.995 + 0.75 + 0.3) / 3
        { ...base, enterpriseId: 'b', enterpriseName: '乙快递', vehiclesNewEnergy: 5 }, // 3 targets, higher share
        { ...base, enterpriseId: 'd', enterpriseName: '丁快递', previousNewEnergyShare: null }, // share not comparable: 2 targets
      ],
      { eWaybillRate: 0.99, recyclableBagRate: 0.7 },
    );
    expect(ranked.map((r) => [r.rank, r.enterpriseId, r.targetsMet])).toEqual([
      [1, 'b', 3],
      [2, 'a', 3],
      [3, 'd', 2],
      [4, 'c', 2],
    ]);
    expect(ranked[1].score).toBe(0.681667);
    expect(ranked[1].co2eKgPerThousandParcels).toBe(500);
  });

  it('gives equal companies the same rank', () => {
    const ranked = rankCompanies([base, { ...base, enterpriseId: 'b', enterpriseName: '乙快递' }], { eWaybillRate: 0.99, recyclableBagRate: 0.7 });
    expect(ranked.map((r) => r.rank)).toEqual([1, 1]);
  });
});
