import { addDays, daysBetween, type FieldError, type GreenPeriod } from '@app/contracts';

/** The figures of one report version (what a courier files). */
export interface ReportFigures {
  parcels: number;
  eWaybills: number;
  transitBagsTotal: number;
  recyclableTransitBags: number;
  plasticBagsUsed: number;
  plasticBagsRecovered: number;
  singleUsePlasticItems: number | null;
  recyclableBoxes: number | null;
  tapeMeters: number | null;
  vehicles: { total: number; newEnergy: number };
  energy: { dieselL: number; gasolineL: number; electricityKWh: number; cngM3: number };
}

export interface ComputedRates {
  eWaybillRate: number | null;
  recyclableBagRate: number | null;
  newEnergyShare: number | null;
  plasticRecoveryRate: number | null;
}

const RATE_DECIMALS = 1e6;

/** part ÷ whole to six decimals; null when the whole is zero (a rate of nothing is not 0%). */
export function ratio(part: number, whole: number): number | null {
  if (whole === 0) return null;
  return Math.round((part / whole) * RATE_DECIMALS) / RATE_DECIMALS;
}

export function computeRates(f: ReportFigures): ComputedRates {
  return {
    eWaybillRate: ratio(f.eWaybills, f.parcels),
    recyclableBagRate: ratio(f.recyclableTransitBags, f.transitBagsTotal),
    newEnergyShare: ratio(f.vehicles.newEnergy, f.vehicles.total),
    plasticRecoveryRate: ratio(f.plasticBagsRecovered, f.plasticBagsUsed),
  };
}

/** Parts that may not exceed their wholes (negative figures are refused by the DTO already). */
const PARTS: Array<{ part: string; whole: string; get: (f: ReportFigures) => [number, number]; what: string }> = [
  { part: 'eWaybills', whole: 'parcels', get: (f) => [f.eWaybills, f.parcels], what: 'parcels with an e-waybill cannot exceed all parcels' },
  {
    part: 'recyclableTransitBags',
    whole: 'transitBagsTotal',
    get: (f) => [f.recyclableTransitBags, f.transitBagsTotal],
    what: 'recyclable transit bags cannot exceed all transit bags',
  },
  {
    part: 'plasticBagsRecovered',
    whole: 'plasticBagsUsed',
    get: (f) => [f.plasticBagsRecovered, f.plasticBagsUsed],
    what: 'plastic bags recovered cannot exceed plastic bags used',
  },
  {
    part: 'vehicles.newEnergy',
    whole: 'vehicles.total',
    get: (f) => [f.vehicles.newEnergy, f.vehicles.total],
    what: 'new-energy vehicles cannot exceed all vehicles',
  },
];

/** Every part above its whole, as field errors naming both figures. */
export function partWholeProblems(f: ReportFigures): FieldError[] {
  return PARTS.flatMap(({ part, whole, get, what }) => {
    const [p, w] = get(f);
    return p > w ? [{ field: part, message: `${what}: ${part} is ${p} but ${whole} is ${w}` }] : [];
  });
}

/** Flow figures (summed over a year); vehicles and recyclable boxes are stocks and are not. */
const FLOWS: Array<{ field: string; get: (f: ReportFigures) => number | null }> = [
  { field: 'parcels', get: (f) => f.parcels },
  { field: 'eWaybills', get: (f) => f.eWaybills },
  { field: 'transitBagsTotal', get: (f) => f.transitBagsTotal },
  { field: 'recyclableTransitBags', get: (f) => f.recyclableTransitBags },
  { field: 'plasticBagsUsed', get: (f) => f.plasticBagsUsed },
  { field: 'plasticBagsRecovered', get: (f) => f.plasticBagsRecovered },
  { field: 'singleUsePlasticItems', get: (f) => f.singleUsePlasticItems },
  { field: 'tapeMeters', get: (f) => f.tapeMeters },
  { field: 'energy.dieselL', get: (f) => f.energy.dieselL },
  { field: 'energy.gasolineL', get: (f) => f.energy.gasolineL },
  { field: 'energy.electricityKWh', get: (f) => f.energy.electricityKWh },
  { field: 'energy.cngM3', get: (f) => f.energy.cngM3 },
];

