import { type Principal, Role } from '@app/contracts';
import { licenceLapse, mayActOnLicence } from './licence.rules.js';

const who = (role: Role, regionCode: string): Principal => ({ sub: 'u', role, orgId: role === Role.Admin ? null : 'o', regionCode });

describe('who may revoke a licence or record credit against its holder', () => {
  const provinceWide = { issuedBy: '14', territory: ['14'] };
  const taiyuanIssued = { issuedBy: '1401', territory: ['1401'] };

  it('leaves a province-wide licence to the admin and province-level staff', () => {
    expect(mayActOnLicence(who(Role.Admin, '14'), provinceWide)).toBe(true);
    expect(mayActOnLicence(who(Role.Staff, '14'), provinceWide)).toBe(true);
    expect(mayActOnLicence(who(Role.Staff, '1401'), provinceWide)).toBe(false);
    expect(mayActOnLicence(who(Role.Staff, '140121'), provinceWide)).toBe(false);
  });

  it('lets a city act on the licences it issued, not a county below it nor another city', () => {
    expect(mayActOnLicence(who(Role.Staff, '1401'), taiyuanIssued)).toBe(true);
    expect(mayActOnLicence(who(Role.Staff, '14'), taiyuanIssued)).toBe(true);
    expect(mayActOnLicence(who(Role.Staff, '140121'), taiyuanIssued)).toBe(false);
    expect(mayActOnLicence(who(Role.Staff, '1408'), taiyuanIssued)).toBe(false);
  });

  it('refuses a city a licence whose territory reaches beyond it, and every role but staff and admin', () => {
    expect(mayActOnLicence(who(Role.Staff, '1401'), { issuedBy: '1401', territory: ['1401', '1408'] })).toBe(false);
    for (const role of [Role.Auditor, Role.Courier, Role.CountyCentre]) expect(mayActOnLicence(who(role, '14'), provinceWide)).toBe(false);
  });
});

describe('licenceLapse (the daily lapse job)', () => {
  const licence = { validFrom: '2023-01-01', validTo: '2026-11-28', revokedAt: null, cancelledAt: null };

  it('announces an expiry from the day after the last valid day, keyed by that validity', () => {
    expect(licenceLapse(licence, '2026-11-28')).toBeNull();
    expect(licenceLapse(licence, '2026-11-29')).toEqual({ ending: 'expired', endedOn: '2026-11-29', key: 'expired:2026-11-28' });
    expect(licenceLapse(licence, '2027-03-01')?.key).toBe('expired:2026-11-28');
  });

  it('lapses nothing for a licence renewed before the job runs, and keys a later expiry anew', () => {
    const renewed = { ...licence, validTo: '2031-12-31' };
    expect(licenceLapse(renewed, '2026-11-29')).toBeNull();
    expect(licenceLapse(renewed, '2032-01-01')?.key).toBe('expired:2031-12-31');
  });

  it('announces a cancellation on its Shanghai date, and leaves a revocation to the revocation', () => {
    expect(licenceLapse({ ...licence, cancelledAt: new Date('2026-06-30T17:00:00Z') }, '2026-07-02')).toEqual({
      ending: 'cancelled',
      endedOn: '2026-07-01',
      key: 'cancelled',
    });
    expect(licenceLapse({ ...licence, revokedAt: new Date('2026-06-30T00:00:00Z') }, '2027-01-01')).toBeNull();
  });
});
