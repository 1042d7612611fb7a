import { TestPlatform } from './support/platform.js';
import { api } from './support/http.js';
import { enterpriseInput } from './support/factories.js';
import { withDb } from './support/db.js';

type Client = ReturnType<ReturnType<typeof api>['as']>;

const TAIYUAN = '1401';
const QINGXU = '140121'; // a county of Taiyuan
const YUNCHENG = '1408';
const LINYI = '140821'; // a county of Yuncheng

/**
 * Who may act on what, tried the way an over-reaching user would: a write needs the object
 * within the caller's region (seeing it is not enough), and auditors read only their region.
 */
describe('scope on every write, auditors within their region', () => {
  const platform = new TestPlatform({ apps: ['supervision', 'subsidies', 'gateway'] });
  let admin: Client;
  let province: Client;
  let taiyuan: Client;
  let county: Client;
  let taiyuanAuditor: Client;
  let centre: Client;
  const orgs: Record<string, string> = {};

  beforeAll(async () => {
    await platform.start();
    admin = api(platform).as({ token: await platform.adminToken() });
    const org = async (key: string, name: string, kind: string, regionCode: string) => {
      const res = await admin.post('/organisations').send({ name, kind, regionCode });
      expect(res.status).toBe(201);
      orgs[key] = res.body.id;
    };
    await org('province', '山西省邮政管理局', 'postal_admin', '14');
    await org('taiyuan', '太原市邮政管理局', 'postal_admin', TAIYUAN);
    await org('qingxu', '清徐县邮政管理局', 'postal_admin', QINGXU);
    await org('yuncheng', '运城市邮政管理局', 'postal_admin', YUNCHENG);
    await org('linyi', '临猗县寄递物流中心', 'county_centre', LINYI);
    const user = async (username: string, role: string, orgId: string): Promise<Client> => {
      const res = await admin.post('/users').send({ username, password: `pw-${username}-long-enough`, role, orgId });
      expect(res.status).toBe(201);
      return api(platform).as({ token: await platform.login(username, `pw-${username}-long-enough`) });
    };
    province = await user('province.staff', 'staff', orgs.province);
    taiyuan = await user('taiyuan.staff', 'staff', orgs.taiyuan);
    county = await user('qingxu.staff', 'staff', orgs.qingxu);
    taiyuanAuditor = await user('taiyuan.auditor', 'auditor', orgs.taiyuan);
    centre = await user('linyi.centre', 'county_centre', orgs.linyi);
  }, 180_000);

  afterAll(() => platform.stop());

  it('lets only province-level staff revoke a province-wide licence, and a city the licences it issued', async () => {
    const provincial = await admin.post('/enterprises').send(enterpriseInput());
    expect(provincial.body.licence).toMatchObject({ issuedBy: '14', territory: ['14'] });

    const byCounty = await county.post(`/enterprises/${provincial.body.id}/licence/revocation`).send({ reason: '越权吊销' });
    expect(byCounty.status).toBe(403);
    expect(byCounty.body.code).toBe('OUTSIDE_SCOPE');
    expect((await taiyuan.post(`/enterprises/${provincial.body.id}/licence/revocation`).send({ reason: '越权吊销' })).status).toBe(403);
    expect(
      (await taiyuan.post('/credit-records').send({ enterpriseId: provincial.body.id, severity: 'grave', description: '越权记录', occurredOn: '2025-01-02' }))
        .status,
    ).toBe(403);
    const untouched = await admin.get(`/enterprises/${provincial.body.id}`);
    expect(untouched.body.licence.status).toBe('valid');
    expect((await admin.get(`/enterprises/${provincial.body.id}/credit`)).body.records).toEqual([]);

    expect((await taiyuan.post('/enterprises').send(enterpriseInput({ licence: { ...enterpriseInput().licence, territory: ['14'] } }))).status).toBe(403);
    const cityIssued = await taiyuan.post('/enterprises').send(enterpriseInput());
    expect(cityIssued.status).toBe(201);
    expect(cityIssued.body.licence).toMatchObject({ issuedBy: TAIYUAN, territory: [TAIYUAN] });
    expect((await county.post(`/enterprises/${cityIssued.body.id}/licence/revocation`).send({ reason: '越权吊销' })).status).toBe(403);
    const recorded = await taiyuan
      .post('/credit-records')
      .send({ enterpriseId: cityIssued.body.id, severity: 'minor', description: '未按规定登记', occurredOn: '2025-01-02' });
    expect(recorded.status).toBe(201);
    const byCity = await taiyuan.post(`/enterprises/${cityIssued.body.id}/licence/revocation`).send({ reason: '以欺骗手段取得许可' });
    expect(byCity.status).toBe(200);
    expect(byCity.body.licence.status).toBe('revoked');

    const byProvince = await province.post(`/enterprises/${provincial.body.id}/licence/revocation`).send({ reason: '以欺骗手段取得许可' });
    expect(byProvince.status).toBe(200);
  });

  it('refuses county staff acting on a province-wide incident they can see, and another city’s resource (404)', async () => {
    const provinceWide = await admin.post('/incidents').send({ kind: 'weather', title: '全省寒潮', severity: 2, affectedRegions: ['14'] });
    expect(provinceWide.status).toBe(201);
    expect((await county.get(`/incidents/${provinceWide.body.id}`)).status).toBe(200);
    const resolve = await county.post(`/incidents/${provinceWide.body.id}/status`).send({ status: 'resolved' });
    expect(resolve.status).toBe(403);
    expect(resolve.body.code).toBe('OUTSIDE_SCOPE');
    const own = await county
      .post('/emergency-resources')
      .send({ kind: 'team', name: '清徐应急投递队', regionCode: QINGXU, capacity: 6, capacityUnit: 'persons' });
    expect(own.status).toBe(201);
    expect((await county.post(`/incidents/${provinceWide.body.id}/dispatch`).send({ resourceIds: [own.body.id] })).status).toBe(403);
    expect((await admin.get(`/incidents/${provinceWide.body.id}`)).body).toMatchObject({ status: 'open', dispatches: [] });

    const yunchengTruck = await admin
      .post('/emergency-resources')
      .send({ kind: 'vehicle', name: '晋M·应急02', regionCode: YUNCHENG, capacity: 5, capacityUnit: 'tonnes' });
    const local = await county.post('/incidents').send({ kind: 'weather', title: '清徐暴雨', severity: 3, affectedRegions: [QINGXU] });
    expect(local.status).toBe(201);
    const foreign = await county.post(`/incidents/${local.body.id}/dispatch`).send({ resourceIds: [yunchengTruck.body.id] });
    expect(foreign.status).toBe(404);
    expect((await admin.get('/emergency-resources?available=true')).body.items.map((r: { id: string }) => r.id)).toContain(yunchengTruck.body.id);
    const sent = await county.post(`/incidents/${local.body.id}/dispatch`).send({ resourceIds: [own.body.id] });
    expect(sent.status).toBe(200);
    expect(sent.body.dispatches.map((d: { resourceId: string }) => d.resourceId)).toEqual([own.body.id]);
  });

  it('refuses results on an inspection draw of an enclosing region (no credit record), and accepts the region’s own staff', async () => {
    const enterprise = await admin.post('/enterprises').send(enterpriseInput({ name: '山西抽查范围测试快递有限公司' }));
    await admin.post('/inspectors').send({ name: '张检', orgId: orgs.province, regionCode: '14' });
    const draw = await admin.post('/inspections/draws').send({ targetKind: 'enterprise', count: 1, inspectorsPerTarget: 1, seed: 'scope' });
    expect(draw.status).toBe(201);
    const item = draw.body.items[0];
    const path = `/inspections/draws/${draw.body.id}/items/${item.id}/result`;
    const refused = await county.post(path).send({ outcome: 'fail', findings: '越权', severity: 'grave' });
    expect(refused.status).toBe(403);
    expect((await admin.get(`/enterprises/${item.targetId}/credit`)).body.records).toEqual([]);
    expect((await province.post(path).send({ outcome: 'pass' })).status).toBe(200);
    expect(enterprise.status).toBe(201);
  });

  it('keeps auditors of Taiyuan to Taiyuan: no Yuncheng claim, count, organisation or audit record', async () => {
    const centreRes = await admin.post('/county-centres').send({ name: '临猗县寄递物流中心', countyCode: LINYI, orgId: orgs.linyi });
    expect(centreRes.status).toBe(201);
    const programme = await admin.post('/subsidy-programmes').send({
      year: 2023,
      name: '范围测试补助',
      directions: ['upstream'],
      rates: [{ direction: 'upstream', rateFen: 40 }],
      avgCeilingFen: 50,
      budgets: [{ countyCode: LINYI, amountFen: 100_000 }],
    });
    expect(programme.status).toBe(201);
    const counts = await centre.post('/parcel-counts').send({ reports: [{ date: '2023-06-01', brand: 'ZTO', direction: 'upstream', items: 100 }] });
    expect(counts.status).toBe(201);
    const claim = await centre
      .post('/subsidy-claims')
      .send({ programmeId: programme.body.id, countyCode: LINYI, periodStart: '2023-06-01', periodEnd: '2023-06-01' });
    expect(claim.status).toBe(201);

    expect((await admin.get(`/subsidy-claims/${claim.body.id}`)).status).toBe(200);
    expect((await taiyuanAuditor.get(`/subsidy-claims/${claim.body.id}`)).status).toBe(404);
    expect((await taiyuanAuditor.get('/subsidy-claims')).body.items).toEqual([]);
    expect((await taiyuanAuditor.get('/parcel-counts')).body.items).toEqual([]);
    expect((await admin.get('/parcel-counts')).body.items).toHaveLength(1);

    const seen = (await taiyuanAuditor.get('/organisations?limit=100')).body.items.map((o: { regionCode: string }) => o.regionCode);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((code: string) => code.startsWith(TAIYUAN))).toBe(true);
    expect((await taiyuanAuditor.get(`/organisations/${orgs.yuncheng}`)).status).toBe(404);
    expect((await taiyuanAuditor.get(`/organisations/${orgs.qingxu}`)).status).toBe(200);

    const trail = await taiyuanAuditor.get('/audit?service=subsidies&limit=100');
    expect(trail.status).toBe(200);
    expect(trail.body.items.map((a: { objectId: string }) => a.objectId)).not.toContain(claim.body.id);
    expect((await admin.get(`/audit?service=subsidies&objectId=${claim.body.id}`)).body.items).not.toEqual([]);
    const supervisionTrail = (await taiyuanAuditor.get('/audit?service=supervision&limit=100')).body.items as Array<{ actor: string; role: string }>;
    expect(supervisionTrail.length).toBeGreaterThan(0);
    expect(supervisionTrail.every((a) => a.role === 'staff')).toBe(true);
  });

  it('gives every service a database role owning only its schema: the gateway’s cannot SELECT subsidies.claims', async () => {
    const asGateway = <T>(sql: string) => withDb(platform.appDatabaseUrl('gateway'), (c) => c.query(sql).then((r) => r.rows as T[]));
    await expect(asGateway('SELECT id FROM subsidies.claims')).rejects.toThrow(/permission denied for schema subsidies/);
    await expect(asGateway('SELECT id FROM supervision.enterprises')).rejects.toThrow(/permission denied/);
    await expect(asGateway('CREATE SCHEMA intruder')).rejects.toThrow(/permission denied/);
    await expect(asGateway('CREATE TABLE public.intruder (id int)')).rejects.toThrow(/permission denied/);
    expect((await asGateway<{ n: string }>('SELECT count(*) AS n FROM gateway.users'))[0].n).not.toBe('0');
    const asSubsidies = await withDb(platform.appDatabaseUrl('subsidies'), (c) => c.query('SELECT count(*) AS n FROM subsidies.claims'));
    expect(asSubsidies.rows[0].n).toBe('1');
    await expect(withDb(platform.appDatabaseUrl('subsidies'), (c) => c.query('SELECT 1 FROM gateway.users'))).rejects.toThrow(/permission denied/);

    const owners = await withDb(platform.databaseUrl, (c) =>
      c.query(
        `SELECT n.nspname AS schema, pg_get_userbyid(n.nspowner) AS owner FROM pg_namespace n WHERE n.nspname IN ('gateway', 'subsidies', 'supervision') ORDER BY 1`,
      ),
    );
    expect(owners.rows).toHaveLength(3);
    for (const { schema, owner } of owners.rows as Array<{ schema: string; owner: string }>) expect(owner).toMatch(new RegExp(`^test_.*_${schema}$`));
    const foreignTables = await withDb(platform.databaseUrl, (c) =>
      c.query(
        `SELECT schemaname, tablename, tableowner FROM pg_tables WHERE schemaname IN ('gateway', 'subsidies', 'supervision') AND right(tableowner, length(schemaname) + 1) <> '_' || schemaname`,
      ),
    );
    expect(foreignTables.rows).toEqual([]);
  });
});
