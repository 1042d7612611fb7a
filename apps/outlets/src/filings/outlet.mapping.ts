import {
  type FilingVersionDto,
  type OutletDetailDto,
  type OutletEvent,
  type OutletParticularsDto,
  type OutletResponseDto,
  workingCalendar,
} from '@app/contracts';
import type { Filing, Particulars } from './filing.entity.js';
import type { Outlet } from './outlet.entity.js';
import { regionParts } from './outlet.rules.js';

export function particularsOf(o: Outlet): Particulars {
  return {
    kind: o.kind,
    name: o.name,
    enterpriseId: o.enterpriseId,
    enterpriseName: o.enterpriseName,
    sharedEnterpriseIds: o.sharedEnterpriseIds,
    regionCode: o.regionCode,
    address: o.address,
    location: { lat: o.lat, lng: o.lng },
    openingHours: o.openingHours,
    personInCharge: o.personInCharge,
    compartments: o.compartments,
    branchId: o.branchId,
  };
}

/** Writes a version's particulars onto the outlet row. */
export function applyParticulars(o: Outlet, p: Particulars): void {
  const parts = regionParts(p.regionCode);
  Object.assign(o, {
    kind: p.kind,
    name: p.name,
    enterpriseId: p.enterpriseId,
    enterpriseName: p.enterpriseName,
    sharedEnterpriseIds: p.sharedEnterpriseIds,
    regionCode: p.regionCode,
    countyCode: parts.countyCode,
    townshipCode: parts.townshipCode,
    villageCode: parts.villageCode,
    address: p.address,
    lat: p.location.lat,
    lng: p.location.lng,
    openingHours: p.openingHours,
    personInCharge: p.personInCharge,
    compartments: p.compartments,
    branchId: p.branchId ?? null,
  });
}

function particularsDto(p: Particulars): OutletParticularsDto {
  return { ...p, branchId: p.branchId ?? null, location: { ...p.location }, sharedEnterpriseIds: [...p.sharedEnterpriseIds] };
}

export function toResponse(o: Outlet, flaggedForReview: boolean): OutletResponseDto {
  return {
    id: o.id,
    ...particularsDto(particularsOf(o)),
    countyCode: o.countyCode,
    townshipCode: o.townshipCode,
    status: o.status,
    receiptNo: o.receiptNo,
    version: o.version,
    pendingVersion: o.pendingVersion,
    openedOn: o.openedOn,
    filedOn: o.filedOn,
    closedOn: o.closedOn,
    ownerOrgId: o.ownerOrgId,
    flaggedForReview,
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
  };
}

function toVersion(f: Filing): FilingVersionDto {
  return {
    version: f.version,
    type: f.type,
    status: f.status,
    particulars: particularsDto(f.particulars),
    effectiveOn: f.effectiveOn,
    operatorCredit: f.operatorCredit,
    submittedOn: f.submittedOn,
    dueOn: f.dueOn,
    late: f.submittedOn > f.dueOn,
    decisionDueOn: f.decisionDueOn,
    noticeDueOn: f.noticeDueOn,
    weekdaysOnlyYears: workingCalendar.yearsWithoutCalendar(
      f.effectiveOn < f.submittedOn ? f.effectiveOn : f.submittedOn,
      [f.dueOn, f.decisionDueOn ?? f.dueOn].sort().at(-1)!,
    ),
    noticeOn: f.noticeOn,
    missingItems: f.missingItems,
    decidedOn: f.decidedOn,
    reason: f.reason,
    createdAt: f.createdAt.toISOString(),
  };
}

export function toDetail(o: Outlet, flaggedForReview: boolean, filings: Filing[]): OutletDetailDto {
  return { ...toResponse(o, flaggedForReview), versions: [...filings].sort((a, b) => a.version - b.version).map(toVersion) };
}

/** The payload other services build read models from (OutletEvent). */
export function outletEvent(o: Outlet, date: string): OutletEvent {
  return {
    outletId: o.id,
    kind: o.kind,
    enterpriseIds: [o.enterpriseId, ...o.sharedEnterpriseIds],
    regionCode: o.regionCode,
    countyCode: o.countyCode,
    townshipCode: o.townshipCode,
    status: o.status,
    receiptNo: o.receiptNo,
    date,
  };
}
