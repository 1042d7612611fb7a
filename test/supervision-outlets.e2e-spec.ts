import { shanghaiToday } from '@app/contracts';
import { TestPlatform } from './support/platform.js';
import { api } from './support/http.js';
import { courierFor, outletInput, staffIn } from './support/outlets.js';
import { eventually } from './support/events.js';

const LINYI = '140821';

/**
 * Across services through the real APIs: an outlet filed in the outlets service reaches
 * supervision's overview; a licence revoked in supervision lapses the outlet in the outlets
 * service, whose closure event takes it out of supervision's coverage again.
 */
describe('supervision and the outlets service, both ways over durable events', () => {
  const platform = new TestPlatform({ apps: ['supervision', 'outlets', 'gateway'] });
  beforeAll(() => platform.start(), 120_000);
  afterAll(() => platform.stop());

  it('counts a filed outlet in township coverage within seconds and drops it when the operator’s licence is revoked', async () => {
    const admin = api(platform).as({ token: await platform.adminToken() });
    const staff = await staffIn(platform, admin, '1408');
    const { enterprise, courier } = await courierFor(platform, admin);
    const year = Number(shanghaiToday().slice(0, 4));
    const coverage = async () =>
      ((await admin.get(`/supervision/overview?year=${year}&regionCode=${LINYI}`)).body.indicators as Array<{ key: string; value: number | null }>).find(
        (i) => i.key === 'township_outlet_coverage',
      )?.value;
    const townships = (await admin.get(`/regions?parent=${LINYI}&level=township`)).body.items.length;
    expect(await coverage()).toBe(0);

    const filed = await courier.post('/outlets').send(outletInput(enterprise.id));
    expect(filed.status).toBe(201);
    expect((await staff.post(`/outlets/${filed.body.id}/decision`).send({ decision: 'accept' })).status).toBe(200);
    const started = Date.now();
    await eventually(coverage, (v) => v !== null && v !== undefined && Math.abs(v - 1 / townships) < 1e-4, 5000);
    process.stdout.write(`outlet filed → overview in ${Date.now() - started} ms\n`);

    const revoked = await admin.post(`/enterprises/${enterprise.id}/licence/revocation`).send({ reason: '吊销快递业务经营许可证' });
    expect(revoked.status).toBe(200);
    await eventually(
      async () => (await staff.get(`/outlets/${filed.body.id}`)).body.status,
      (status) => status === 'lapsed',
      5000,
    );
    expect((await staff.get(`/outlets/coverage?regionCode=${LINYI}`)).body.covered).toBe(0);
    await eventually(coverage, (v) => v === 0, 5000);
  });

  it('flags for review a filing by an enterprise under joint discipline (失信联合惩戒), from supervision’s credit records', async () => {
    const admin = api(platform).as({ token: await platform.adminToken() });
    const clean = await courierFor(platform, admin);
    const dishonest = await courierFor(platform, admin);
    const record = await admin.post('/credit-records').send({
      enterpriseId: dishonest.enterprise.id,
      severity: 'grave',
      description: '虚假备案、以欺骗手段套取补助资金',
      occurredOn: shanghaiToday(),
    });
    expect(record.status).toBe(201);

    const flagged = await dishonest.courier.post('/outlets').send(outletInput(dishonest.enterprise.id));
    expect(flagged.status).toBe(201);
    expect(flagged.body.versions[0].operatorCredit).toMatchObject({ jointDiscipline: true, reasons: [expect.any(String)] });
    const fine = await clean.courier.post('/outlets').send(outletInput(clean.enterprise.id));
    expect(fine.body.versions[0].operatorCredit).toEqual({ jointDiscipline: false, score: 100, reasons: [] });
  });
});
