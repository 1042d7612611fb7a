import { randomBytes, randomInt } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { nationalLeafListener, provinceLeafRemote } from '../scripts/nats-config.mjs';
import { freePort } from '../scripts/platform.mjs';
import { eventually } from './support/events.js';
import { api } from './support/http.js';
import { TestPlatform } from './support/platform.js';
import { dbQuery, waybills } from './support/subsidies.js';

/**
 * Two provinces and the national view on one machine, connected as deploy/nats/national
 * describes: Shanxi (14) and Hebei (13), each a whole deployment with its own nats-server
 * (JetStream domain p14 / p13) that is a leaf node of the national nats-server, whose EVENTS
 * stream sources both provinces' EVENTS streams; the national supervision reads it.
 */
const SHANXI_COUNTY = '140821'; // 临猗县
const HEBEI_COUNTY = '130123'; // 正定县
const DAY = '2023-06-01';

type Client = ReturnType<ReturnType<typeof api>['as']>;
type Ranking = { key: string; provinces: Array<{ regionCode: string; regionName: string; value: number | null; rank: number | null }> };
type NationalOverview = {
  regionName: string;
  indicators: Array<{ key: string; value: number | null }>;
  rankings?: Ranking[];
  crossProvinceWaybills?: { total: number; items: unknown[] };
};

async function created(res: Promise<{ status: number; body: Record<string, string>; text: string }>): Promise<Record<string, string>> {
  const r = await res;
  if (r.status !== 201) throw new Error(`expected 201, got ${r.status}: ${r.text}`);
  return r.body;
}

/** A county centre of `county` that may post counts, created by the province's admin. */
async function countyCentre(platform: TestPlatform, admin: Client, county: string): Promise<Client> {
  const org = await created(admin.post('/organisations').send({ name: `${county}寄递物流中心`, kind: 'county_centre', regionCode: county }));
  const username = `centre-${county}.${randomInt(1e6)}`;
  await created(admin.post('/users').send({ username, password: 'pw-centre-long-enough', role: 'county_centre', orgId: org.id }));
  await created(admin.post('/county-centres').send({ name: `${county}寄递物流中心`, countyCode: county, orgId: org.id }));
  return api(platform).as({ token: await platform.login(username, 'pw-centre-long-enough') });
}

const upstream = (overview: { indicators: Array<{ key: string; value: number | null }> }) =>
  overview.indicators.find((i) => i.key === 'rural_parcels_upstream')?.value;

