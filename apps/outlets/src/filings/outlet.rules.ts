import type { FieldError, OutletKind } from '@app/contracts';
import { RegionIndex } from '@app/regions';
import { PROVINCE_BOUNDS, withinProvince, type Point } from '@app/regions';
import { compartmentCount, type Compartments } from '../usage/usage.rules.js';

export interface ParticularsToCheck {
  kind: OutletKind;
  enterpriseId: string;
  sharedEnterpriseIds: string[];
  regionCode: string;
  location: Point;
  compartments: Compartments | null;
}

/** What is wrong with an outlet's particulars, field by field (empty when nothing is). */
export function particularsProblems(p: ParticularsToCheck, index: RegionIndex): FieldError[] {
  const problems: FieldError[] = [];
  if (!index.has(p.regionCode, 'township', 'village')) {
    problems.push({
      field: 'regionCode',
      message: `${p.regionCode} is not a township or village of ${index.get(index.province)?.name ?? index.province} in the division data`,
    });
  }
  if (!withinProvince(p.location)) {
    const b = PROVINCE_BOUNDS;
    problems.push({
      field: 'location',
      message: `(${p.location.lat}, ${p.location.lng}) lies outside ${index.get(index.province)?.name ?? index.province} (lat ${b.minLat}–${b.maxLat}, lng ${b.minLng}–${b.maxLng})`,
    });
  }
  if (p.kind === 'smart_locker' && compartmentCount(p.compartments) === 0) {
    problems.push({ field: 'compartments', message: 'a smart locker needs at least one compartment' });
  }
  if (p.kind !== 'smart_locker' && p.compartments) {
    problems.push({ field: 'compartments', message: 'only a smart locker has compartments' });
  }
  if (p.sharedEnterpriseIds.includes(p.enterpriseId)) {
    problems.push({ field: 'sharedEnterpriseIds', message: 'must not include the operator itself' });
  }
  return problems;
}

/** True when the region lies inside the licence's territory (region code prefixes). */
export function inTerritory(regionCode: string, territory: readonly string[]): boolean {
  return territory.some((prefix) => regionCode.startsWith(prefix));
}

/** Where in the division tree a township or village code sits. */
export function regionParts(regionCode: string): { countyCode: string; townshipCode: string; villageCode: string | null } {
  return {
    countyCode: regionCode.slice(0, 6),
    townshipCode: regionCode.slice(0, 9),
    villageCode: regionCode.length === 12 ? regionCode : null,
  };
}

/**
 * Does a branch or business office (分支机构、营业部) run outlets in this region? Within the
 * city (地级市) it is registered in: the outlet's region lies in the branch's city, or
 * anywhere in the province for a branch registered at province level. The platform's own
 * reading: seed 003 lets branches file outlets, and a branch answers to the city it is in.
 */
export function branchServes(branchRegion: string, outletRegion: string): boolean {
  return outletRegion.startsWith(branchRegion.slice(0, 4));
}
