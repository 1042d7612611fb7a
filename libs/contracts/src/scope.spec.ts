import { type Principal, Role } from './principal.js';
import { mayActIn, overlapsScope, regionScope } from './scope.js';

const who = (role: Role, regionCode: string): Principal => ({ sub: 'u', role, orgId: null, regionCode });
const CODES = ['14', '1401', '1408', '140121', '140105', '140821', '140821100'];

describe('region scope', () => {
  it('gives the admin the province and everyone else their own region', () => {
    expect(regionScope(who(Role.Admin, '1401'))).toBe('14');
    expect(regionScope(who(Role.Auditor, '1401'))).toBe('1401');
    expect(regionScope(who(Role.Staff, '140121'))).toBe('140121');
  });

  it('lets county staff see but not act on a province-wide object', () => {
    const county = who(Role.Staff, '140121');
    expect(overlapsScope(county, '14')).toBe(true);
    expect(mayActIn(county, '14')).toBe(false);
    expect(mayActIn(county, '140121100')).toBe(true);
    expect(overlapsScope(county, '1408')).toBe(false);
  });

  it('never lets anyone act where they may not see, and acting within a scope means acting within every enclosing one', () => {
    for (const role of [Role.Staff, Role.Auditor, Role.CountyCentre]) {
      for (const mine of CODES) {
        for (const object of CODES) {
          const p = who(role, mine);
          if (!mayActIn(p, object)) continue;
          expect(overlapsScope(p, object)).toBe(true);
          expect(mayActIn(who(role, mine.slice(0, 2)), object)).toBe(true);
        }
      }
    }
  });
});
