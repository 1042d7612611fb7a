import { DomainError, type Principal, Role } from '@app/contracts';
import type { RequestMeta } from '@app/messaging';

/** The acting principal; messages without one are refused. */
export function actor(meta: RequestMeta): Principal {
  if (!meta.principal) throw DomainError.forbidden('a principal is required');
  return meta.principal;
}

/** Refuses a principal whose role is not listed. */
export function requireRole(meta: RequestMeta, ...roles: Role[]): Principal {
  const p = actor(meta);
  if (!roles.includes(p.role)) throw DomainError.forbidden(`role ${p.role} may not do this`);
  return p;
}

/**
 * The county a principal acts for: a county centre acts only for its own county (another
 * county answers 404, as if it did not exist); the admin names the county.
 */
export function actingCounty(p: Principal, requested: string | undefined, what: string): string {
  if (p.role === Role.CountyCentre) {
    if (requested && requested !== p.regionCode) throw DomainError.notFound(what);
    return p.regionCode;
  }
  if (!requested) {
    throw new DomainError(400, 'VALIDATION_FAILED', 'countyCode is required', [{ field: 'countyCode', message: 'name the county' }]);
  }
  return requested;
}
