import {
  type CreateFacilityRequest,
  DomainError,
  FACILITY_KIND_NAMES,
  type FacilityResponseDto,
  type FacilitySummaryDto,
  type TemperatureZoneResponseDto,
  ZONE_KINDS,
} from '@app/contracts';
import { regions } from '@app/regions';
import type { Facility, TemperatureZone } from './facility.entity.js';
import type { FacilityDraft } from './facility.store.js';
import { designationLevelOf, type RuleViolation } from './facility.rules.js';

export function regionNames(countyCode: string): { countyName: string; cityCode: string; cityName: string } {
  const index = regions();
  const cityCode = countyCode.slice(0, 4);
  return { countyName: index.get(countyCode)?.name ?? countyCode, cityCode, cityName: index.get(cityCode)?.name ?? cityCode };
}

function zoneResponse(z: TemperatureZone): TemperatureZoneResponseDto {
  return {
    zone: z.zone,
    minC: z.minC,
    maxC: z.maxC,
    capacityTonnes: z.capacityTonnes,
    oxygenPct: z.oxygenPct,
    carbonDioxidePct: z.carbonDioxidePct,
  };
}

export function facilityResponse(f: Facility, zones: TemperatureZone[]): FacilityResponseDto {
  return {
    id: f.id,
    code: f.code,
    kind: f.kind,
    kindName: FACILITY_KIND_NAMES[f.kind],
    name: f.name,
    operator: f.operator,
    operatorUscc: f.operatorUscc,
    regionCode: f.regionCode,
    countyCode: f.countyCode,
    ...regionNames(f.countyCode),
    address: f.address,
    location: { lat: f.lat, lng: f.lng },
    capacityTonnes: f.capacityTonnes,
    volumeCubicMetres: f.volumeCubicMetres,
    temperatureZones: zones
      .filter((z) => z.facilityId === f.id)
      .sort((a, b) => ZONE_KINDS.indexOf(a.zone) - ZONE_KINDS.indexOf(b.zone))
      .map(zoneResponse),
    commodities: f.commodities,
    status: f.status,
    statusSince: f.statusSince,
    designationLevel: f.designationLevel,
    designatedAt: f.designatedAt,
    parentId: f.parentId,
    version: f.version,
    createdAt: f.createdAt.toISOString(),
    updatedAt: f.updatedAt.toISOString(),
  };
}

export function facilitySummary(f: Pick<Facility, 'id' | 'code' | 'kind' | 'name' | 'status' | 'regionCode' | 'capacityTonnes'>): FacilitySummaryDto {
  return { id: f.id, code: f.code, kind: f.kind, name: f.name, status: f.status, regionCode: f.regionCode, capacityTonnes: f.capacityTonnes };
}

/** A 422 problem naming every violation; its code is the first one's. */
export function violationError(violations: RuleViolation[]): DomainError {
  return DomainError.rule(
    violations[0].code,
    violations.map((v) => v.message).join('; '),
    violations.map(({ field, message }) => ({ field, message })),
  );
}

/** A registration request as the store writes it: one facility form or one imported row. */
export function facilityDraft(
  input: CreateFacilityRequest,
  fixed: { id: string; code: string | null; statusDate: string; parentId: string | null },
): FacilityDraft {
  return {
    id: fixed.id,
    code: fixed.code,
    kind: input.kind,
    name: input.name,
    operator: input.operator,
    operatorUscc: input.operatorUscc ?? null,
    regionCode: input.regionCode,
    address: input.address ?? null,
    location: { lat: input.location.lat, lng: input.location.lng },
    capacityTonnes: input.capacityTonnes,
    volumeCubicMetres: input.volumeCubicMetres ?? null,
    temperatureZones: input.temperatureZones,
    commodities: input.commodities,
    status: input.status,
    statusDate: fixed.statusDate,
    designationLevel: designationLevelOf(input.kind, input.designationLevel, input.designatedAt),
    designatedAt: input.designatedAt ?? null,
    parentId: fixed.parentId,
  };
}