/**
 * Quarters against the annual report: the four quarters of a flow figure add up to the
 * annual figure within 1% of it (at least 1 unit, for rounding); while fewer than four are
 * filed, those filed may not add up to more than the annual figure plus the same tolerance.
 */
const QUARTER_TOLERANCE = { relative: 0.01, absolute: 1 };

function quarterTolerance(annual: number): number {
  return Math.max(QUARTER_TOLERANCE.absolute, QUARTER_TOLERANCE.relative * annual);
}

export type Quarter = 'Q1' | 'Q2' | 'Q3' | 'Q4';
export const QUARTERS: readonly Quarter[] = ['Q1', 'Q2', 'Q3', 'Q4'];

/** A figure is compared only when the annual report and every quarter filed state it. */
export function quarterConsistencyProblems(annual: ReportFigures, quarters: Partial<Record<Quarter, ReportFigures>>): FieldError[] {
  const filed = QUARTERS.filter((q) => quarters[q] !== undefined);
  if (filed.length === 0) return [];
  const complete = filed.length === QUARTERS.length;
  const problems: FieldError[] = [];
  for (const { field, get } of FLOWS) {
    const whole = get(annual);
    const parts = filed.map((q) => get(quarters[q] as ReportFigures));
    if (whole === null || parts.some((p) => p === null)) continue;
    const sum = round3((parts as number[]).reduce((a, b) => a + b, 0));
    const allowed = round3(quarterTolerance(whole));
    if (complete && Math.abs(sum - whole) > allowed) {
      problems.push({
        field,
        message: `the four quarters add up to ${sum} but the annual report states ${whole} (allowed difference ±${allowed}, 1%)`,
      });
    } else if (!complete && sum > whole + allowed) {
      problems.push({
        field,
        message: `the quarters filed (${filed.join(', ')}) add up to ${sum}, more than the annual report's ${whole} (allowed +${allowed}, 1%)`,
      });
    }
  }
  return problems;
}

/** Two regions of one company's reports for a period overlap when one contains the other. */
export function regionsOverlap(a: string, b: string): boolean {
  return a !== b && (a.startsWith(b) || b.startsWith(a));
}

export interface PreviousYearFigures {
  year: number;
  reportId: string;
  version: number;
  plasticBagsUsed: number;
  singleUsePlasticItems: number | null;
}

export interface PlasticReduction {
  previousYear: number;
  previousReportId: string;
  previousVersion: number;
  previousPlasticBagsUsed: number;
  plasticBagsReduction: number;
  plasticBagsReductionRate: number | null;
  previousSingleUsePlasticItems: number | null;
  singleUsePlasticReductionRate: number | null;
}

/** Reduction against the same company's previous year: positive when it used less. */
export function plasticReduction(current: ReportFigures, previous: PreviousYearFigures): PlasticReduction {
  const bothSingleUse = current.singleUsePlasticItems !== null && previous.singleUsePlasticItems !== null;
  return {
    previousYear: previous.year,
    previousReportId: previous.reportId,
    previousVersion: previous.version,
    previousPlasticBagsUsed: previous.plasticBagsUsed,
    plasticBagsReduction: previous.plasticBagsUsed - current.plasticBagsUsed,
    plasticBagsReductionRate: ratio(previous.plasticBagsUsed - current.plasticBagsUsed, previous.plasticBagsUsed),
    previousSingleUsePlasticItems: bothSingleUse ? previous.singleUsePlasticItems : null,
    singleUsePlasticReductionRate: bothSingleUse
      ? ratio((previous.singleUsePlasticItems as number) - (current.singleUsePlasticItems as number), previous.singleUsePlasticItems as number)
      : null,
  };
}