describe('any province by configuration, and the national view over JetStream', () => {
  let national: TestPlatform;
  let shanxi: TestPlatform;
  let hebei: TestPlatform;

  beforeAll(async () => {
    const leafPort = await freePort();
    const leafPassword = `l${randomBytes(12).toString('hex')}`;
    national = new TestPlatform({
      apps: ['supervision', 'gateway'],
      env: { SUPERVISION_SCOPE: 'national', NATIONAL_SOURCES: '14,13' },
      nats: { domain: 'national', lines: [nationalLeafListener(leafPort)], env: { NATS_LEAF_PASSWORD: leafPassword } },
    });
    const province = (code: string) =>
      new TestPlatform({
        apps: ['supervision', 'subsidies', 'gateway'],
        // NATIONAL_FEED: the province's waybill events carry the stored numbers for the cross-province check
        env: { PROVINCE_CODE: code, NATIONAL_FEED: 'true' },
        nats: { domain: `p${code}`, lines: [provinceLeafRemote(`nats-leaf://leaf:${leafPassword}@127.0.0.1:${leafPort}`)] },
      });
    // one after the other: three platforms starting at once overrun a loaded machine
    await national.start();
    shanxi = await province('14').start();
    hebei = await province('13').start();
  }, 300_000);

  afterAll(async () => {
    await Promise.all([shanxi?.stop(), hebei?.stop(), national?.stop()]);
  });

  it('serves Hebei with PROVINCE_CODE=13: its 11 cities, its counties, and refuses Shanxi codes as outside the province', async () => {
    const admin = api(hebei).as({ token: await hebei.adminToken() });
    const cities = await admin.get('/regions?parent=13');
    expect(cities.status).toBe(200);
    expect(cities.body.items).toHaveLength(11);
    expect(cities.body.items.map((r: { name: string }) => r.name)).toEqual(expect.arrayContaining(['石家庄市', '张家口市', '承德市']));
    expect(cities.body.root).toEqual({ code: '13', name: '河北省' });
    expect((await admin.get('/regions')).body.items).toHaveLength(11);
    // a Shanxi code is outside the province: refused by validation, as any code of another province
    expect((await admin.get('/regions?parent=14')).status).toBe(400);
    const shanxiOrg = await admin.post('/organisations').send({ name: '临猗县寄递物流中心', kind: 'county_centre', regionCode: SHANXI_COUNTY });
    expect(shanxiOrg.status).toBe(400);
    expect((await admin.get(`/supervision/overview?regionCode=${SHANXI_COUNTY}`)).status).toBe(400);
    // the policy targets table starts empty: no targets are seeded for Hebei
    const targets = await admin.get('/supervision/targets');
    expect(targets.status).toBe(200);
    expect(targets.body.items ?? targets.body).toEqual([]);
    // and Shanxi keeps its seeded targets
    const shanxiTargets = await api(shanxi)
      .as({ token: await shanxi.adminToken() })
      .get('/supervision/targets');
    expect((shanxiTargets.body.items ?? shanxiTargets.body).length).toBeGreaterThan(0);
  });

  it('counts posted in each province reach the national overview per province, ranked; no province sees the other; a waybill accepted in both is flagged', async () => {
    const shanxiAdmin = api(shanxi).as({ token: await shanxi.adminToken() });
    const hebeiAdmin = api(hebei).as({ token: await hebei.adminToken() });
    const [shanxiCentre, hebeiCentre] = await Promise.all([countyCentre(shanxi, shanxiAdmin, SHANXI_COUNTY), countyCentre(hebei, hebeiAdmin, HEBEI_COUNTY)]);
    expect((await shanxiCentre.post('/parcel-counts').send({ reports: [{ date: DAY, brand: 'ZTO', direction: 'upstream', items: 300 }] })).status).toBe(201);
    expect((await hebeiCentre.post('/parcel-counts').send({ reports: [{ date: DAY, brand: 'ZTO', direction: 'upstream', items: 70 }] })).status).toBe(201);

    // the same waybill number accepted by both provinces (one subsidy per waybill is provincial)
    const twice = 'XNATIONAL0000001';
    const shanxiBatch = [
      { waybillNo: twice, brand: 'ZTO', date: DAY, direction: 'upstream', countyCode: SHANXI_COUNTY },
      ...waybills('XSXONLY', 3, { brand: 'ZTO', date: DAY, direction: 'upstream', countyCode: SHANXI_COUNTY }),
    ];
    const hebeiBatch = [
      { waybillNo: twice, brand: 'ZTO', date: DAY, direction: 'upstream', countyCode: HEBEI_COUNTY },
      ...waybills('XHBONLY', 2, { brand: 'ZTO', date: DAY, direction: 'upstream', countyCode: HEBEI_COUNTY }),
    ];
    expect((await shanxiAdmin.post('/waybills').send(shanxiBatch)).body.accepted).toBe(4);
    expect((await hebeiAdmin.post('/waybills').send(hebeiBatch)).body.accepted).toBe(3);
    // a Hebei county in Shanxi's deployment is refused as outside the province
    const wrong = await shanxiAdmin
      .post('/waybills')
      .send([{ waybillNo: 'XWRONGPROV000001', brand: 'ZTO', date: DAY, direction: 'upstream', countyCode: HEBEI_COUNTY }]);
    expect(wrong.body.accepted ?? 0).toBe(0);

    const nationalAdmin = api(national).as({ token: await national.adminToken() });
    const overview = await eventually(
      async () => (await nationalAdmin.get('/supervision/overview?regionCode=00&year=2023')).body as NationalOverview,
      (o) => {
        const parcels = o.rankings?.find((r) => r.key === 'rural_parcels_upstream');
        return parcels?.provinces.every((p) => p.value !== 0) === true && (o.crossProvinceWaybills?.total ?? 0) > 0;
      },
      60_000,
    );
    expect(overview.regionName).toBe('全国');
    expect(upstream(overview)).toBe(370);
    const parcels = overview.rankings?.find((r) => r.key === 'rural_parcels_upstream');
    expect(parcels?.provinces).toEqual([
      { regionCode: '14', regionName: '山西省', value: 300, rank: 1 },
      { regionCode: '13', regionName: '河北省', value: 70, rank: 2 },
    ]);
    expect(overview.crossProvinceWaybills).toEqual({ total: 1, items: [{ waybillNo: twice, provinces: ['13', '14'], flaggedOn: expect.any(String) }] });
    // one province's own figures, read in the national view
    expect(upstream((await nationalAdmin.get('/supervision/overview?regionCode=13&year=2023')).body)).toBe(70);

    // each province's API shows only its own figures; the other province's codes are not its regions
    expect(upstream((await shanxiAdmin.get('/supervision/overview?year=2023')).body)).toBe(300);
    expect(upstream((await hebeiAdmin.get('/supervision/overview?year=2023')).body)).toBe(70);
    expect((await shanxiAdmin.get('/supervision/overview?regionCode=13&year=2023')).status).toBe(400);
    expect(await dbQuery(shanxi, `SELECT DISTINCT region_code FROM supervision.rm_figures WHERE region_code NOT LIKE '14%'`)).toEqual([]);
    expect(await dbQuery(hebei, `SELECT DISTINCT region_code FROM supervision.rm_figures WHERE region_code NOT LIKE '13%'`)).toEqual([]);
    expect(await dbQuery(shanxi, `SELECT waybill_no FROM subsidies.waybills WHERE waybill_no LIKE 'XHB%'`)).toEqual([]);

    // the national view never writes to a province: each province's stream holds its own events only
    for (const [platform, county] of [
      [shanxi, HEBEI_COUNTY],
      [hebei, SHANXI_COUNTY],
    ] as const) {
      const nc = await platform.natsConnection('supervision');
      const jsm = await jetstreamManager(nc);
      const info = await jsm.streams.info('EVENTS');
      let foreign = 0;
      for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
        const m = await jsm.streams.getMessage('EVENTS', { seq }).catch(() => null);
        if (m && m.string().includes(`"${county}"`)) foreign++;
      }
      expect(foreign).toBe(0);
      await nc.drain();
    }
  }, 180_000);
});
