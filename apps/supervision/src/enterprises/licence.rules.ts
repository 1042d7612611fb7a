import { addDays, type LicenceEnding, LicenceStatus, mayActIn, type Principal, Role, shanghaiToday } from '@app/contracts';

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

/** An end of a licence that lapses its holder's outlets, as the daily lapse job announces it. */
export interface LicenceLapse {
  ending: LicenceEnding;
  /** the first day without a licence */
  endedOn: string;
  /** what the enterprise row remembers once announced: the same end is never announced twice */
  key: string;
}

/**
 * The end the lapse job announces on `today`: a cancellation (注销), or an expiry (the day after
 * `validTo` has begun). None for a standing licence, nor for a revoked one: the revocation
 * announces itself. A licence renewed before the job runs has a later `validTo`, so it
 * lapses nothing; a licence that expires again after a renewal is a new end (a new key).
 */
export function licenceLapse(licence: LicenceFacts, today: string): LicenceLapse | null {
  if (licence.revokedAt) return null;
  if (licence.cancelledAt) return { ending: 'cancelled', endedOn: shanghaiToday(licence.cancelledAt), key: 'cancelled' };
  if (licence.validTo < today) return { ending: 'expired', endedOn: addDays(licence.validTo, 1), key: `expired:${licence.validTo}` };
  return null;
}
