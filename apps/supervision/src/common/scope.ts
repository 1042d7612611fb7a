import { DomainError, mayActIn, outsideScope, Principal, Role } from '@app/contracts';
import { regions } from '@app/regions';

/**
 * The region a request is about: the one asked for, or the caller's own. A region outside
 * the caller's scope is refused; an unknown code is 404.
 */
export function scopedRegion(principal: Principal, requested: string | undefined): string {
  const code = requested ?? (principal.role === Role.Admin ? '14' : principal.regionCode);
  if (!regions().has(code)) throw DomainError.notFound(`region ${code}`);
  if (!mayActIn(principal, code)) throw outsideScope(`region ${code}`, principal);
  return code;
}

export function regionName(code: string): string {
  return regions().get(code)?.name ?? code;
}
