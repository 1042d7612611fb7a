import type { FacilityKind, FacilityStatus, MajorCountyProgressDto, TargetProgressDto } from '@app/contracts';

/** A row of the targets table (seeded from the plan). */
export interface TargetRow {
  key: string;
  region: string;
  year: number;
  op: '>=' | '<=';
  value: number;
  unit: string;
  metricZh: string;
  document: string;
  clause: string;
  quote: string;
  countsFrom: string | null;
}

/** What progress needs of one facility, as of 31 December of the year asked for. */
export interface FacilityYearFacts {
  id: string;
  kind: FacilityKind;
  countyCode: string;
  capacityTonnes: number;
  designatedAt: string | null;
  /** status on the year's last day; null when its history starts later */
  statusAtYearEnd: FacilityStatus | null;
  /** first day it was operating, on or before the year's last day */
  firstOperatingOn: string | null;
}

export interface MajorCountyFacts {
  code: string;
  name: string;
  cityName: string;
  namedInPlan: boolean;
}

interface CountContext {
  yearEnd: string;
  countsFrom: string | null;
  majorCounties: MajorCountyFacts[];
}

/** Put into operation by the year's end (and not before countsFrom), and not closed at it. */
function builtInPeriod(f: FacilityYearFacts, ctx: CountContext): boolean {
  return (
    f.firstOperatingOn !== null &&
    f.firstOperatingOn <= ctx.yearEnd &&
    (ctx.countsFrom === null || f.firstOperatingOn >= ctx.countsFrom) &&
    f.statusAtYearEnd !== 'closed'
  );
}

function operatingCentresIn(county: string, facts: FacilityYearFacts[], ctx: CountContext): FacilityYearFacts[] {
  return facts.filter(
    (f) =>
      f.kind === 'origin_consolidation_centre' &&
      f.countyCode === county &&
      f.statusAtYearEnd === 'operating' &&
      (ctx.countsFrom === null || (f.firstOperatingOn !== null && f.firstOperatingOn >= ctx.countsFrom)),
  );
}

const hundredths = (tonnes: number) => Math.round(tonnes * 100);

/**
 * How each target's current value is counted, as of 31 December of the year asked for,
 * from the status history and designation dates (so a year's figure does not change when a
 * facility changes later). Keys without a rule here are not cold-chain targets.
 */
const COUNTING_RULES: Record<string, { rule: string; count(facts: FacilityYearFacts[], ctx: CountContext): number }> = {
  provincial_cold_chain_bases: {
    rule: 'provincial bases (provincial_base) designated on or before 31 December and not closed on that day',
    count: (facts, ctx) =>
      facts.filter(
        (f) =>
          f.kind === 'provincial_base' &&
          f.designatedAt !== null &&
          f.designatedAt <= ctx.yearEnd &&
          (ctx.countsFrom === null || f.designatedAt >= ctx.countsFrom) &&
          f.statusAtYearEnd !== 'closed',
      ).length,
  },
  origin_consolidation_centre_counties: {
    rule: 'major fruit and vegetable counties (the list admin keeps) with at least one origin consolidation centre operating on 31 December',
    count: (facts, ctx) => ctx.majorCounties.filter((c) => operatingCentresIn(c.code, facts, ctx).length > 0).length,
  },
  origin_cold_storage_facilities: {
    rule: 'origin cold storage facilities first put into operation between the counting start and 31 December, not closed on that day',
    count: (facts, ctx) => facts.filter((f) => f.kind === 'origin_cold_storage' && builtInPeriod(f, ctx)).length,
  },
  origin_cold_storage_new_capacity: {
    rule: 'capacity in tonnes (as registered now) of the origin cold storage facilities counted for origin_cold_storage_facilities',
    count: (facts, ctx) =>
      facts.filter((f) => f.kind === 'origin_cold_storage' && builtInPeriod(f, ctx)).reduce((sum, f) => sum + hundredths(f.capacityTonnes), 0) / 100,
  },
};

/**
 * The target row that applies to a year: the one for that year, else the next year the plan
 * sets one (a 2025 goal shows in 2023 and 2024), else the last one (after the plan ends).
 */
export function targetForYear(rows: TargetRow[], year: number): TargetRow | null {
  const sorted = [...rows].sort((a, b) => a.year - b.year);
  return sorted.find((r) => r.year >= year) ?? sorted[sorted.length - 1] ?? null;
}

export function computeProgress(
  rows: TargetRow[],
  facts: FacilityYearFacts[],
  majorCounties: MajorCountyFacts[],
  year: number,
): { asOf: string; targets: TargetProgressDto[]; majorCounties: MajorCountyProgressDto[] } {
  const yearEnd = `${year}-12-31`;
  const targets: TargetProgressDto[] = [];
  for (const [key, counting] of Object.entries(COUNTING_RULES)) {
    const target = targetForYear(
      rows.filter((r) => r.key === key),
      year,
    );
    if (!target) continue;
    const current = counting.count(facts, { yearEnd, countsFrom: target.countsFrom, majorCounties });
    targets.push({
      key,
      metric: target.metricZh,
      unit: target.unit,
      region: target.region,
      targetYear: target.year,
      op: target.op,
      targetValue: target.value,
      currentValue: current,
      share: target.value === 0 ? 1 : Math.round((current / target.value) * 10_000) / 10_000,
      met: target.op === '>=' ? current >= target.value : current <= target.value,
      countsFrom: target.countsFrom,
      document: target.document,
      clause: target.clause,
      quote: target.quote,
      countingRule: counting.rule + (target.countsFrom ? ` (counting from ${target.countsFrom})` : ''),
    });
  }
  const centreTarget = targetForYear(
    rows.filter((r) => r.key === 'origin_consolidation_centre_counties'),
    year,
  );
  const ctx = { yearEnd, countsFrom: centreTarget?.countsFrom ?? null, majorCounties };
  return {
    asOf: yearEnd,
    targets,
    majorCounties: majorCounties.map((c) => {
      const centres = operatingCentresIn(c.code, facts, ctx);
      return { code: c.code, name: c.name, cityName: c.cityName, namedInPlan: c.namedInPlan, covered: centres.length > 0, centreIds: centres.map((f) => f.id) };
    }),
  };
}
