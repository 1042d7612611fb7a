import { DomainError, inRegionScope, Principal, Role } from '@app/contracts';
import { regions } from '@app/regions';

/** Roles that read the supervision platform's figures and lists. */
export const READERS: readonly Role[] = [Role.Admin, Role.Staff, Role.Auditor];
/** Roles that act: draw inspections, record results, open incidents and dispatch. */
export const ACTORS: readonly Role[] = [Role.Admin, Role.Staff];

export function requireRole(principal: Principal | null, roles: readonly Role[]): Principal {
  if (!principal || !roles.includes(principal.role)) throw DomainError.forbidden();
  return principal;
}

/**
 * The region a request is about: the one asked for, or the caller's own. A region outside
 * the caller's scope is refused; an unknown code is 404.
 */
export function scopedRegion(principal: Principal, requested: string | undefined): string {
  const code = requested ?? (principal.role === Role.Admin ? '14' : principal.regionCode);
  if (!regions().has(code)) throw DomainError.notFound(`region ${code}`);
  if (!inRegionScope(principal, code)) {
    throw new DomainError(403, 'OUTSIDE_SCOPE', `region ${code} is outside your region ${principal.regionCode}`);
  }
  return code;
}

export function regionName(code: string): string {
  return regions().get(code)?.name ?? code;
}
