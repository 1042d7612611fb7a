import { shanghaiToday } from '@app/contracts';
import { TestPlatform } from './support/platform.js';
import { api } from './support/http.js';
import { eventually } from './support/events.js';
import { withDb } from './support/db.js';
import { facilityInput, PLACES } from './support/cold-chain.js';
import { courierFor, outletInput, staffIn } from './support/outlets.js';
import { greenReport, LAST_YEAR, registerCourier } from './support/green.js';
import { subsidyActors } from './support/subsidies.js';

const YEAR = Number(shanghaiToday().slice(0, 4));
const READ_MODELS = [
  'rm_figures',
  'rm_outlets',
  'rm_outlet_usage',
  'rm_centres',
  'rm_courier_days',
  'rm_centre_days',
  'rm_centre_years',
  'rm_county_days',
  'rm_claims',
  'rm_facilities',
  'rm_green_reports',
];

type Indicator = { key: string; value: number | null };

/**
 * The whole platform, every service real: supervision follows the cold-chain registry live,
 * and after being stopped while the cold-chain and subsidies services worked (outlets and
 * green need supervision's answers to file at all) it catches up from the EVENTS stream with
 * the same read models as a rebuild.
 */
describe('supervision over the real services: live figures, catch-up and rebuild', () => {
  const platform = new TestPlatform();
  let admin: ReturnType<ReturnType<typeof api>['as']>;
  beforeAll(async () => {
    await platform.start();
    admin = api(platform).as({ token: await platform.adminToken() });
  }, 180_000);
  afterAll(() => platform.stop());

  const overview = async (year: number, regionCode = '14') =>
    new Map(((await admin.get(`/supervision/overview?year=${year}&regionCode=${regionCode}`)).body.indicators as Indicator[]).map((i) => [i.key, i.value]));

  it('shows a provincial cold-chain base registered in the cold-chain service within seconds', async () => {
    expect((await overview(YEAR)).get('provincial_cold_chain_bases')).toBe(0);
    const base = await admin.post('/cold-chain/facilities').send(
      facilityInput({
        kind: 'provincial_base',
        name: '晋中省级冷链物流仓储基地',
        ...PLACES.yuci,
        capacityTonnes: 50_000,
        temperatureZones: [{ zone: 'frozen', minC: -25, maxC: -18, capacityTonnes: 30_000 }],
        commodities: ['meat', 'dairy'],
        designationLevel: 'provincial',
        designatedAt: `${YEAR}-01-10`,
        statusDate: `${YEAR}-01-05`,
      }),
    );
    expect(base.status).toBe(201);
    const started = Date.now();
    await eventually(
      () => overview(YEAR),
      (o) => o.get('provincial_cold_chain_bases') === 1,
      5000,
    );
    process.stdout.write(`facility registered → overview in ${Date.now() - started} ms\n`);
  });

  it('catches up after a stop with the same read models as a rebuild from the stream', async () => {
    const staff = await staffIn(platform, admin, '14');
    const { enterprise, courier } = await courierFor(platform, admin);
    const green = await registerCourier(platform, admin, '山西追赶测试快递有限公司');
    const subsidies = await subsidyActors(platform);

    // outlets and green ask supervision synchronously (licences, the registry): they work while it runs
    const outlet = await courier.post('/outlets').send(outletInput(enterprise.id));
    expect(outlet.status).toBe(201);
    expect((await staff.post(`/outlets/${outlet.body.id}/decision`).send({ decision: 'accept' })).status).toBe(200);
    const report = await green.client.post('/green-reports').send(greenReport());
    expect(report.status).toBe(201);
    expect((await admin.post(`/green-reports/${report.body.id}/accept`).send({})).status).toBe(200);
    const count = (date: string, items: number) =>
      subsidies.centreA.post('/parcel-counts').send({ reports: [{ date, brand: 'ZTO', direction: 'upstream', items }] });
    expect((await count('2023-06-01', 300)).status).toBe(201);

    // cold chain and subsidies go on while supervision is down; their events wait in the stream
    await platform.stopApp('supervision');
    const storage = await admin.post('/cold-chain/facilities').send(facilityInput({ ...PLACES.qingxu, statusDate: `${YEAR}-02-01` }));
    expect(storage.status).toBe(201);
    expect((await count('2023-06-02', 200)).status).toBe(201);

    await platform.startApp('supervision');
    await eventually(
      () => overview(YEAR),
      (o) => o.get('origin_cold_storage_facilities') === 1,
      15_000,
    );
    expect((await overview(YEAR, '140821')).get('township_outlet_coverage')).toBeGreaterThan(0);
    expect((await overview(LAST_YEAR)).get('e_waybill_rate')).toBe(0.995);
    await eventually(
      () => overview(2023),
      (o) => o.get('rural_parcels_upstream') === 500,
      5000,
    );

    // the overview counts cold chain by the cold-chain service's own progress rules
    const progress = (await admin.get(`/cold-chain/progress?year=${YEAR}`)).body.targets as Array<{ key: string; currentValue: number }>;
    const province = await overview(YEAR);
    for (const key of ['provincial_cold_chain_bases', 'origin_cold_storage_facilities', 'origin_cold_storage_new_capacity']) {
      expect([key, province.get(key)]).toEqual([key, progress.find((t) => t.key === key)?.currentValue]);
    }

    const dump = () =>
      withDb(platform.databaseUrl, async (c) => {
        const out: Record<string, unknown[]> = {};
        for (const t of READ_MODELS) out[t] = (await c.query(`SELECT * FROM supervision.${t} AS r ORDER BY r::text`)).rows;
        return out;
      });
    const live = await dump();
    const rebuilt = await admin.post('/supervision/read-models/rebuild');
    expect(rebuilt.status).toBe(200);
    expect(rebuilt.body.applied).toBe(rebuilt.body.replayed);
    expect(await dump()).toEqual(live);
  }, 180_000); // ten users, each signed in once: scrypt at N = 2^17 costs about a second per hash
});
