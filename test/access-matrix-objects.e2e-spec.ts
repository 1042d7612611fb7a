import request from 'supertest';
import { mayActIn, type Principal, Role, Scope } from '@app/contracts';
import { TestPlatform } from './support/platform.js';
import { api } from './support/http.js';
import { enterpriseInput, validUscc } from './support/factories.js';
import { facilityInput, PLACES } from './support/cold-chain.js';
import { outletInput } from './support/outlets.js';
import { greenReport } from './support/green.js';

type Access = 'public' | Role[];
type Op = { 'x-access'?: Access; 'x-scope'?: Scope; parameters?: Array<{ in: string; name: string }> };
type Side = 'own' | 'other';
const NIL = '00000000-0000-4000-8000-000000000000';
const OWN = '140121'; // Qingxu county, in Taiyuan (1401)
const OTHER = '140821'; // Linyi county, in Yuncheng (1408)
const OTHER_CITY = '1408';

/**
 * The kinds of object a path names by id, each made once on either side: the caller's own
 * (Taiyuan, the caller's own organisation) and another (Yuncheng, another organisation).
 * `user` and `organisation` are the caller's own on the own side.
 */
const KINDS: Array<[RegExp, string]> = [
  [/^\/api\/v1\/incidents\/\{id\}/, 'incident'],
  [/^\/api\/v1\/cold-chain\/facilities\/\{id\}/, 'facility'],
  [/^\/api\/v1\/enterprises\/\{id\}/, 'enterprise'],
  [/^\/api\/v1\/outlets\/\{id\}/, 'outlet'],
  [/^\/api\/v1\/green-reports\/\{id\}/, 'greenReport'],
  [/^\/api\/v1\/subsidy-claims\/\{id\}/, 'claim'],
  [/^\/api\/v1\/subsidy-programmes\/\{id\}/, 'programme'],
  [/^\/api\/v1\/users\/\{id\}/, 'user'],
  [/^\/api\/v1\/organisations\/\{id\}/, 'organisation'],
  [/^\/api\/v1\/api-keys\/\{id\}/, 'apiKey'],
  [/^\/api\/v1\/inspections\/draws\/\{(id|drawId)\}/, 'draw'],
];

/**
 * Bodies of writes that name an object of the side in their body, or that are refused
 * without one before any scope check: so that a write outside the caller's scope is refused
 * for its scope, not for a missing field.
 */
const BODIES: Record<string, (side: Map<string, string>) => object> = {
  'post /api/v1/enterprises/{id}/licence/revocation': () => ({ reason: '对象矩阵吊销' }),
  'post /api/v1/credit-records': (side) => ({ enterpriseId: side.get('enterprise'), severity: 'minor', description: '对象矩阵记录', occurredOn: '2025-01-02' }),
  'post /api/v1/incidents/{id}/dispatch': (side) => ({ resourceIds: [side.get('resource')] }),
  'post /api/v1/inspections/draws/{drawId}/items/{itemId}/result': () => ({ outcome: 'pass' }),
};
/** Objects whose id in a 2xx answer to a caller outside their scope is a leak (shared registries are readable by all). */
const SCOPED_KINDS = ['incident', 'resource', 'outlet', 'greenReport', 'claim', 'centre', 'user', 'apiKey', 'draw'];

/**
 * Every route of the OpenAPI document × every role × an object of the caller's own region or
 * organisation (Taiyuan 140121) and one of another (Yuncheng 140821), with all services
 * running. Objects on both sides: incidents, emergency resources, cold-chain facilities,
 * enterprises (registered by each city's staff), outlets and green reports (filed by each
 * side's courier), county centres, parcel counts and subsidy claims (of each side's county
 * centre), inspection draws (of each city's staff), users, organisations and API keys. Writes
 * that name their object in the body (credit records, dispatches, results) get it. Routes with a region or county in their query
 * are asked with own and other codes. The expected outcome comes from the access table as the
 * document shows it (`x-access` roles, `x-scope` rule): a caller outside the roles never
 * succeeds; a caller whose scope does not hold the other object (region rules: its region;
 * own-org rules: a courier's own organisation; the gateway's identity routes: admin, or a
 * user itself, or its own or overseen organisation) never gets it: a 2xx naming one of the
 * other side's objects, or a 2xx write on it, is an unexpected success.
 */