/**
 * Stated against recomputed figures: rates may differ by half a percentage point (rounding
 * of a percentage shown with one decimal), CO2 by 5% of the recomputed value (companies may
 * use other densities or calorific values, or count CH4 and N2O).
 */
const FLAG_TOLERANCE = { rate: 0.005, co2eRelative: 0.05 };

export interface Flag {
  field: string;
  stated: number;
  computed: number | null;
  difference: number | null;
  tolerance: string;
  message: string;
}

export interface StatedFigures {
  eWaybillRate?: number;
  recyclableBagRate?: number;
  newEnergyShare?: number;
  co2eKg?: number;
}

export function statedFlags(stated: StatedFigures | null, computed: ComputedRates & { co2eKg: number }): Flag[] {
  if (!stated) return [];
  const flags: Flag[] = [];
  for (const field of ['eWaybillRate', 'recyclableBagRate', 'newEnergyShare'] as const) {
    const value = stated[field];
    if (value === undefined) continue;
    const mine = computed[field];
    const tolerance = `±${FLAG_TOLERANCE.rate} absolute`;
    if (mine === null) {
      flags.push({
        field,
        stated: value,
        computed: null,
        difference: null,
        tolerance,
        message: `${field} is stated as ${value} but cannot be computed (its base is 0)`,
      });
    } else if (Math.abs(value - mine) > FLAG_TOLERANCE.rate + 1e-9) {
      flags.push({
        field,
        stated: value,
        computed: mine,
        difference: round6(value - mine),
        tolerance,
        message: `${field} is stated as ${value} but the figures give ${mine}`,
      });
    }
  }
  if (stated.co2eKg !== undefined) {
    const mine = computed.co2eKg;
    const allowed = FLAG_TOLERANCE.co2eRelative * mine;
    if (Math.abs(stated.co2eKg - mine) > allowed) {
      flags.push({
        field: 'co2eKg',
        stated: stated.co2eKg,
        computed: mine,
        difference: round3(stated.co2eKg - mine),
        tolerance: `±${FLAG_TOLERANCE.co2eRelative * 100}% of the computed value`,
        message: `co2eKg is stated as ${stated.co2eKg} kg but the energy use gives ${mine} kg with the platform's factor set`,
      });
    }
  }
  return flags;
}

// ---- periods and deadlines ----

export interface DeadlineRule {
  /** month and day in the following year, `MM-DD` (e.g. `01-31`) */
  annualDue: string;
  /** days after the last day of the quarter */
  quarterDueDays: number;
}

const QUARTER_END: Record<Quarter, string> = { Q1: '03-31', Q2: '06-30', Q3: '09-30', Q4: '12-31' };

const QUARTER_START: Record<Quarter, string> = { Q1: '01-01', Q2: '04-01', Q3: '07-01', Q4: '10-01' };

/** First day of the period, YYYY-MM-DD. */
function periodStart(year: number, period: GreenPeriod): string {
  return `${year}-${period === 'annual' ? '01-01' : QUARTER_START[period]}`;
}

/** Last day of the period, YYYY-MM-DD. */
export function periodEnd(year: number, period: GreenPeriod): string {
  return `${year}-${period === 'annual' ? '12-31' : QUARTER_END[period]}`;
}

/** The due date the rule gives; a month-day past the month's end (02-29 in a common year) means its last day. */
export function ruleDueDate(year: number, period: GreenPeriod, rule: DeadlineRule): string {
  if (period !== 'annual') return addDays(periodEnd(year, period), rule.quarterDueDays);
  const [month, day] = rule.annualDue.split('-').map(Number);
  const lastOfMonth = new Date(Date.UTC(year + 1, month, 0)).getUTCDate();
  return `${year + 1}-${String(month).padStart(2, '0')}-${String(Math.min(day, lastOfMonth)).padStart(2, '0')}`;
}

