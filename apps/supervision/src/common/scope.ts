import { DomainError, mayActIn, NATIONAL_REGION, NATIONAL_SCOPE, outsideScope, Principal, regionScope } from '@app/contracts';
import { provinceName, RegionIndex, regions, regionsIfAny } from '@app/regions';

const NONE = new RegionIndex('', []);

/**
 * The divisions a region code belongs to: the deployment's province, or in the national view
 * the province of the code when its data file is there (none for the country itself).
 */
export function divisions(code: string): RegionIndex {
  if (!NATIONAL_SCOPE) return regions();
  return code === NATIONAL_REGION ? NONE : (regionsIfAny(code.slice(0, 2)) ?? NONE);
}

/** Is the code a region this deployment answers for? */
function known(code: string): boolean {
  if (!NATIONAL_SCOPE) return regions().has(code);
  return code === NATIONAL_REGION || (code.length === 2 && provinceName(code) !== undefined) || divisions(code).has(code);
}

/**
 * The region a request is about: the one asked for, or the caller's own. A region outside
 * the caller's scope is refused; an unknown code is 404.
 */
export function scopedRegion(principal: Principal, requested: string | undefined): string {
  const code = requested ?? regionScope(principal);
  if (!known(code)) throw DomainError.notFound(`region ${code}`);
  if (!mayActIn(principal, code)) throw outsideScope(`region ${code}`, principal);
  return code;
}

export function regionName(code: string): string {
  if (code === NATIONAL_REGION) return '全国';
  return divisions(code).get(code)?.name ?? (code.length === 2 ? provinceName(code) : undefined) ?? code;
}
