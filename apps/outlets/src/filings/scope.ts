import { mayActIn, Principal, Role } from '@app/contracts';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * Who sees which outlet: the admin every one; a courier the outlets its organisation filed
 * (drafts included, nobody else's); staff, county centres and auditors those in their region.
 */
export function canSee(outlet: { ownerOrgId: string | null; regionCode: string }, principal: Principal): boolean {
  if (principal.role === Role.Admin) return true;
  if (principal.role === Role.Courier) return principal.orgId !== null && outlet.ownerOrgId === principal.orgId;
  return mayActIn(principal, outlet.regionCode);
}

/** The same rule as a WHERE clause on an outlets alias. */
export function scopeOutlets<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, alias: string, principal: Principal): SelectQueryBuilder<T> {
  if (principal.role === Role.Admin) return qb;
  if (principal.role === Role.Courier) {
    return qb.andWhere(`${alias}.owner_org_id = :scopeOrgId`, { scopeOrgId: principal.orgId ?? '' });
  }
  return qb.andWhere(`${alias}.region_code LIKE :scopeRegion`, { scopeRegion: `${principal.regionCode}%` });
}
