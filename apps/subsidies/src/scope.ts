import { DomainError, type Principal, Role } from '@app/contracts';

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
