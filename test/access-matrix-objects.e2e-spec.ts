import request from 'supertest';
import { mayActIn, type Principal, Role, Scope } from '@app/contracts';
import { TestPlatform } from './support/platform.js';
import { api } from './support/http.js';
import { validUscc } from './support/factories.js';
import { facilityInput, PLACES } from './support/cold-chain.js';

type Access = 'public' | Role[];
type Op = { 'x-access'?: Access; 'x-scope'?: Scope };
const NIL = '00000000-0000-4000-8000-000000000000';
const OWN = '140121'; // Qingxu county, in Taiyuan (1401)
const OTHER = '140821'; // Linyi county, in Yuncheng (1408)

/**
 * Every route of the OpenAPI document × every role × an object of the caller's own region
 * (Taiyuan 140121) and one of another (Yuncheng 140821), with all services running. The
 * expected outcome comes from the access table as the document shows it (`x-access` roles,
 * `x-scope` rule): a caller outside the roles never succeeds; a caller of a region-scoped
 * route whose region does not hold the other object never gets it (a 2xx naming one of the
 * other region's objects, or a 2xx write on it, is an unexpected success). Objects: an
 * incident, an emergency resource and a cold-chain facility in each region; list routes are
 * asked with `regionCode` own and other.
 */
describe('route × role × own/other object access matrix, real services', () => {
  const platform = new TestPlatform();
  const callers = new Map<Role | 'anonymous', { token: string | null; principal: Principal | null }>();
  const own = new Map<string, string>();
  const other = new Map<string, string>();

  beforeAll(async () => {
    await platform.start();
    const adminToken = await platform.adminToken();
    const admin = api(platform).as({ token: adminToken });
    callers.set('anonymous', { token: null, principal: null });
    callers.set(Role.Admin, { token: adminToken, principal: { sub: 'admin', role: Role.Admin, orgId: null, regionCode: '14' } });
    const users: Array<[Role, string, string, Record<string, string>]> = [
      [Role.Staff, 'postal_admin', '1401', {}],
      [Role.Auditor, 'postal_admin', '1401', {}],
      [Role.CountyCentre, 'county_centre', OWN, {}],
      [Role.Courier, 'courier', '14', { uscc: validUscc() }],
    ];
    for (const [role, kind, regionCode, extra] of users) {
      const org = await admin.post('/organisations').send({ name: `对象矩阵${role}`, kind, regionCode, ...extra });
      const username = `objects.${role}`;
      await admin.post('/users').send({ username, password: `pw-${username}-long`, role, orgId: org.body.id });
      callers.set(role, { token: await platform.login(username, `pw-${username}-long`), principal: { sub: username, role, orgId: org.body.id, regionCode } });
    }
    for (const [map, code, place] of [
      [own, OWN, PLACES.qingxu],
      [other, OTHER, PLACES.linyi],
    ] as const) {
      const incident = await admin.post('/incidents').send({ kind: 'weather', title: `矩阵事件${code}`, severity: 2, affectedRegions: [code] });
      const resource = await admin.post('/emergency-resources').send({ kind: 'team', name: `矩阵队伍${code}`, regionCode: code, capacity: 5, capacityUnit: 'persons' });
      const facility = await admin.post('/cold-chain/facilities').send(facilityInput({ ...place }));
      expect([incident.status, resource.status, facility.status]).toEqual([201, 201, 201]);
      map.set('incident', incident.body.id).set('resource', resource.body.id).set('facility', facility.body.id);
    }
  }, 300_000);

  afterAll(() => platform.stop());

  /** The route's path with the object of `which` side put in for its id (NIL where no such object was made). */
  function url(path: string, method: string, which: Map<string, string>, code: string): string {
    const kind = /\/incidents\/\{id\}/.test(path) ? 'incident' : /\/cold-chain\/facilities\/\{id\}/.test(path) ? 'facility' : null;
    let out = path.replace('{id}', kind ? which.get(kind)! : NIL).replace(/\{[^}]+\}/g, NIL);
    if (method === 'get' && !/\{/.test(path)) out += `?regionCode=${code}`;
    return out;
  }

  it('finds 0 unexpected successes', async () => {
    const doc = (await request(platform.url).get('/docs-json')).body as { paths: Record<string, Record<string, Op>> };
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ method, path, op })));
    const otherIds = [...other.values()];
    const counts = { routes: routes.length, calls: 0, refusedForRole: 0, ownReached: 0, otherWithheld: 0, otherInScope: 0, unexpectedSuccesses: 0 };
    const problems: string[] = [];
    for (const { method, path, op } of routes) {
      const access = op['x-access'];
      const scope = op['x-scope'];
      for (const [who, { token, principal }] of callers) {
        const allowed = access === 'public' || (principal !== null && Array.isArray(access) && access.includes(principal.role));
        for (const side of ['own', 'other'] as const) {
          let call = request(platform.url)[method as 'get'](url(path, method, side === 'own' ? own : other, side === 'own' ? OWN : OTHER));
          if (token) call = call.set('authorization', `Bearer ${token}`);
          const res = await call.send({});
          counts.calls++;
          const ok = res.status < 300;
          const where = `${who} ${method.toUpperCase()} ${path} (${side})`;
          if (!allowed) {
            if (ok) {
              counts.unexpectedSuccesses++;
              problems.push(`${where}: ${res.status} outside ${JSON.stringify(access)}`);
            } else counts.refusedForRole++;
            continue;
          }
          if (side === 'own') {
            if (ok) counts.ownReached++;
            continue;
          }
          // the other region's object: only a caller whose region holds it, or a province-wide rule, may get it
          const regional = scope === Scope.Region || scope === Scope.OwnOrg || scope === Scope.Province;
          if (!regional || !principal || mayActIn(principal, OTHER)) {
            counts.otherInScope++;
            continue;
          }
          const leaked = ok && (method !== 'get' || otherIds.some((id) => JSON.stringify(res.body ?? '').includes(id)));
          if (leaked) {
            counts.unexpectedSuccesses++;
            problems.push(`${where}: ${res.status}, reached another region's object under rule ${scope}`);
          } else counts.otherWithheld++;
        }
      }
    }
    console.log(`access matrix with objects: ${JSON.stringify(counts)}`);
    expect(problems).toEqual([]);
    expect(counts.unexpectedSuccesses).toBe(0);
    expect(counts.otherWithheld).toBeGreaterThan(0);
  }, 600_000);
});
