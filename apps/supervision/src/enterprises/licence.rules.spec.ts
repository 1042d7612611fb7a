import { type Principal, Role } from '@app/contracts';
import { mayActOnLicence } from './licence.rules.js';

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