describe('route × role × own/other object access matrix, real services', () => {
  // every service starts at once, and the first requests warm each service: on a loaded
  // machine both take longer than the defaults of a test platform
  const platform = new TestPlatform({ startWaitMs: 180_000, env: { NATS_REQUEST_TIMEOUT_MS: '10000' } });
  const callers = new Map<Role | 'anonymous', { token: string | null; principal: Principal | null; user: string; org: string }>();
  const own = new Map<string, string>();
  const other = new Map<string, string>();

  async function created(res: PromiseLike<{ status: number; body: { id: string }; text: string }>, what: string): Promise<string> {
    const r = await res;
    if (r.status !== 201 && r.status !== 200) throw new Error(`${what}: ${r.status} ${r.text}`);
    return r.body.id;
  }

  beforeAll(async () => {
    await platform.start();
    const adminToken = await platform.adminToken();
    const admin = api(platform).as({ token: adminToken });
    const org = (name: string, kind: string, regionCode: string, extra: Record<string, string> = {}) =>
      created(admin.post('/organisations').send({ name, kind, regionCode, ...extra }), `organisation ${name}`);
    const user = async (username: string, role: Role, orgId: string) => {
      const password = `pw-${username}-long`;
      const id = await created(admin.post('/users').send({ username, password, role, orgId }), `user ${username}`);
      return { id, token: await platform.login(username, password) };
    };

    // the staff of each city, and the enterprises each registered (the courier organisations' credit codes)
    const staffOrg = await org('对象矩阵太原市局', 'postal_admin', '1401');
    const otherStaffOrg = await org('对象矩阵运城市局', 'postal_admin', OTHER_CITY);
    const staff = await user('objects.staff', Role.Staff, staffOrg);
    const otherStaff = await user('objects.other-staff', Role.Staff, otherStaffOrg);
    const ownEnterprise = enterpriseInput({ uscc: validUscc() });
    const otherEnterprise = enterpriseInput({ uscc: validUscc('140800') });
    own.set('enterprise', await created(api(platform).as({ token: staff.token }).post('/enterprises').send(ownEnterprise), 'own enterprise'));
    other.set('enterprise', await created(api(platform).as({ token: otherStaff.token }).post('/enterprises').send(otherEnterprise), 'other enterprise'));

    const auditorOrg = await org('对象矩阵太原审计', 'postal_admin', '1401');
    const centreOrg = await org('对象矩阵清徐县中心', 'county_centre', OWN);
    const otherCentreOrg = await org('对象矩阵临猗县中心', 'county_centre', OTHER);
    const courierOrg = await org('对象矩阵快递（太原）', 'courier', '14', { uscc: ownEnterprise.uscc });
    const otherCourierOrg = await org('对象矩阵快递（运城）', 'courier', '14', { uscc: otherEnterprise.uscc });
    const auditor = await user('objects.auditor', Role.Auditor, auditorOrg);
    const centre = await user('objects.centre', Role.CountyCentre, centreOrg);
    const otherCentre = await user('objects.other-centre', Role.CountyCentre, otherCentreOrg);
    const courier = await user('objects.courier', Role.Courier, courierOrg);
    const otherCourier = await user('objects.other-courier', Role.Courier, otherCourierOrg);

    callers.set('anonymous', { token: null, principal: null, user: NIL, org: NIL });
    callers.set(Role.Admin, { token: adminToken, principal: { sub: 'admin', role: Role.Admin, orgId: null, regionCode: '14' }, user: staff.id, org: staffOrg });
    callers.set(Role.Staff, {
      token: staff.token,
      principal: { sub: staff.id, role: Role.Staff, orgId: staffOrg, regionCode: '1401' },
      user: staff.id,
      org: staffOrg,
    });
    callers.set(Role.Auditor, {
      token: auditor.token,
      principal: { sub: auditor.id, role: Role.Auditor, orgId: auditorOrg, regionCode: '1401' },
      user: auditor.id,
      org: auditorOrg,
    });
    callers.set(Role.CountyCentre, {
      token: centre.token,
      principal: { sub: centre.id, role: Role.CountyCentre, orgId: centreOrg, regionCode: OWN },
      user: centre.id,
      org: centreOrg,
    });
    callers.set(Role.Courier, {
      token: courier.token,
      principal: { sub: courier.id, role: Role.Courier, orgId: courierOrg, regionCode: '14' },
      user: courier.id,
      org: courierOrg,
    });
    other.set('user', otherCourier.id).set('organisation', otherStaffOrg);

    const sides = [
      { map: own, code: OWN, place: PLACES.qingxu, town: '140121100', centre, centreOrg, courier, staff, staffOrg, region: '1401' },
      {
        map: other,
        code: OTHER,
        place: PLACES.linyi,
        town: PLACES.linyiTown.regionCode,
        centre: otherCentre,
        centreOrg: otherCentreOrg,
        courier: otherCourier,
        staff: otherStaff,
        staffOrg: otherStaffOrg,
        region: OTHER_CITY,
      },
    ];
    const programme = await created(
      admin.post('/subsidy-programmes').send({
        year: 2023,
        name: '对象矩阵补助',
        directions: ['upstream'],
        rates: [{ direction: 'upstream', rateFen: 40 }],
        avgCeilingFen: 50,
        budgets: [OWN, OTHER].map((countyCode) => ({ countyCode, amountFen: 100_000 })),
      }),
      'programme',
    );
    for (const s of sides) {
      const { map, code } = s;
      map.set(
        'incident',
        await created(admin.post('/incidents').send({ kind: 'weather', title: `矩阵事件${code}`, severity: 2, affectedRegions: [code] }), 'incident'),
      );
      map.set(
        'resource',
        await created(
          admin.post('/emergency-resources').send({ kind: 'team', name: `矩阵队伍${code}`, regionCode: code, capacity: 5, capacityUnit: 'persons' }),
          'resource',
        ),
      );
      map.set('facility', await created(admin.post('/cold-chain/facilities').send(facilityInput({ ...s.place })), 'facility'));
      const courierClient = api(platform).as({ token: s.courier.token });
      map.set(
        'outlet',
        await created(
          courierClient.post('/outlets').send(outletInput(map.get('enterprise')!, { regionCode: s.town, location: s.place.location })),
          `outlet ${code}`,
        ),
      );
      map.set('greenReport', await created(courierClient.post('/green-reports').send(greenReport({ regionCode: s.region })), `green report ${code}`));
      map.set(
        'centre',
        await created(admin.post('/county-centres').send({ name: `矩阵中心${code}`, countyCode: code, orgId: s.centreOrg }), `county centre ${code}`),
      );
      const centreClient = api(platform).as({ token: s.centre.token });
      await created(
        centreClient.post('/parcel-counts').send({ reports: [{ date: '2023-06-01', brand: 'ZTO', direction: 'upstream', items: 100 }] }),
        `counts ${code}`,
      );
      map.set(
        'claim',
        await created(
          centreClient.post('/subsidy-claims').send({ programmeId: programme, countyCode: code, periodStart: '2023-06-01', periodEnd: '2023-06-01' }),
          `claim ${code}`,
        ),
      );
      map.set('programme', programme);
      map.set('apiKey', await created(admin.post('/api-keys').send({ orgId: s.staffOrg, role: 'staff', name: `矩阵密钥${code}` }), `api key ${code}`));
      // an inspection draw of each city's staff, by its own inspector
      await created(admin.post('/inspectors').send({ name: `矩阵检查员${code}`, orgId: s.staffOrg, regionCode: s.region }), `inspector ${code}`);
      const draw = await api(platform)
        .as({ token: s.staff.token })
        .post('/inspections/draws')
        .send({ targetKind: 'enterprise', count: 1, inspectorsPerTarget: 1, seed: `matrix-${code}` });
      if (draw.status !== 201) throw new Error(`draw ${code}: ${draw.status} ${draw.text}`);
      map.set('draw', draw.body.id).set('drawItem', draw.body.items[0].id);
    }
  }, 600_000);

  afterAll(() => platform.stop());

  /** The route's path with the object of `side` put in for its id (NIL where it names no kind made here), and own or other codes in its query. */
  function url(path: string, op: Op, side: Side, caller: { user: string; org: string }): string {
    const kind = KINDS.find(([pattern]) => pattern.test(path))?.[1];
    const map = side === 'own' ? own : other;
    const id = kind === 'user' && side === 'own' ? caller.user : kind === 'organisation' && side === 'own' ? caller.org : kind ? map.get(kind) : undefined;
    const out = path
      .replace(/\{(id|drawId)\}/, id ?? NIL)
      .replace('{itemId}', kind === 'draw' ? map.get('drawItem')! : NIL)
      .replace(/\{[^}]+\}/g, NIL);
    const query = new Set((op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name));
    const code = side === 'own' ? OWN : OTHER;
    const params = [...(query.has('regionCode') ? [`regionCode=${code}`] : []), ...(query.has('countyCode') ? [`countyCode=${code}`] : [])];
    return params.length ? `${out}?${params.join('&')}` : out;
  }

  /** Whether the rule of the route lets `principal` reach the other side's object. */
  function reachesOther(path: string, scope: Scope | undefined, principal: Principal): boolean {
    if (/^\/api\/v1\/users\/\{id\}/.test(path) || /^\/api\/v1\/api-keys/.test(path)) return principal.role === Role.Admin;
    if (/^\/api\/v1\/organisations\/\{id\}/.test(path))
      return principal.role === Role.Admin || ([Role.Staff, Role.Auditor].includes(principal.role) && mayActIn(principal, OTHER_CITY));
    if (scope === Scope.OwnOrg && principal.role === Role.Courier) return false;
    if (scope === Scope.Region || scope === Scope.OwnOrg || scope === Scope.Province) return mayActIn(principal, OTHER);
    return true;
  }

  it('finds 0 unexpected successes', async () => {
    const doc = (await request(platform.url).get('/docs-json')).body as { paths: Record<string, Record<string, Op>> };
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ method, path, op })));
    const otherIds = SCOPED_KINDS.map((k) => other.get(k)).filter((id): id is string => Boolean(id));
    const ownKindsReached = new Set<string>();
    const counts = {
      routes: routes.length,
      routesWithObjects: 0,
      calls: 0,
      refusedForRole: 0,
      ownReached: 0,
      otherWithheld: 0,
      otherInScope: 0,
      unexpectedSuccesses: 0,
    };
    const problems: string[] = [];
    for (const { method, path, op } of routes) {
      const access = op['x-access'];
      const scope = op['x-scope'];
      if (KINDS.some(([pattern]) => pattern.test(path))) counts.routesWithObjects++;
      for (const [who, caller] of callers) {
        const { token, principal } = caller;
        const allowed = access === 'public' || (principal !== null && Array.isArray(access) && access.includes(principal.role));
        for (const side of ['own', 'other'] as const) {
          let call = request(platform.url)[method as 'get'](url(path, op, side, caller));
          if (token) call = call.set('authorization', `Bearer ${token}`);
          const res = await call.send(BODIES[`${method} ${path}`]?.(side === 'own' ? own : other) ?? {});
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
            if (ok) {
              counts.ownReached++;
              const kind = KINDS.find(([pattern]) => pattern.test(path))?.[1];
              if (kind) ownKindsReached.add(kind);
            }
            continue;
          }
          if (!principal || reachesOther(path, scope, principal)) {
            counts.otherInScope++;
            continue;
          }
          const body = JSON.stringify(res.body ?? '') + (typeof res.text === 'string' ? res.text : '');
          const leaked = ok && (method !== 'get' || otherIds.some((id) => body.includes(id)));
          if (leaked) {
            counts.unexpectedSuccesses++;
            problems.push(`${where}: ${res.status}, reached the other side's object under rule ${scope ?? 'identity'}`);
          } else counts.otherWithheld++;
        }
      }
    }
    console.log(`access matrix with objects: ${JSON.stringify(counts)}`);
    expect(problems).toEqual([]);
    expect(counts.unexpectedSuccesses).toBe(0);
    expect(counts.otherWithheld).toBeGreaterThan(0);
    expect(counts.routesWithObjects).toBeGreaterThan(30);
    // the objects are real: an allowed caller reached each kind on its own side
    expect([...ownKindsReached].sort()).toEqual(KINDS.map(([, kind]) => kind).sort());
  }, 600_000);
});
