import { type ChangeFacilityStatusMessage, type CreateFacilityRequest, Role, Subjects } from '@app/contracts';
import { ServiceRequester } from '@app/messaging';
import { TestPlatform } from './support/platform.js';
import { api } from './support/http.js';
import { facilityInput, PLACES, streamEvents } from './support/cold-chain.js';

type Client = ReturnType<ReturnType<typeof api>['as']>;

describe('cold-chain registry: facilities, tier tree, zones, status history, reports (gateway → NATS → PostgreSQL)', () => {
  const platform = new TestPlatform({ apps: ['cold-chain', 'gateway'] });
  let admin: Client;
  let staff: Client;
  let auditor: Client;
  let operator: Client;

  beforeAll(async () => {
    await platform.start();
    admin = api(platform).as({ token: await platform.adminToken() });
    const yuncheng = await admin.post('/organisations').send({ name: '运城市邮政管理局', kind: 'postal_admin', regionCode: '1408' });
    await admin.post('/users').send({ username: 'yc.staff', password: 'a-long-password-1', role: 'staff', orgId: yuncheng.body.id });
    await admin.post('/users').send({ username: 'yc.auditor', password: 'a-long-password-2', role: 'auditor', orgId: yuncheng.body.id });
    const coop = await admin.post('/organisations').send({ name: '临猗冷链运营公司', kind: 'cold_chain_operator', regionCode: '140821' });
    await admin.post('/users').send({ username: 'cc.operator', password: 'a-long-password-3', role: 'courier', orgId: coop.body.id });
    staff = api(platform).as({ token: await platform.login('yc.staff', 'a-long-password-1') });
    auditor = api(platform).as({ token: await platform.login('yc.auditor', 'a-long-password-2') });
    operator = api(platform).as({ token: await platform.login('cc.operator', 'a-long-password-3') });
  }, 120_000);

  afterAll(() => platform.stop());

  const ids: Record<string, string> = {};

  it('registers a facility of every kind in a tier tree four levels deep', async () => {
    const backbone = await admin.post('/cold-chain/facilities').send(
      facilityInput({
        kind: 'national_backbone_base',
        code: 'JZ-BB-01',
        name: '晋中国家骨干冷链物流基地',
        operator: '山西晋中冷链物流有限公司',
        ...PLACES.yuci,
        capacityTonnes: 300000,
        volumeCubicMetres: 1_100_000,
        temperatureZones: [
          { zone: 'frozen', minC: -25, maxC: -18, capacityTonnes: 120000 },
          { zone: 'chilled', minC: 0, maxC: 4, capacityTonnes: 100000 },
          { zone: 'constant', minC: 12, maxC: 18, capacityTonnes: 50000 },
        ],
        commodities: ['meat', 'fruit', 'vegetables', 'grain', 'medicinal_herbs'],
        designationLevel: 'national',
        designatedAt: '2020-12-01',
        statusDate: '2021-06-30',
      }),
    );
    expect(backbone.status).toBe(201);
    expect(backbone.body).toMatchObject({
      code: 'JZ-BB-01',
      kind: 'national_backbone_base',
      kindName: '国家骨干冷链物流基地',
      countyCode: '140702',
      countyName: '榆次区',
      cityName: '晋中市',
      status: 'operating',
      statusSince: '2021-06-30',
      parentId: null,
      version: 1,
      ancestors: [],
    });
    expect(backbone.body.temperatureZones.map((z: { zone: string }) => z.zone)).toEqual(['frozen', 'chilled', 'constant']);
    expect(backbone.body.statusHistory).toEqual([expect.objectContaining({ from: null, to: 'operating', date: '2021-06-30' })]);
    ids.backbone = backbone.body.id;

    const provincial = await admin.post('/cold-chain/facilities').send(
      facilityInput({
        kind: 'provincial_base',
        name: '太原小店省级冷链物流仓储基地',
        ...PLACES.xiaodian,
        capacityTonnes: 80000,
        temperatureZones: [{ zone: 'frozen', minC: -30, maxC: -18, capacityTonnes: 50000 }],
        commodities: ['meat', 'aquatic', 'dairy'],
        designationLevel: 'provincial',
        designatedAt: '2023-05-10',
        parentId: ids.backbone,
      }),
    );
    expect(provincial.status).toBe(201);
    expect(provincial.body.code).toMatch(/^CCF\d{6}$/);
    ids.provincial = provincial.body.id;

    const centre = await admin
      .post('/cold-chain/facilities')
      .send(facilityInput({ kind: 'origin_consolidation_centre', name: '临猗县产地冷链集配中心', capacityTonnes: 20000, parentId: ids.provincial }));
    expect(centre.status).toBe(201);
    ids.centre = centre.body.id;

    const storage = await admin
      .post('/cold-chain/facilities')
      .send(facilityInput({ name: '猗氏镇苹果气调库', ...PLACES.linyiTown, capacityTonnes: 1000, parentId: ids.centre }));
    expect(storage.status).toBe(201);
    expect(storage.body).toMatchObject({ regionCode: '140821100', countyCode: '140821', countyName: '临猗县', cityName: '运城市' });
    ids.storage = storage.body.id;

    const sales = await admin.post('/cold-chain/facilities').send(
      facilityInput({
        kind: 'sales_consolidation_centre',
        name: '太原销地冷链集配中心',
        ...PLACES.xiaodian,
        commodities: ['fruit', 'vegetables'],
        parentId: ids.backbone,
      }),
    );
    expect(sales.status).toBe(201);
    ids.sales = sales.body.id;

    const detail = await admin.get(`/cold-chain/facilities/${ids.storage}`);
    expect(detail.body.ancestors.map((a: { id: string }) => a.id)).toEqual([ids.backbone, ids.provincial, ids.centre]);
    expect(detail.body.ancestors[0]).toMatchObject({ code: 'JZ-BB-01', kind: 'national_backbone_base' });

    const tree = await admin.get(`/cold-chain/facilities/${ids.backbone}/tree`);
    expect(tree.status).toBe(200);
    expect(tree.body.children.map((c: { id: string }) => c.id).sort()).toEqual([ids.provincial, ids.sales].sort());
    const provincialNode = tree.body.children.find((c: { id: string }) => c.id === ids.provincial);
    expect(provincialNode.children).toEqual([expect.objectContaining({ id: ids.centre, kind: 'origin_consolidation_centre' })]);
    expect(provincialNode.children[0].children).toEqual([expect.objectContaining({ id: ids.storage, kind: 'origin_cold_storage', children: [] })]);

    const children = await admin.get(`/cold-chain/facilities?parentId=${ids.backbone}`);
    expect(children.body.items.map((f: { id: string }) => f.id).sort()).toEqual([ids.provincial, ids.sales].sort());
  });

  it('enforces the allowed parent kinds and refuses a cycle', async () => {
    const underProvincial = await admin.post('/cold-chain/facilities').send(facilityInput({ parentId: ids.provincial }));
    expect(underProvincial.status).toBe(422);
    expect(underProvincial.body).toMatchObject({ code: 'TIER_RULE', errors: [expect.objectContaining({ field: 'parentId' })] });
    expect(underProvincial.body.detail).toMatch(/hangs under origin_consolidation_centre, not under a provincial_base/);

    const secondRoot = await admin.post('/cold-chain/facilities').send(
      facilityInput({
        kind: 'national_backbone_base',
        name: '另一骨干基地',
        parentId: ids.backbone,
        designationLevel: 'national',
        designatedAt: '2022-01-01',
      }),
    );
    expect(secondRoot.status).toBe(422);
    expect(secondRoot.body.code).toBe('TIER_RULE');

    const missingParent = await admin.post('/cold-chain/facilities').send(facilityInput({ parentId: '00000000-0000-4000-8000-000000000000' }));
    expect(missingParent.status).toBe(422);
    expect(missingParent.body.code).toBe('PARENT_NOT_FOUND');

    const cycle = await admin.patch(`/cold-chain/facilities/${ids.centre}`).send({ parentId: ids.storage, reason: '调整层级' });
    expect(cycle.status).toBe(422);
    expect(cycle.body).toMatchObject({ code: 'TIER_CYCLE', errors: [expect.objectContaining({ field: 'parentId' })] });
    const own = await admin.patch(`/cold-chain/facilities/${ids.centre}`).send({ parentId: ids.centre, reason: '调整层级' });
    expect(own.body.code).toBe('TIER_CYCLE');

    const moved = await admin.patch(`/cold-chain/facilities/${ids.centre}`).send({ parentId: ids.backbone, reason: '直属骨干基地', expectedVersion: 1 });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ parentId: ids.backbone, version: 2 });
    const stale = await admin.patch(`/cold-chain/facilities/${ids.centre}`).send({ name: '改名', reason: '更正', expectedVersion: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    expect((await admin.get(`/cold-chain/facilities/${ids.storage}`)).body.ancestors.map((a: { id: string }) => a.id)).toEqual([ids.backbone, ids.centre]);
  });

  it('refuses temperature zones outside their ranges, naming the field', async () => {
    const post = (zones: unknown[], extra: Record<string, unknown> = {}) =>
      admin.post('/cold-chain/facilities').send(facilityInput({ temperatureZones: zones, ...extra }));

    const warmFrozen = await post([{ zone: 'frozen', minC: -20, maxC: -10, capacityTonnes: 100 }]);
    expect(warmFrozen.status).toBe(422);
    expect(warmFrozen.body).toMatchObject({
      code: 'TEMPERATURE_RANGE',
      errors: [{ field: 'temperatureZones.0.maxC', message: expect.stringMatching(/at most -18 °C/) }],
    });

    const coldChilled = await post([{ zone: 'chilled', minC: -3, maxC: 4, capacityTonnes: 100 }]);
    expect(coldChilled.body.errors).toEqual([expect.objectContaining({ field: 'temperatureZones.0.minC' })]);

    const inverted = await post([{ zone: 'constant', minC: 20, maxC: 12, capacityTonnes: 100 }]);
    expect(inverted.body.errors).toEqual([{ field: 'temperatureZones.0.minC', message: 'minC 20 °C is above maxC 12 °C' }]);

    const noGas = await post([{ zone: 'controlled_atmosphere', minC: 0, maxC: 2, capacityTonnes: 100 }]);
    expect(noGas.body.code).toBe('GAS_CONTROL');

    const tooBig = await post([
      { zone: 'frozen', minC: -25, maxC: -18, capacityTonnes: 700 },
      { zone: 'chilled', minC: 0, maxC: 4, capacityTonnes: 400 },
    ]);
    expect(tooBig.body).toMatchObject({
      code: 'ZONE_CAPACITY',
      errors: [{ field: 'temperatureZones', message: expect.stringMatching(/1100 t, more than .* 1000 t/) }],
    });

    const unknownZone = await post([{ zone: 'lukewarm', minC: 0, maxC: 4, capacityTonnes: 100 }]);
    expect(unknownZone.status).toBe(400);
    expect(unknownZone.body.errors[0].field).toBe('temperatureZones.0.zone');

    const badCommodity = await admin.post('/cold-chain/facilities').send(facilityInput({ commodities: ['fruit', 'coal'] }));
    expect(badCommodity.status).toBe(400);
    expect(badCommodity.body.errors[0].field).toBe('commodities');

    const city = await admin.post('/cold-chain/facilities').send(facilityInput({ regionCode: '1408' }));
    expect(city.status).toBe(400);
    const unknownCounty = await admin.post('/cold-chain/facilities').send(facilityInput({ regionCode: '140899' }));
    expect(unknownCounty.body.code).toBe('UNKNOWN_REGION');
    const beijing = await admin.post('/cold-chain/facilities').send(facilityInput({ location: { lat: 39.9, lng: 116.4 } }));
    expect(beijing.body).toMatchObject({ code: 'OUTSIDE_SHANXI', errors: [expect.objectContaining({ field: 'location' })] });

    const reference = await auditor.get('/cold-chain/reference');
    expect(reference.body.zones).toContainEqual(expect.objectContaining({ zone: 'frozen', minC: -60, maxC: -18 }));
    expect(reference.body.zones).toContainEqual(expect.objectContaining({ zone: 'chilled', minC: 0, maxC: 8 }));
    expect(reference.body.kinds.find((k: { kind: string }) => k.kind === 'origin_cold_storage').allowedParents).toEqual(['origin_consolidation_centre']);
  });

  it('keeps a dated status history with validated transitions, audit records and events', async () => {
    const created = await admin
      .post('/cold-chain/facilities')
      .send(facilityInput({ name: '临猗县北辛乡果蔬冷库', status: 'planned', statusDate: '2023-02-01', parentId: ids.centre }));
    const id = created.body.id as string;
    const change = (status: string, date: string, reason?: string) => admin.post(`/cold-chain/facilities/${id}/status`).send({ status, date, reason });

    expect((await change('operating', '2023-03-01')).body).toMatchObject({
      code: 'STATUS_TRANSITION',
      detail: 'a planned facility goes to building, closed; not operating',
    });
    expect((await change('building', '2023-04-15', '开工')).status).toBe(200);
    const early = await change('operating', '2023-04-01');
    expect(early.status).toBe(422);
    expect(early.body.code).toBe('STATUS_DATE');
    expect((await change('operating', '2024-05-20', '竣工投产')).status).toBe(200);
    expect((await change('suspended', '2024-08-01', '设备检修')).status).toBe(200);
    const resumed = await change('operating', '2024-09-10');
    expect(resumed.body).toMatchObject({ status: 'operating', statusSince: '2024-09-10', version: 5 });
    expect(resumed.body.statusHistory.map((h: { from: string | null; to: string; date: string }) => [h.from, h.to, h.date])).toEqual([
      [null, 'planned', '2023-02-01'],
      ['planned', 'building', '2023-04-15'],
      ['building', 'operating', '2024-05-20'],
      ['operating', 'suspended', '2024-08-01'],
      ['suspended', 'operating', '2024-09-10'],
    ]);
    expect(resumed.body.statusHistory[2].reason).toBe('竣工投产');
    expect((await change('building', '2026-12-31')).body.code).toBe('STATUS_TRANSITION');

    const audit = await admin.get(`/audit?service=cold-chain&objectId=${id}`);
    expect(audit.body.items.map((a: { action: string }) => a.action)).toEqual([
      'facility.status-changed',
      'facility.status-changed',
      'facility.status-changed',
      'facility.status-changed',
      'facility.registered',
    ]);
    expect(audit.body.items[0]).toMatchObject({ before: { status: 'suspended' }, after: { status: 'operating', since: '2024-09-10' }, role: 'admin' });
    expect((await staff.get('/audit?service=cold-chain')).status).toBe(403);

    const events = await streamEvents(
      platform,
      'cold-chain.>',
      (list) => list.filter((e) => e.data && (e.data as { facilityId: string }).facilityId === id).length >= 5,
    );
    const mine = events.filter((e) => (e.data as { facilityId: string }).facilityId === id);
    expect(mine.map((e) => e.type)).toEqual([
      'cold-chain.facility.registered',
      'cold-chain.facility.status-changed',
      'cold-chain.facility.status-changed',
      'cold-chain.facility.status-changed',
      'cold-chain.facility.status-changed',
    ]);
    expect(mine[0].data).toMatchObject({
      kind: 'origin_cold_storage',
      regionCode: '140821',
      countyCode: '140821',
      status: 'planned',
      date: '2023-02-01',
      capacityTonnes: 1000,
    });
    expect(mine[4].data).toMatchObject({ status: 'operating', previousStatus: 'suspended', date: '2024-09-10' });
    expect(mine[4].actor).toMatchObject({ role: 'admin' });
  });

  it('files monthly operating reports: utilisation above 100 % and excursions in a missing zone are refused, corrections are versions', async () => {
    const url = `/cold-chain/facilities/${ids.storage}/reports`;
    const report = { month: '2024-05', throughputTonnes: 820.5, avgUtilisationPct: 76.5, excursions: [{ zone: 'chilled', count: 2, longestMinutes: 35 }] };

    const first = await staff.post(url).send(report);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ month: '2024-05', version: 1, excursionCount: 2, longestExcursionMinutes: 35, superseded: false });

    const over = await staff.post(url).send({ ...report, month: '2024-06', avgUtilisationPct: 104 });
    expect(over.status).toBe(422);
    expect(over.body).toMatchObject({
      code: 'UTILISATION_ABOVE_100',
      errors: [{ field: 'avgUtilisationPct', message: expect.stringMatching(/104 % is above 100 %/) }],
    });

    const frozen = await staff.post(url).send({ ...report, month: '2024-06', excursions: [{ zone: 'frozen', count: 1, longestMinutes: 20 }] });
    expect(frozen.status).toBe(422);
    expect(frozen.body.errors).toEqual([
      {
        field: 'excursions.0.zone',
        message: 'the facility has no frozen zone (its zones: chilled, controlled_atmosphere); an excursion belongs to a zone the facility has',
      },
    ]);

    const beforeOperating = await staff.post(url).send({ ...report, month: '2024-02' });
    expect(beforeOperating.body.code).toBe('NOT_OPERATING');

    const again = await staff.post(url).send(report);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('REPORT_EXISTS');
    const corrected = await staff.post(url).send({ ...report, throughputTonnes: 830, correctionReason: '漏计一批出库' });
    expect(corrected.status).toBe(201);
    expect(corrected.body).toMatchObject({ version: 2, throughputTonnes: 830, correctionReason: '漏计一批出库' });
    expect((await staff.post(url).send({ ...report, month: '2024-06', excursions: [] })).status).toBe(201);

    const current = await auditor.get(url);
    expect(current.body.items.map((r: { month: string; version: number }) => `${r.month}v${r.version}`)).toEqual(['2024-06v1', '2024-05v2']);
    const all = await auditor.get(`${url}?allVersions=true&from=2024-05&to=2024-05`);
    expect(all.body.items.map((r: { version: number; superseded: boolean }) => [r.version, r.superseded])).toEqual([
      [2, false],
      [1, true],
    ]);

    const events = await streamEvents(platform, 'cold-chain.report.>', (list) => list.length >= 3);
    expect(events.map((e) => (e.data as { month: string; version: number }).month + 'v' + (e.data as { version: number }).version)).toEqual([
      '2024-05v1',
      '2024-05v2',
      '2024-06v1',
    ]);
    expect(events[1].data).toMatchObject({ facilityId: ids.storage, throughputTonnes: 830, excursionCount: 2, countyCode: '140821' });
  });

  it('lets staff write only inside their region, other roles only read', async () => {
    const inScope = await staff.post('/cold-chain/facilities').send(facilityInput({ name: '万荣县果品冷库', ...PLACES.wanrong }));
    expect(inScope.status).toBe(201);
    const outOfScope = await staff.post('/cold-chain/facilities').send(facilityInput({ ...PLACES.qingxu }));
    expect(outOfScope.status).toBe(403);
    expect(outOfScope.body.code).toBe('OUT_OF_SCOPE');
    const otherRegion = await staff.post(`/cold-chain/facilities/${ids.backbone}/status`).send({ status: 'suspended', date: '2024-01-01' });
    expect(otherRegion.status).toBe(403);
    expect((await operator.post('/cold-chain/facilities').send(facilityInput())).status).toBe(403);
    expect((await auditor.post('/cold-chain/facilities').send(facilityInput())).status).toBe(403);
    expect((await operator.get(`/cold-chain/facilities/${ids.backbone}`)).status).toBe(200);
    expect((await api(platform).raw.get('/api/v1/cold-chain/facilities')).status).toBe(401);

    const duplicate = await admin.post('/cold-chain/facilities').send(facilityInput({ code: 'JZ-BB-01' }));
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.code).toBe('CODE_TAKEN');
    const sameName = await admin.post('/cold-chain/facilities').send(facilityInput({ name: '万荣县果品冷库', ...PLACES.wanrong }));
    expect(sameName.body.code).toBe('FACILITY_EXISTS');
  });

  it('filters the registry by kind, region, status and commodity, with a cursor', async () => {
    const inYuncheng = await auditor.get('/cold-chain/facilities?regionCode=1408&kind=origin_cold_storage&limit=2');
    expect(inYuncheng.status).toBe(200);
    expect(inYuncheng.body.items).toHaveLength(2);
    for (const f of inYuncheng.body.items) expect(f.regionCode.startsWith('1408')).toBe(true);
    const next = await auditor.get(`/cold-chain/facilities?regionCode=1408&kind=origin_cold_storage&limit=2&cursor=${inYuncheng.body.nextCursor}`);
    expect(next.body.items.length).toBeGreaterThanOrEqual(1);
    expect(next.body.items.map((f: { id: string }) => f.id)).not.toContain(inYuncheng.body.items[0].id);

    const meat = await auditor.get('/cold-chain/facilities?commodity=meat');
    expect(meat.body.items.map((f: { id: string }) => f.id).sort()).toEqual([ids.backbone, ids.provincial].sort());
    const planned = await auditor.get('/cold-chain/facilities?status=planned');
    expect(planned.body.items).toEqual([]);
    const byName = await auditor.get(`/cold-chain/facilities?q=${encodeURIComponent('骨干')}`);
    expect(byName.body.items.map((f: { id: string }) => f.id)).toEqual([ids.backbone]);
  });

  it('makes registrations, status changes and reports exactly-once per Idempotency-Key, at the gateway and in the service', async () => {
    const body = facilityInput({ name: '幂等测试冷库', parentId: ids.centre });
    const first = await admin.post('/cold-chain/facilities').set('Idempotency-Key', 'cc-register-1').send(body);
    expect(first.status).toBe(201);
    const replay = await admin.post('/cold-chain/facilities').set('Idempotency-Key', 'cc-register-1').send(body);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body.id).toBe(first.body.id);
    const otherBody = await admin
      .post('/cold-chain/facilities')
      .set('Idempotency-Key', 'cc-register-1')
      .send({ ...body, name: '另一个' });
    expect(otherBody.status).toBe(422);

    // as if the gateway had died before storing its answer: the service recognises the key itself
    const nc = await platform.natsConnection('gateway');
    try {
      const bus = new ServiceRequester(nc, 5000);
      const principal = { sub: 'staff-user-1', role: Role.Staff, orgId: 'org-1', regionCode: '1408' };
      const meta = (correlationId: string) => ({ principal, correlationId, idempotencyKey: 'svc-key-1' });
      const input = facilityInput({ name: '服务端幂等冷库' });
      const a = await bus.request(Subjects.coldChain.facilitiesCreate, input as CreateFacilityRequest, meta('try-1'));
      const b = await bus.request(Subjects.coldChain.facilitiesCreate, input as CreateFacilityRequest, meta('try-2'));
      expect(b.id).toBe(a.id);
      expect((await admin.get(`/cold-chain/facilities?q=${encodeURIComponent('服务端幂等冷库')}`)).body.items).toHaveLength(1);

      const change = { id: a.id, status: 'suspended', date: '2024-06-01' };
      const s1 = await bus.request(Subjects.coldChain.statusChange, change as ChangeFacilityStatusMessage, {
        ...meta('status-1'),
        idempotencyKey: 'svc-status-1',
      });
      const s2 = await bus.request(Subjects.coldChain.statusChange, change as ChangeFacilityStatusMessage, {
        ...meta('status-2'),
        idempotencyKey: 'svc-status-1',
      });
      expect(s2.statusHistory).toHaveLength(2);
      expect(s2.version).toBe(s1.version);

      const report = { facilityId: a.id, month: '2024-05', throughputTonnes: 10, avgUtilisationPct: 50, excursions: [] };
      const r1 = await bus.request(Subjects.coldChain.reportsFile, report, { ...meta('report-1'), idempotencyKey: 'svc-report-1' });
      const r2 = await bus.request(Subjects.coldChain.reportsFile, report, { ...meta('report-2'), idempotencyKey: 'svc-report-1' });
      expect(r2).toMatchObject({ id: r1.id, version: 1 });
      expect((await admin.get(`/cold-chain/facilities/${a.id}/reports?allVersions=true`)).body.items).toHaveLength(1);
    } finally {
      await nc.close();
    }
  });
});
