import { randomInt } from 'node:crypto';
import createClient from 'openapi-fetch';
import type { paths } from './client/schema.js';
import { validUscc } from './support/factories.js';
import { ADMIN_PASSWORD, ADMIN_USERNAME, TestPlatform } from './support/platform.js';

/** 临猗县, in 运城市 (1408). */
const COUNTY = '140821';
const DAY = '2023-06-01';

/**
 * A county centre's daily work driven only through the client a partner generates from
 * openapi/openapi.json (`npm run client`: openapi-typescript types + openapi-fetch): every
 * request and every response below is typed by the document, and checked against the served
 * document at run time as well (test/support/setup.ts).
 */
describe('a county centre’s daily upload and claim through the generated client (real NATS and PostgreSQL)', () => {
  const platform = new TestPlatform();
  const client = (token?: string) => createClient<paths>({ baseUrl: platform.url, headers: token ? { authorization: `Bearer ${token}` } : {} });

  async function login(username: string, password: string) {
    const { data, error, response } = await client().POST('/api/v1/auth/login', { body: { username, password } });
    if (!data) throw new Error(`login of ${username}: ${response.status} ${JSON.stringify(error)}`);
    return client(data.accessToken);
  }

  /** The data of a success, or the test fails with the problem document. */
  function ok<T>(result: { data?: T; error?: unknown; response: Response }, status: number): T {
    if (result.response.status !== status || result.data === undefined)
      throw new Error(`expected ${status}, got ${result.response.status}: ${JSON.stringify(result.error)}`);
    return result.data;
  }

  beforeAll(() => platform.start(), 180_000);
  afterAll(() => platform.stop());

  it('sets up, logs in, reports the day’s counts, takes the courier’s waybills, drafts and submits a claim', async () => {
    // the provincial administration registers the centre, its user, a ZTO courier and a programme
    const admin = await login(ADMIN_USERNAME, ADMIN_PASSWORD);
    const uscc = validUscc();
    const licence = { number: `晋邮${randomInt(1e8)}`, validFrom: '2023-01-01', validTo: '2030-12-31', scope: '国内快递（省内异地、同城）' };
    ok(await admin.POST('/api/v1/enterprises', { body: { name: `中通快递山西测试有限公司${randomInt(1e6)}`, uscc, brand: 'ZTO', licence } }), 201);
    const centreOrg = ok(await admin.POST('/api/v1/organisations', { body: { name: '临猗县寄递物流中心', kind: 'county_centre', regionCode: COUNTY } }), 201);
    const courierOrg = ok(await admin.POST('/api/v1/organisations', { body: { name: '中通快递山西分公司', kind: 'courier', regionCode: '14', uscc } }), 201);
    const suffix = randomInt(1e6);
    const centreUser = { username: `centre.${suffix}`, password: 'pw-centre-long-enough' };
    const courierUser = { username: `courier.${suffix}`, password: 'pw-courier-long-enough' };
    ok(await admin.POST('/api/v1/users', { body: { ...centreUser, role: 'county_centre', orgId: centreOrg.id } }), 201);
    ok(await admin.POST('/api/v1/users', { body: { ...courierUser, role: 'courier', orgId: courierOrg.id } }), 201);
    const centre = ok(
      await admin.POST('/api/v1/county-centres', { body: { name: '临猗县寄递物流中心', countyCode: COUNTY, orgId: centreOrg.id, dailyCapacity: 5000 } }),
      201,
    );
    expect(centre).toMatchObject({ countyCode: COUNTY, dailyCapacity: 5000 });
    const programme = ok(
      await admin.POST('/api/v1/subsidy-programmes', {
        body: {
          year: 2023,
          name: '2023年农村寄递物流服务补助（测试）',
          directions: ['upstream', 'downstream'],
          rates: [
            { direction: 'upstream', rateFen: 60 },
            { direction: 'downstream', rateFen: 35 },
          ],
          avgCeilingFen: 50,
          budgets: [{ countyCode: COUNTY, amountFen: 100_000 }],
        },
      }),
      201,
    );

    // the county centre logs in and posts the day's counts
    const centreApi = await login(centreUser.username, centreUser.password);
    const counts = ok(
      await centreApi.POST('/api/v1/parcel-counts', {
        body: {
          reports: [
            { date: DAY, brand: 'ZTO', direction: 'upstream', items: 120, weightKg: 180 },
            { date: DAY, brand: 'ZTO', direction: 'downstream', items: 300 },
          ],
        },
      }),
      201,
    );
    expect(counts).toMatchObject({ accepted: 2, corrected: 0, unchanged: 0, rejected: [] });
    const listed = ok(await centreApi.GET('/api/v1/parcel-counts', { params: { query: { from: DAY, to: DAY } } }), 200);
    expect(listed.items.map((c) => [c.countyCode, c.direction, c.items, c.version]).sort()).toEqual([
      [COUNTY, 'downstream', 300, 1],
      [COUNTY, 'upstream', 120, 1],
    ]);

    // the courier uploads its waybills of that day: all 120 upstream, 280 of the 300 downstream
    const courierApi = await login(courierUser.username, courierUser.password);
    const bills = (direction: 'upstream' | 'downstream', n: number) =>
      Array.from({ length: n }, (_, i) => ({
        waybillNo: `ZT${direction[0].toUpperCase()}${suffix}${String(i).padStart(6, '0')}`,
        brand: 'ZTO',
        date: DAY,
        direction,
        countyCode: COUNTY,
      }));
    const uploaded = ok(await courierApi.POST('/api/v1/waybills', { body: [...bills('upstream', 120), ...bills('downstream', 280)] }), 201);
    expect(uploaded).toMatchObject({ accepted: 400, rejected: [] });

    // the centre drafts its claim for the day and submits it
    const draft = ok(
      await centreApi.POST('/api/v1/subsidy-claims', { body: { programmeId: programme.id, countyCode: COUNTY, periodStart: DAY, periodEnd: DAY } }),
      201,
    );
    // upstream 120 × 60 = 7,200; downstream 280 backed by waybills × 35 = 9,800
    expect(draft).toMatchObject({ status: 'draft', reportedItems: 420, items: 400, grossFen: 17_000, amountFen: 17_000, cappedBy: null });
    expect(draft.lines.map((l) => [l.direction, l.items, l.amountFen])).toEqual([
      ['upstream', 120, 7_200],
      ['downstream', 280, 9_800],
    ]);
    const submitted = ok(await centreApi.POST('/api/v1/subsidy-claims/{id}/submit', { params: { path: { id: draft.id } } }), 200);
    expect(submitted.status).toBe('submitted');

    // and a refusal comes back as the typed problem document
    const again = await centreApi.POST('/api/v1/subsidy-claims', { body: { programmeId: programme.id, countyCode: COUNTY, periodStart: DAY, periodEnd: DAY } });
    expect(again.response.status).toBe(409);
    expect(again.error).toMatchObject({ code: 'CLAIM_PERIOD_OVERLAP' });
    const mine = ok(await centreApi.GET('/api/v1/subsidy-claims/{id}', { params: { path: { id: draft.id } } }), 200);
    expect(mine).toMatchObject({ id: draft.id, status: 'submitted', amountFen: 17_000 });
  });
});
