import { regions, townshipKind } from '@app/regions';
import { shanghaiToday } from '@app/contracts';
import { TestPlatform } from './support/platform.js';
import { api } from './support/http.js';
import { Client, courierFor, eventually, outletInput, sql, staffIn } from './support/outlets.js';

const LINYI = '140821';

describe('outlets: coverage, locker usage and near-duplicates through the gateway (real NATS and PostgreSQL)', () => {
  const platform = new TestPlatform({ apps: ['supervision', 'outlets', 'gateway'], env: { OUTLETS_DUPLICATE_DISTANCE_M: '30' } });
  let admin: Client;
  let zto: Awaited<ReturnType<typeof courierFor>>;
  let yto: Awaited<ReturnType<typeof courierFor>>;
  let staff: Client;
  const today = shanghaiToday();
  const townships = regions().descendants(LINYI, 'township');
  const cityTownLevel = regions().descendants('1408', 'township');
  const filedByTownship = new Map<string, { id: string; owner: Client }>();

  async function fileAndAccept(by: Client, body: Record<string, unknown>) {
    const filed = await by.post('/outlets').send(body);
    expect(filed.status).toBe(201);
    const accepted = await staff.post(`/outlets/${filed.body.id}/decision`).send({ decision: 'accept' });
    expect(accepted.status).toBe(200);
    return accepted.body;
  }

  beforeAll(async () => {
    await platform.start();
    admin = api(platform).as({ token: await platform.adminToken() });
    zto = await courierFor(platform, admin, { brand: 'ZTO' });
    yto = await courierFor(platform, admin, { brand: 'YTO' });
    staff = await staffIn(platform, admin, '1408');
  }, 120_000);

  afterAll(() => platform.stop());

  it('counts every township of a real county from the regions data, none covered before any filing', async () => {
    const listed = await admin.get(`/regions?parent=${LINYI}&level=township`);
    expect(listed.body.items.length).toBe(townships.length);
    const res = await staff.get(`/outlets/coverage?regionCode=${LINYI}&level=township`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ regionCode: LINYI, level: 'township', total: townships.length, covered: 0, rate: 0 });
    expect(res.body.uncovered).toEqual(townships.map((t) => ({ code: t.code, name: t.name })));
  });

  it('covers a township only once an outlet there is filed, and the whole county with one filed outlet in each', async () => {
    const [first, ...rest] = townships;
    const draft = (await zto.courier.post('/outlets').send(outletInput(zto.enterprise.id, { regionCode: first.code }))).body;
    expect((await staff.get(`/outlets/coverage?regionCode=${LINYI}`)).body.covered).toBe(0);
    const filed = (await staff.post(`/outlets/${draft.id}/decision`).send({ decision: 'accept' })).body;
    filedByTownship.set(first.code, { id: filed.id, owner: zto.courier });
    expect((await staff.get(`/outlets/coverage?regionCode=${LINYI}`)).body.covered).toBe(1);

    for (const [i, town] of rest.entries()) {
      const { courier, enterprise } = i % 2 === 0 ? zto : yto;
      const outlet = await fileAndAccept(courier, outletInput(enterprise.id, { regionCode: town.code }));
      filedByTownship.set(town.code, { id: outlet.id, owner: courier });
    }
    // a second outlet in a covered township, and one in a village, change nothing
    const village = regions().childrenOf(first.code)[0];
    await fileAndAccept(yto.courier, outletInput(yto.enterprise.id, { regionCode: village.code }));
    const full = await staff.get(`/outlets/coverage?regionCode=${LINYI}&level=township`);
    expect(full.body).toMatchObject({ total: townships.length, covered: townships.length, rate: 1, uncovered: [] });

    const villages = await staff.get(`/outlets/coverage?regionCode=${first.code}&level=village`);
    expect(villages.body).toMatchObject({ total: regions().childrenOf(first.code).length, covered: 1 });
    expect(villages.body.uncovered.map((v: { code: string }) => v.code)).not.toContain(village.code);

    const city = await staff.get('/outlets/coverage?regionCode=1408');
    expect(city.body.total).toBe(cityTownLevel.filter((t) => ['town', 'township'].includes(townshipKind(t.code))).length);
    expect(city.body.covered).toBe(townships.length);
  });

  it('removes a closed outlet’s township from the coverage', async () => {
    const town = townships[3];
    const { id, owner } = filedByTownship.get(town.code) as { id: string; owner: Client };
    expect((await owner.post(`/outlets/${id}/closure`).send({ reason: '网点撤并' })).status).toBe(200);
    const res = await staff.get(`/outlets/coverage?regionCode=${LINYI}`);
    expect(res.body).toMatchObject({ total: townships.length, covered: townships.length - 1 });
    expect(res.body.uncovered).toEqual([{ code: town.code, name: town.name }]);
  });

  it('counts towns and townships (乡镇), reports urban sub-districts (街道) apart, and shows the kinds counted; the overview agrees', async () => {
    const subdistricts = cityTownLevel.filter((t) => townshipKind(t.code) === 'subdistrict');
    const others = cityTownLevel.filter((t) => townshipKind(t.code) === 'other');
    expect(subdistricts.length).toBeGreaterThan(0);
    const before = (await staff.get('/outlets/coverage?regionCode=1408')).body;
    expect(before).toMatchObject({
      total: cityTownLevel.length - subdistricts.length - others.length,
      countedTownshipKinds: ['town', 'township'],
      outletKinds: ['terminal_outlet', 'smart_locker', 'public_service_station', 'village_post_station', 'village_service_point'],
      subdistricts: { total: subdistricts.length, covered: 0, rate: 0 },
    });
    expect(before.uncovered.map((u: { name: string }) => u.name).filter((n: string) => n.endsWith('街道'))).toEqual([]);

    // an outlet in a 街道 of 盐湖区 covers the sub-district, not a township
    await fileAndAccept(
      zto.courier,
      outletInput(zto.enterprise.id, { regionCode: subdistricts[0].code, address: '运城市盐湖区解放路9号', location: { lat: 35.03, lng: 111.0 } }),
    );
    const after = (await staff.get('/outlets/coverage?regionCode=1408')).body;
    expect(after).toMatchObject({ total: before.total, covered: before.covered, subdistricts: { total: subdistricts.length, covered: 1 } });

    // the supervision overview counts the same places with the same kinds
    const year = Number(today.slice(0, 4));
    await eventually(async () => {
      const indicators = (await staff.get(`/supervision/overview?year=${year}&regionCode=1408`)).body.indicators as Array<{
        key: string;
        value: number | null;
      }>;
      const value = (key: string) => indicators.find((i) => i.key === key)?.value;
      expect(value('township_outlet_coverage')).toBe(after.rate);
      expect(value('subdistrict_outlet_coverage')).toBe(after.subdistricts.rate);
    }, 20_000);
  });

  it('keeps coverage to the caller’s region', async () => {
    const taiyuan = await staffIn(platform, admin, '1401');
    expect((await taiyuan.get(`/outlets/coverage?regionCode=${LINYI}`)).status).toBe(404);
    expect((await taiyuan.get('/outlets/coverage')).body.regionCode).toBe('1401');
    expect((await staff.get('/outlets/coverage?regionCode=149999')).status).toBe(404);
  });

  it('takes daily locker usage and computes the locker delivery rate and compartment utilisation', async () => {
    const locker = await fileAndAccept(
      zto.courier,
      outletInput(zto.enterprise.id, {
        kind: 'smart_locker',
        regionCode: townships[0].code,
        compartments: { small: 40, medium: 24, large: 8 },
        openedOn: '2026-01-05',
      }),
    );
    const { id: station, owner: stationOwner } = filedByTownship.get(townships[1].code) as { id: string; owner: Client };
    const day = (d: number) => new Date(Date.parse(`${today}T00:00:00Z`) - d * 86_400_000).toISOString().slice(0, 10);

    const first = await zto.courier.post(`/outlets/${locker.id}/usage`).send({ date: day(1), parcelsIn: 100, parcelsCollected: 80, parcelsDelivered: 90 });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ outletId: locker.id, replaced: false, parcelsDelivered: 90 });
    const corrected = await zto.courier.post(`/outlets/${locker.id}/usage`).send({ date: day(1), parcelsIn: 100, parcelsCollected: 85, parcelsDelivered: 94 });
    expect(corrected.body.replaced).toBe(true);
    await zto.courier.post(`/outlets/${locker.id}/usage`).send({ date: day(0), parcelsIn: 60, parcelsCollected: 50, parcelsDelivered: 50 });
    const stationDay = await stationOwner
      .post(`/outlets/${station}/usage`)
      .send({ date: day(0), parcelsIn: 700, parcelsCollected: 120, parcelsDelivered: 656 });
    expect(stationDay.status).toBe(200);
    const beforeOpening = await stationOwner.post(`/outlets/${station}/usage`).send({ date: day(1), parcelsIn: 1, parcelsCollected: 1, parcelsDelivered: 1 });
    expect(beforeOpening.status).toBe(422);
    expect(beforeOpening.body.code).toBe('BEFORE_OPENING');

    expect((await yto.courier.post(`/outlets/${locker.id}/usage`).send({ date: day(1), parcelsIn: 1, parcelsCollected: 1, parcelsDelivered: 1 })).status).toBe(
      404,
    );
    const future = await zto.courier.post(`/outlets/${locker.id}/usage`).send({ date: '2099-01-01', parcelsIn: 1, parcelsCollected: 1, parcelsDelivered: 1 });
    expect(future.status).toBe(422);
    const draft = (await zto.courier.post('/outlets').send(outletInput(zto.enterprise.id))).body;
    expect((await zto.courier.post(`/outlets/${draft.id}/usage`).send({ date: day(0), parcelsIn: 1, parcelsCollected: 1, parcelsDelivered: 1 })).status).toBe(
      409,
    );

    const own = await zto.courier.get(`/outlets/${locker.id}/usage?from=${day(6)}&to=${day(0)}`);
    expect(own.body).toMatchObject({
      compartments: 72,
      totals: { parcelsIn: 160, parcelsCollected: 135, parcelsDelivered: 144 },
      compartmentUtilisation: 1, // 144 parcels ÷ (72 compartments × 2 reported days)
    });
    expect(own.body.days.map((d: { date: string }) => d.date)).toEqual([day(1), day(0)]);

    const summary = await staff.get(`/outlets/usage/summary?regionCode=${LINYI}&from=${day(6)}&to=${day(0)}`);
    expect(summary.status).toBe(200);
    expect(summary.body).toMatchObject({
      code: LINYI,
      parcelsDelivered: 800,
      lockerParcelsDelivered: 144,
      lockerDeliveryRate: 0.18,
      lockers: 1,
      compartmentDays: 144,
      compartmentUtilisation: 1,
    });
    expect(summary.body.items).toHaveLength(townships.length);
    expect(summary.body.items.find((i: { code: string }) => i.code === townships[0].code)).toMatchObject({ lockerDeliveryRate: 1 });
    expect(summary.body.items.find((i: { code: string }) => i.code === townships[1].code)).toMatchObject({ lockerDeliveryRate: 0 });
    const todayOnly = await staff.get(`/outlets/usage/summary?regionCode=${LINYI}&from=${day(0)}&to=${day(0)}`);
    expect(todayOnly.body).toMatchObject({ parcelsDelivered: 706, lockerParcelsDelivered: 50, lockerDeliveryRate: 0.0708, compartmentUtilisation: 0.6944 });
    expect((await staff.get(`/outlets/usage/summary?regionCode=${LINYI}&from=${day(0)}&to=${day(6)}`)).status).toBe(422);

    await eventually(async () => {
      const events = await sql<{ sent: boolean; data: Record<string, unknown> }>(
        platform,
        `SELECT sent_at IS NOT NULL AS sent, event->'data' AS data FROM outlets.outbox
         WHERE type = 'outlets.usage.reported' AND event->'data'->>'outletId' = $1 ORDER BY created_at, id`,
        [locker.id],
      );
      expect(events.map((e) => [e.sent, e.data.date, e.data.parcelsDelivered])).toEqual([
        [true, day(1), 90],
        [true, day(1), 94],
        [true, day(0), 50],
      ]);
      expect(events[0].data).toMatchObject({ kind: 'smart_locker', countyCode: LINYI, townshipCode: townships[0].code });
    });
  });

  it('flags outlets of different operators at the same address within the configured distance for review', async () => {
    const town = townships[5].code;
    const address = '临猗县七级镇中心街88号';
    const a = await fileAndAccept(zto.courier, outletInput(zto.enterprise.id, { regionCode: town, address, location: { lat: 35.2, lng: 110.8 } }));
    expect(a.flaggedForReview).toBe(false);
    const sameOperator = (
      await zto.courier.post('/outlets').send(outletInput(zto.enterprise.id, { regionCode: town, address, location: { lat: 35.2001, lng: 110.8 } }))
    ).body;
    expect(sameOperator.flaggedForReview).toBe(false);
    const far = (await yto.courier.post('/outlets').send(outletInput(yto.enterprise.id, { regionCode: town, address, location: { lat: 35.201, lng: 110.8 } })))
      .body;
    expect(far.flaggedForReview).toBe(false); // about 111 m away, past the 30 m configured
    const otherAddress = (
      await yto.courier
        .post('/outlets')
        .send(outletInput(yto.enterprise.id, { regionCode: town, address: '临猗县七级镇中心街90号', location: { lat: 35.2, lng: 110.8001 } }))
    ).body;
    expect(otherAddress.flaggedForReview).toBe(false);
    const twin = (
      await yto.courier
        .post('/outlets')
        .send(outletInput(yto.enterprise.id, { regionCode: town, address: '山西省运城市临猗县 七级镇中心街８８号', location: { lat: 35.2001, lng: 110.8001 } }))
    ).body;
    expect(twin.flaggedForReview).toBe(true);
    expect((await staff.get(`/outlets/${a.id}`)).body.flaggedForReview).toBe(true);

    // the twin stands next to both of ZTO's outlets there; ZTO's two outlets are not flagged against each other
    const flags = await staff.get('/outlets/duplicates?status=open');
    expect(flags.status).toBe(200);
    expect(flags.body.items).toHaveLength(2);
    expect(flags.body.items.map((f: { outlet: { id: string } }) => f.outlet.id)).toEqual([twin.id, twin.id]);
    expect(flags.body.items.map((f: { other: { id: string } }) => f.other.id).sort()).toEqual([a.id, sameOperator.id].sort());
    const flag = flags.body.items.find((f: { other: { id: string } }) => f.other.id === a.id);
    expect(flag).toMatchObject({ status: 'open', outlet: { enterpriseId: yto.enterprise.id }, other: { enterpriseId: zto.enterprise.id, status: 'filed' } });
    expect(flag.distanceMetres).toBeGreaterThan(10);
    expect(flag.distanceMetres).toBeLessThan(30);
    expect((await zto.courier.get('/outlets/duplicates')).status).toBe(403);

    const reviewed = await staff.post(`/outlets/duplicates/${flag.id}/review`).send({ outcome: 'confirmed', note: '建议多站合一' });
    expect(reviewed.status).toBe(200);
    expect(reviewed.body).toMatchObject({ status: 'confirmed', note: '建议多站合一' });
    expect((await staff.post(`/outlets/duplicates/${flag.id}/review`).send({ outcome: 'dismissed' })).status).toBe(409);
    expect((await staff.get('/outlets/duplicates?status=open')).body.items).toHaveLength(1);
    expect((await staff.get('/outlets/duplicates?status=confirmed')).body.items.map((f: { id: string }) => f.id)).toEqual([flag.id]);
    expect((await staff.get(`/outlets/${a.id}`)).body.flaggedForReview).toBe(false);
    expect((await staff.get(`/outlets/${sameOperator.id}`)).body.flaggedForReview).toBe(true);
  });
});
