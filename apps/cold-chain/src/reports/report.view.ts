import type { OperatingReportDto } from '@app/contracts';
import type { OperatingReport } from './report.entity.js';

/** A monthly operating report as the API shows it; `superseded` when a later version of its month exists. */
export function operatingReportDto(r: OperatingReport, superseded: boolean): OperatingReportDto {
  return {
    id: r.id,
    facilityId: r.facilityId,
    month: r.month.slice(0, 7),
    version: r.version,
    superseded,
    throughputTonnes: r.throughputTonnes,
    avgUtilisationPct: r.avgUtilisationPct,
    excursions: r.excursions,
    excursionCount: r.excursionCount,
    longestExcursionMinutes: r.longestExcursionMinutes,
    correctionReason: r.correctionReason,
    filedBy: r.filedBy,
    filedAt: r.createdAt.toISOString(),
  };
}