/** A report is late when first filed after its due date (the due date itself is on time). */
export function lateness(filedOn: string, dueDate: string): { late: boolean; daysLate: number } {
  const days = daysBetween(dueDate, filedOn);
  return { late: days > 0, daysLate: Math.max(0, days) };
}

export interface LicenceFacts {
  status: string;
  validFrom: string;
  validTo: string;
}

/** An enterprise is expected to file for a period when its licence is valid on some day of it and not revoked. */
export function expectedToFile(licence: LicenceFacts, year: number, period: GreenPeriod): boolean {
  return licence.status !== 'revoked' && licence.validFrom <= periodEnd(year, period) && licence.validTo >= periodStart(year, period);
}

// ---- ranking ----

export interface CompanyYear {
  enterpriseId: string;
  enterpriseName: string;
  parcels: number;
  eWaybills: number;
  transitBagsTotal: number;
  recyclableTransitBags: number;
  vehiclesTotal: number;
  vehiclesNewEnergy: number;
  co2eKg: number;
  previousNewEnergyShare: number | null;
  late: boolean;
}

export interface RankingTargets {
  eWaybillRate: number;
  recyclableBagRate: number;
}

export interface RankedCompany {
  rank: number;
  enterpriseId: string;
  enterpriseName: string;
  targetsMet: number;
  score: number;
  eWaybillRate: number | null;
  recyclableBagRate: number | null;
  newEnergyShare: number | null;
  previousNewEnergyShare: number | null;
  co2eKgPerThousandParcels: number | null;
  late: boolean;
}

/**
 * Ranks companies by how many of the three targets they meet (e-waybill rate, recyclable
 * transit bag rate, a new-energy share above their own previous year), then by a score (the
 * mean of the three rates, a missing rate counting 0), then by name. Equal targets met and
 * score share a rank.
 */
export function rankCompanies(companies: CompanyYear[], targets: RankingTargets): RankedCompany[] {
  const rows = companies.map((c) => {
    const eWaybillRate = ratio(c.eWaybills, c.parcels);
    const recyclableBagRate = ratio(c.recyclableTransitBags, c.transitBagsTotal);
    const newEnergyShare = ratio(c.vehiclesNewEnergy, c.vehiclesTotal);
    const targetsMet =
      Number(eWaybillRate !== null && eWaybillRate >= targets.eWaybillRate) +
      Number(recyclableBagRate !== null && recyclableBagRate >= targets.recyclableBagRate) +
      Number(newEnergyShare !== null && c.previousNewEnergyShare !== null && newEnergyShare > c.previousNewEnergyShare);
    const score = round6(((eWaybillRate ?? 0) + (recyclableBagRate ?? 0) + (newEnergyShare ?? 0)) / 3);
    return {
      rank: 0,
      enterpriseId: c.enterpriseId,
      enterpriseName: c.enterpriseName,
      targetsMet,
      score,
      eWaybillRate,
      recyclableBagRate,
      newEnergyShare,
      previousNewEnergyShare: c.previousNewEnergyShare,
      co2eKgPerThousandParcels: c.parcels === 0 ? null : round3((c.co2eKg / c.parcels) * 1000),
      late: c.late,
    };
  });
  rows.sort(
    (a, b) =>
      b.targetsMet - a.targetsMet ||
      b.score - a.score ||
      a.enterpriseName.localeCompare(b.enterpriseName, 'zh') ||
      a.enterpriseId.localeCompare(b.enterpriseId),
  );
  rows.forEach((row, i) => {
    const prev = rows[i - 1];
    row.rank = prev && prev.targetsMet === row.targetsMet && prev.score === row.score ? prev.rank : i + 1;
  });
  return rows;
}

export function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function round6(x: number): number {
  return Math.round(x * RATE_DECIMALS) / RATE_DECIMALS;
}
