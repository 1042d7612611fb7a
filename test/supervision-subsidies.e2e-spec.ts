import { TestPlatform } from './support/platform.js';
import { COUNTY_A, COUNTY_B, dbQuery, subsidyActors, SubsidyActors, waybills } from './support/subsidies.js';
import { eventually } from './support/events.js';

/**
 * Across services: counts, waybills and a claim moved through its workflow in the
 * subsidies service reach supervision's overview, indicators and action list through the
 * subsidies outbox, JetStream and supervision's durable consumer.
 */
describe('supervision reads the subsidies service’s events', () => {
  const platform = new TestPlatform({ apps: ['supervision', 'subsidies', 'gateway'] });
  let s: SubsidyActors;
  beforeAll(async () => {
    await platform.start();
    s = await subsidyActors(platform);
  }, 120_000);
  afterAll(() => platform.stop());

  const overview = async () =>
    new Map(
      (
        (await s.admin.get('/supervision/overview?year=2023').then((r) => r.body)).indicators as Array<{
          key: string;
          value: number | null;
          met: boolean | null;
        }>
      ).map((i) => [i.key, i]),
    );

  it('follows counts, waybills and a claim from draft to paid', async () => {
    const reports = [
      { date: '2023-06-01', brand: 'ZTO', direction: 'upstream', items: 300 },
      { date: '2023-06-01', brand: 'YTO', direction: 'downstream', items: 500 },
    ];
    expect((await s.centreA.post('/parcel-counts').send({ reports })).status).toBe(201);
    expect(
      (await s.courier.post('/waybills').send(waybills('XSUP', 300, { brand: 'ZTO', date: '2023-06-01', direction: 'upstream', countyCode: COUNTY_A }))).body
        .accepted,
    ).toBe(300);
    expect(
      (await s.courierYto.post('/waybills').send(waybills('XSDN', 480, { brand: 'YTO', date: '2023-06-01', direction: 'downstream', countyCode: COUNTY_A })))
        .body.accepted,
    ).toBe(480);
    const counted = await eventually(overview, (o) => o.get('rural_parcels_upstream')?.value === 300 && o.get('cross_match_rate')?.value === 1, 5000);
    expect(counted.get('rural_parcels_downstream')?.value).toBe(500);
    const series = await s.admin.get('/supervision/indicators?metric=waybills_downstream&regionCode=1408&period=day&from=2023-06-01&to=2023-06-30');
    expect(series.body.children.find((c: { regionCode: string }) => c.regionCode === COUNTY_A)?.total).toBe(480);

    const programme = await s.admin.post('/subsidy-programmes').send({
      year: 2023,
      name: '2023年农村寄递物流服务全覆盖省级专项补助',
      directions: ['upstream', 'downstream'],
      rates: [
        { direction: 'upstream', rateFen: 60 },
        { direction: 'downstream', rateFen: 40 },
      ],
      avgCeilingFen: 50,
      budgets: [{ countyCode: COUNTY_A, amountFen: 1_000_000 }],
    });
    expect(programme.status).toBe(201);
    const claim = await s.centreA
      .post('/subsidy-claims')
      .send({ programmeId: programme.body.id, countyCode: COUNTY_A, periodStart: '2023-06-01', periodEnd: '2023-06-01' });
    expect(claim.status).toBe(201);
    const amount = claim.body.amountFen as number;
    const step = (who: 'centreA' | 'city' | 'province', action: string) => s[who].post(`/subsidy-claims/${claim.body.id}/${action}`).send({});
    await step('centreA', 'submit');
    await step('city', 'review');
    const waiting = await eventually(
      () => s.admin.get('/supervision/actions?regionCode=1408').then((r) => r.body.claims as Array<{ objectId: string; kind: string }>),
      (list) => list.some((c) => c.objectId === claim.body.id && c.kind === 'claim_reviewed'),
      5000,
    );
    expect(waiting).toHaveLength(1);
    expect((await step('province', 'approve')).body.status).toBe('approved');
    await eventually(overview, (o) => o.get('subsidy_approved')?.value === amount, 5000);
    const paying = await s.province.post(`/subsidy-claims/${claim.body.id}/pay`).send({ voucherNo: '晋财农-0001', paidOn: '2023-07-01', amountFen: amount });
    expect(paying.body.status).toBe('paid');
    const paid = await eventually(overview, (o) => o.get('subsidy_paid')?.value === amount, 5000);
    expect(paid.get('rural_subsidy_avg_per_item')).toMatchObject({ value: Math.round((amount / claim.body.items) * 100) / 100, met: true });
  });

  it('compares only the waybills couriers vouch for, as the subsidies service does: a centre’s own never, a courier’s duplicate of them once', async () => {
    const day = '2023-06-02';
    const mismatch = () =>
      s.admin
        .get(`/supervision/actions?regionCode=${COUNTY_A}&from=${day}&to=${day}`)
        .then((r) => (r.body.dataQualityFlags as Array<{ kind: string; objectId: string; summary: string }>).filter((f) => f.kind === 'cross_match_mismatch'));
    expect((await s.centreA.post('/parcel-counts').send({ reports: [{ date: day, brand: 'ZTO', direction: 'upstream', items: 200 }] })).status).toBe(201);
    const own = waybills('XSOWN', 100, { brand: 'ZTO', date: day, direction: 'upstream', countyCode: COUNTY_A });
    expect((await s.centreA.post('/waybills').send(own)).body.accepted).toBe(100);
    expect(
      (await s.courier.post('/waybills').send(waybills('XSNEW', 100, { brand: 'ZTO', date: day, direction: 'upstream', countyCode: COUNTY_A }))).body.accepted,
    ).toBe(100);
    // 200 counted against the courier's 100 (the centre's own 100 vouch for nothing): a mismatch
    // (flagged already while the counts had nothing against them: the match is two-way)
    const flagged = await eventually(mismatch, (f) => f.length === 1 && f[0].summary.includes('快递企业运单 100 件'), 5000);
    expect(flagged[0]).toMatchObject({ objectId: `${COUNTY_A}:${day}` });
    expect(flagged[0].summary).toContain('快递企业运单 100 件');
    const quality = await s.city.get(`/data-quality?regionCode=${COUNTY_A}&from=${day}&to=${day}`);
    expect(quality.body.indicators.crossMatchRate).toEqual({ rate: 0, numerator: 0, denominator: 1 });

    // the courier uploads the centre's numbers: province duplicates that vouch for them, once
    expect((await s.courier.post('/waybills').send(own)).body.duplicates).toHaveLength(100);
    expect((await s.courier.post('/waybills').send(own)).body.duplicates).toHaveLength(100);
    await eventually(mismatch, (f) => f.length === 0, 5000);
    const matched = await s.city.get(`/data-quality?regionCode=${COUNTY_A}&from=${day}&to=${day}`);
    expect(matched.body.indicators.crossMatchRate).toEqual({ rate: 1, numerator: 1, denominator: 1 });
    const [row] = await dbQuery<{ waybills: string; matched: boolean }>(
      platform,
      `SELECT waybills, matched FROM supervision.rm_county_days WHERE county_code = $1 AND date = $2`,
      [COUNTY_A, day],
    );
    expect(row).toEqual({ waybills: '200', matched: true });
  });

  it('gives half-day and next-day rates per county and month from waybills with pick-up and delivery times, against the plan’s targets', async () => {
    // the fixture of deliveryDays in apps/subsidies/src/waybills/delivery-time.rules.spec.ts, counted there by hand:
    // 临猗 (A) 5 timed waybills, 2 within 12 h, 4 by the end of the next day; 万荣 (B) 1, both
    const row = (n: number, countyCode: string, pickedUpAt?: string, deliveredAt?: string) => ({
      waybillNo: `XSDT${String(n).padStart(8, '0')}`,
      brand: 'ZTO',
      date: '2023-06-01',
      direction: 'downstream',
      countyCode,
      ...(pickedUpAt ? { pickedUpAt } : {}),
      ...(deliveredAt ? { deliveredAt } : {}),
    });
    const rows = [
      row(1, COUNTY_A, '2023-06-01T09:00:00+08:00', '2023-06-01T20:00:00+08:00'),
      row(2, COUNTY_A, '2023-06-01T09:00:00+08:00', '2023-06-02T08:00:00+08:00'),
      row(3, COUNTY_A, '2023-06-01T23:30:00+08:00', '2023-06-02T03:30:00Z'),
      row(4, COUNTY_A, '2023-06-01T10:00:00+08:00', '2023-06-03T09:00:00+08:00'),
      row(5, COUNTY_A, '2023-06-01T16:30:00Z', '2023-06-03T18:00:00+08:00'),
      row(6, COUNTY_B, '2023-06-01T09:00:00+08:00', '2023-06-01T12:00:00+08:00'),
      row(7, COUNTY_B, '2023-06-01T09:00:00+08:00'),
      row(8, COUNTY_B),
      row(9, COUNTY_B, '2023-06-01T09:00:00+08:00', '2023-06-01T08:00:00+08:00'),
    ];
    const sent = await s.courier.post('/waybills').send(rows);
    expect(sent.body).toMatchObject({ accepted: 8, rejected: [{ index: 8, errors: [{ field: 'deliveredAt', message: 'must not be before pickedUpAt' }] }] });
    // a province duplicate with times is not stored and counts nowhere
    expect((await s.courier.post('/waybills').send([row(1, COUNTY_A, '2023-06-01T09:00:00+08:00', '2023-06-01T09:30:00+08:00')])).body.duplicates).toHaveLength(
      1,
    );
    const stored = await dbQuery<{ picked_up_at: Date | null; delivered_at: Date | null }>(
      platform,
      `SELECT picked_up_at, delivered_at FROM subsidies.waybills WHERE waybill_no IN ('XSDT00000003', 'XSDT00000008') ORDER BY waybill_no`,
    );
    expect(stored.map((r) => [r.picked_up_at?.toISOString() ?? null, r.delivered_at?.toISOString() ?? null])).toEqual([
      ['2023-06-01T15:30:00.000Z', '2023-06-02T03:30:00.000Z'],
      [null, null],
    ]);
    expect(
      await dbQuery(platform, `SELECT county_code, to_char(date, 'YYYY-MM-DD') AS date, timed, half_day, next_day FROM subsidies.delivery_days ORDER BY 1, 2`),
    ).toEqual([
      { county_code: COUNTY_A, date: '2023-06-01', timed: 4, half_day: 2, next_day: 3 },
      { county_code: COUNTY_A, date: '2023-06-02', timed: 1, half_day: 0, next_day: 1 },
      { county_code: COUNTY_B, date: '2023-06-01', timed: 1, half_day: 1, next_day: 1 },
    ]);

    type Series = { regionCode: string; total: number; points: Array<{ period: string; value: number; part: number; whole: number }> };
    const rate = (metric: string) =>
      s.admin.get(`/supervision/indicators?metric=${metric}&regionCode=1408&period=month&from=2023-06-01&to=2023-06-30`).then((r) => r.body);
    const nextDay = await eventually(
      () => rate('next_day_delivery_rate'),
      (b) => b.region?.total === 0.8333,
      5000,
    );
    const county = (b: { children: Series[] }, code: string) => b.children.find((c) => c.regionCode === code);
    expect(county(nextDay, COUNTY_A)?.points).toEqual([{ period: '2023-06-01', value: 0.8, part: 4, whole: 5 }]);
    expect(county(nextDay, COUNTY_B)?.points).toEqual([{ period: '2023-06-01', value: 1, part: 1, whole: 1 }]);
    expect(nextDay.target).toMatchObject({ key: 'next_day_delivery_rate', value: 1, clause: '一(二)', quote: expect.stringContaining('县域城市“次日达”') });
    const halfDay = await rate('half_day_delivery_rate');
    expect(county(halfDay, COUNTY_A)?.points).toEqual([{ period: '2023-06-01', value: 0.4, part: 2, whole: 5 }]);
    expect(halfDay.region.total).toBe(0.5);
    const o = await overview();
    expect(o.get('half_day_delivery_rate')).toMatchObject({ value: 0.5, met: false });
    expect(o.get('next_day_delivery_rate')).toMatchObject({ value: 0.8333, met: false });
  });

  const audited = async (id: string) =>
    (await dbQuery<{ action: string }>(platform, `SELECT action FROM supervision.audit_log WHERE object_id = $1 ORDER BY created_at`, [id])).map(
      (r) => r.action,
    );

  it('keeps a delivery vehicle registry: couriers register their own, staff see their region, and it fills in the new-energy share without a green report', async () => {
    const vehicle = { newEnergy: true, markings: true, passStatus: 'issued', passValidTo: '2027-06-30', regionCode: COUNTY_A };
    const electric = await s.courier.post('/delivery-vehicles').send({ ...vehicle, plate: '晋M·D12345', uniformNo: 'ZTO-YC-001' });
    expect(electric.status).toBe(201);
    expect(electric.body).toMatchObject({ plate: '晋MD12345', plateKind: 'new_energy', newEnergy: true, uniformNo: 'ZTO-YC-001', passValidTo: '2027-06-30' });
    const diesel = { ...vehicle, plate: '晋M12345', newEnergy: false, markings: false, passStatus: 'applied', passValidTo: undefined, uniformNo: 'ZTO-YC-002' };
    expect((await s.courier.post('/delivery-vehicles').send(diesel)).status).toBe(201);
    // a green (new-energy) plate declared otherwise, a plate taken, an issued pass without a date
    expect((await s.courier.post('/delivery-vehicles').send({ ...vehicle, plate: '晋MD54321', newEnergy: false, uniformNo: 'ZTO-YC-003' })).body.code).toBe(
      'INVALID_PLATE',
    );
    expect((await s.courierYto.post('/delivery-vehicles').send({ ...diesel, uniformNo: 'YTO-1' })).body.code).toBe('PLATE_REGISTERED');
    expect(
      (await s.courier.post('/delivery-vehicles').send({ ...vehicle, plate: '晋M54321', passValidTo: undefined, uniformNo: 'ZTO-YC-004' })).body.code,
    ).toBe('PASS_DATE_REQUIRED');
    // staff of another city may not register in Yuncheng
    expect(
      (await s.otherCity.post('/delivery-vehicles').send({ ...vehicle, plate: '晋A12345', enterpriseId: electric.body.enterpriseId, uniformNo: 'X-1' })).status,
    ).toBe(403);

    const plates = (page: { items: Array<{ plate: string }> }) => page.items.map((v) => v.plate);
    const first = (await s.courier.get('/delivery-vehicles?limit=1')).body;
    expect(first.items).toHaveLength(1);
    const second = (await s.courier.get(`/delivery-vehicles?limit=1&cursor=${encodeURIComponent(first.nextCursor)}`)).body;
    expect([...plates(first), ...plates(second)].sort()).toEqual(['晋M12345', '晋MD12345']);
    expect(plates((await s.city.get('/delivery-vehicles?newEnergy=true')).body)).toEqual(['晋MD12345']);
    expect(plates((await s.otherCity.get('/delivery-vehicles')).body)).toEqual([]);
    expect(plates((await s.courierYto.get('/delivery-vehicles')).body)).toEqual([]);
    expect(await audited(electric.body.id)).toEqual(['vehicle.registered']);

    // no enterprise filed a green report this year: the registry's 1 of 2 vehicles is the share, labelled so
    const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
    const indicators = (await s.admin.get(`/supervision/overview?year=${year}`)).body.indicators as Array<{
      key: string;
      value: number | null;
      source: string;
    }>;
    const share = indicators.find((i) => i.key === 'new_energy_vehicle_share');
    expect(share?.value).toBe(0.5);
    expect(share?.source).toContain('1 enterprises, 2 vehicles from the registry');
  });

  it('records emergency plans and drills per region, with an e-commerce platform’s warehouse as an emergency resource', async () => {
    const warehouse = {
      kind: 'ecommerce_warehouse',
      name: '运城某电商平台临猗前置仓',
      regionCode: COUNTY_A,
      capacity: 5000,
      capacityUnit: 'square_metres',
      address: '临猗县城关镇',
    };
    expect((await s.city.post('/emergency-resources').send(warehouse)).body.code).toBe('OPERATOR_REQUIRED');
    const resource = await s.city.post('/emergency-resources').send({ ...warehouse, operatorName: '山西某电商平台有限公司' });
    expect(resource.status).toBe(201);
    expect(resource.body).toMatchObject({ kind: 'ecommerce_warehouse', operatorName: '山西某电商平台有限公司', address: '临猗县城关镇' });

    const plan = await s.city.post('/emergency-plans').send({
      regionCode: '1408',
      title: '运城市寄递物流突发事件应急预案',
      issuedOn: '2025-03-01',
      summary: '自然灾害、公共卫生事件导致农村寄递中断时的保通保畅',
    });
    expect(plan.status).toBe(201);
    const drill = {
      regionCode: COUNTY_A,
      planId: plan.body.id,
      title: '2025年临猗县寄递物流应急保通演练',
      heldOn: '2025-06-18',
      participants: ['运城市邮政管理局', '临猗县寄递物流中心', '山西某电商平台有限公司'],
      participantCount: 42,
      resourceIds: [resource.body.id],
      resourcesNote: '冷藏车2辆',
      findings: '前置仓调拨用时超过预案要求，需预先签订调用协议',
    };
    expect((await s.otherCity.post('/emergency-drills').send(drill)).status).toBe(403);
    expect((await s.city.post('/emergency-drills').send({ ...drill, heldOn: '2999-01-01' })).body.code).toBe('FUTURE_DATE');
    const recorded = await s.city.post('/emergency-drills').send(drill);
    expect(recorded.status).toBe(201);
    expect(recorded.body).toMatchObject({
      planId: plan.body.id,
      heldOn: '2025-06-18',
      participantCount: 42,
      resources: [{ id: resource.body.id, kind: 'ecommerce_warehouse', name: warehouse.name }],
    });
    const drills = (await s.city.get(`/emergency-drills?regionCode=${COUNTY_A}`)).body.items;
    expect(drills.map((d: { id: string }) => d.id)).toEqual([recorded.body.id]);
    expect((await s.city.get('/emergency-plans')).body.items).toEqual([expect.objectContaining({ id: plan.body.id, drills: 1 })]);
    expect((await s.otherCity.get('/emergency-drills')).body.items).toEqual([]);
    expect((await s.otherCity.get('/emergency-drills?regionCode=1408')).status).toBe(403);
    expect(await audited(plan.body.id)).toEqual(['emergency-plan.registered']);
    expect(await audited(recorded.body.id)).toEqual(['emergency-drill.recorded']);
  });
});
