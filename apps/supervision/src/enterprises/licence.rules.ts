import { LicenceStatus, mayActIn, type Principal, Role } from '@app/contracts';

export interface LicenceFacts {
  validFrom: string;
  validTo: string;
  revokedAt: Date | null;
  /** cancelled at the holder's request (注销) */
  cancelledAt?: Date | null;
}

/** Status of a licence on a business date (dates compare as YYYY-MM-DD strings). */
export function licenceStatusOn(licence: LicenceFacts, date: string): LicenceStatus {
  if (licence.revokedAt) return 'revoked';
  if (licence.cancelledAt) return 'cancelled';
  if (date < licence.validFrom) return 'not_yet_valid';
  if (date > licence.validTo) return 'expired';
  return 'valid';
}

export interface LicenceAuthority {
  /** region of the administration that issued the licence */
  issuedBy: string;
  territory: string[];
}

/**
 * May the principal revoke the licence or add a credit record against its holder? The admin
 * always; staff when both the issuing region and the whole licensed territory lie within
 * their region: a province-wide licence needs province-level staff, a city acts on the
 * licences it issued for its own territory.
 */
export function mayActOnLicence(principal: Principal, licence: LicenceAuthority): boolean {
  if (principal.role === Role.Admin) return true;
  if (principal.role !== Role.Staff) return false;
  return mayActIn(principal, licence.issuedBy) && licence.territory.every((code) => mayActIn(principal, code));
}
