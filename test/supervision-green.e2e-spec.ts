import { TestPlatform } from './support/platform.js';
import { api } from './support/http.js';
import { greenReport, LAST_YEAR, registerCourier } from './support/green.js';
import { eventually } from './support/events.js';

/**
 * Across services: a green report filed and accepted through the green service's API
 * reaches supervision's overview through the green outbox, JetStream and supervision's
 * durable consumer.
 */
describe('supervision reads the green service’s events', () => {
  const platform = new TestPlatform({ apps: ['supervision', 'green', 'gateway'] });
  beforeAll(() => platform.start(), 120_000);
  afterAll(() => platform.stop());

  it('shows an accepted green report in the overview within seconds', async () => {
    const admin = api(platform).as({ token: await platform.adminToken() });
    const courier = await registerCourier(platform, admin, '山西绿色包装测试快递有限公司');
    const filed = await courier.client.post('/green-reports').send(greenReport({ parcels: 2_000_000, eWaybills: 1_990_000 }));
    expect(filed.status).toBe(201);
    const overview = async () =>
      new Map(
        ((await admin.get(`/supervision/overview?year=${LAST_YEAR}`)).body.indicators as Array<{ key: string; value: number | null; met: boolean | null }>).map(
          (i) => [i.key, i],
        ),
      );
    expect((await overview()).get('e_waybill_rate')?.value).toBeNull();
    const accepted = await admin.post(`/green-reports/${filed.body.id}/accept`).send({});
    expect(accepted.status).toBe(200);
    const started = Date.now();
    const after = await eventually(overview, (o) => o.get('e_waybill_rate')?.value === 0.995, 5000);
    process.stdout.write(`green report accepted → overview in ${Date.now() - started} ms\n`);
    expect(after.get('express_volume')?.value).toBe(2_000_000);
    expect(after.get('recyclable_transit_bag_rate')).toMatchObject({ value: 0.75, met: true });
    expect(after.get('new_energy_vehicle_share')?.value).toBe(0.3);
  });
});
