import { LicenceStatus } from '@app/contracts';

export interface LicenceFacts {
  validFrom: string;
  validTo: string;
  revokedAt: Date | null;
}

/** Status of a licence on a business date (dates compare as YYYY-MM-DD strings). */
export function licenceStatusOn(licence: LicenceFacts, date: string): LicenceStatus {
  if (licence.revokedAt) return 'revoked';
  if (date < licence.validFrom) return 'not_yet_valid';
  if (date > licence.validTo) return 'expired';
  return 'valid';
}
