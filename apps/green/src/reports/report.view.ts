import type { FactorSetRefDto, GreenReportEvent, GreenReportListItemDto, GreenReportVersionDto, SubmitGreenReportMessage } from '@app/contracts';
import type { GreenReport, GreenReportVersion } from './report.entity.js';
import { lateness, type ReportFigures } from './green.rules.js';

/**
 * The green service's mappers: the 15 figures of a report between their three shapes (the
 * filed body and the API's nested `vehicles`/`energy`, the rules' `ReportFigures`, and the
 * version row's flat columns), and the rows as the API and the events show them.
 */

/** The figures as the version row stores them: vehicles and energy flattened into columns. */
export type FigureColumns = Pick<
  GreenReportVersion,
  | 'parcels'
  | 'eWaybills'
  | 'transitBagsTotal'
  | 'recyclableTransitBags'
  | 'plasticBagsUsed'
  | 'plasticBagsRecovered'
  | 'singleUsePlasticItems'
  | 'recyclableBoxes'
  | 'tapeMeters'
  | 'vehiclesTotal'
  | 'vehiclesNewEnergy'
  | 'dieselL'
  | 'gasolineL'
  | 'electricityKWh'
  | 'cngM3'
>;

/** The figures of a stored version, as the rules and the API read them. */
export function figuresOfVersion(v: FigureColumns): ReportFigures {
  return {
    parcels: v.parcels,
    eWaybills: v.eWaybills,
    transitBagsTotal: v.transitBagsTotal,
    recyclableTransitBags: v.recyclableTransitBags,
    plasticBagsUsed: v.plasticBagsUsed,
    plasticBagsRecovered: v.plasticBagsRecovered,
    singleUsePlasticItems: v.singleUsePlasticItems,
    recyclableBoxes: v.recyclableBoxes,
    tapeMeters: v.tapeMeters,
    vehicles: { total: v.vehiclesTotal, newEnergy: v.vehiclesNewEnergy },
    energy: { dieselL: v.dieselL, gasolineL: v.gasolineL, electricityKWh: v.electricityKWh, cngM3: v.cngM3 },
  };
}

/** The figures as a version row stores them. */
export function flatFigures(f: ReportFigures): FigureColumns {
  const { vehicles, energy, ...scalars } = f;
  return { ...scalars, vehiclesTotal: vehicles.total, vehiclesNewEnergy: vehicles.newEnergy, ...energy };
}

/** The figures of a filed body; an optional figure left out is null. */
export function figuresOf(input: SubmitGreenReportMessage): ReportFigures {
  return figuresOfVersion({
    ...input,
    singleUsePlasticItems: input.singleUsePlasticItems ?? null,
    recyclableBoxes: input.recyclableBoxes ?? null,
    tapeMeters: input.tapeMeters ?? null,
    vehiclesTotal: input.vehicles.total,
    vehiclesNewEnergy: input.vehicles.newEnergy,
    ...input.energy,
  });
}

/** A version as the API shows it; `refs` names every factor set (sets are never deleted). */
export function versionDto(v: GreenReportVersion, refs: Map<string, FactorSetRefDto>): GreenReportVersionDto {
  return {
    version: v.version,
    versionStatus: v.status,
    ...figuresOfVersion(v),
    eWaybillRate: v.eWaybillRate,
    recyclableBagRate: v.recyclableBagRate,
    newEnergyShare: v.newEnergyShare,
    plasticRecoveryRate: v.plasticRecoveryRate,
    plasticReduction: v.plasticReduction,
    co2eKg: v.co2eKg,
    co2eByCarrier: v.co2eByCarrier,
    factorSet: refs.get(v.factorSetId) as FactorSetRefDto,
    stated: v.stated,
    flags: v.flags,
    note: v.note,
    submittedBy: v.submittedBy,
    submittedAt: v.submittedAt.toISOString(),
    decidedBy: v.decidedBy,
    decidedAt: v.decidedAt ? v.decidedAt.toISOString() : null,
    decisionReason: v.decisionReason,
  };
}

/** A report's header with its current version, as the list and the detail show it. */
export function headerDto(r: GreenReport, current: GreenReportVersionDto, dueDate: string): GreenReportListItemDto {
  return {
    id: r.id,
    enterpriseId: r.enterpriseId,
    enterpriseName: r.enterpriseName,
    enterpriseUscc: r.enterpriseUscc,
    year: r.year,
    period: r.period,
    regionCode: r.regionCode,
    status: r.status,
    dueDate,
    filedOn: r.filedOn,
    ...lateness(r.filedOn, dueDate),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    ...current,
  };
}

/** The event a filing or a decision publishes. */
export function eventOf(r: Pick<GreenReport, 'id' | 'enterpriseId' | 'year' | 'period' | 'regionCode' | 'status'>, v: GreenReportVersion): GreenReportEvent {
  return {
    reportId: r.id,
    enterpriseId: r.enterpriseId,
    year: r.year,
    period: r.period,
    regionCode: r.regionCode,
    version: v.version,
    status: r.status,
    parcels: v.parcels,
    eWaybills: v.eWaybills,
    transitBagsTotal: v.transitBagsTotal,
    recyclableTransitBags: v.recyclableTransitBags,
    vehiclesTotal: v.vehiclesTotal,
    vehiclesNewEnergy: v.vehiclesNewEnergy,
    co2eKg: v.co2eKg,
  };
}
