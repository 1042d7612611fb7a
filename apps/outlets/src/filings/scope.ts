import { DomainError, inRegionScope, Principal, Role } from '@app/contracts';
import type { RequestMeta } from '@app/messaging';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * Who sees which outlet: the admin every one; a courier the outlets its organisation filed
 * (drafts included, nobody else's); staff, county centres and auditors those in their region.
 */
export function canSee(outlet: { ownerOrgId: string | null; regionCode: string }, principal: Principal): boolean {
  if (principal.role === Role.Admin) return true;
  if (principal.role === Role.Courier) return principal.orgId !== null && outlet.ownerOrgId === principal.orgId;
  return inRegionScope(principal, outlet.regionCode);
}

/** The same rule as a WHERE clause on an outlets alias. */
export function scopeOutlets<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, alias: string, principal: Principal): SelectQueryBuilder<T> {
  if (principal.role === Role.Admin) return qb;
  if (principal.role === Role.Courier) {
    return qb.andWhere(`${alias}.owner_org_id = :scopeOrgId`, { scopeOrgId: principal.orgId ?? '' });
  }
  return qb.andWhere(`${alias}.region_code LIKE :scopeRegion`, { scopeRegion: `${principal.regionCode}%` });
}

/** The acting principal when it holds one of `roles`; else 403. */
export function actor(meta: RequestMeta, ...roles: Role[]): Principal {
  const principal = meta.principal;
  if (!principal || (roles.length > 0 && !roles.includes(principal.role))) {
    throw DomainError.forbidden(principal ? `role ${principal.role} may not do this` : 'sign in to do this');
  }
  return principal;
}

/** `LIKE` prefix pattern for a region code (digits only, so nothing to escape). */
export function regionPrefix(code: string): string {
  return `${code}%`;
}
