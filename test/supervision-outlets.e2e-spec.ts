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
});
