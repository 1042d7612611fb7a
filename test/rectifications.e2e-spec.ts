import { addDays, DomainEvent, EventTypes, KeySupervisionEvent, RectificationChangedEvent, shanghaiToday } from '@app/contracts';
import { withDb } from './support/db.js';
import { TestPlatform } from './support/platform.js';
import { api } from './support/http.js';
import { enterpriseInput, validUscc } from './support/factories.js';
import { EventPublisher, eventually } from './support/events.js';

type Client = ReturnType<ReturnType<typeof api>['as']>;

/**
 * From finding to correction (issue 17): an inspection finding opens a rectification order,
 * the party answers, staff return and accept; an order past its due date is overdue,
 * escalated to special supervision, and lists the enterprise for key supervision by rule.
 */
describe('rectification loop and key-supervision list', () => {
  const platform = new TestPlatform({ apps: ['supervision', 'gateway'] });
  let admin: Client;
  let courier: Client;
  let otherCourier: Client;
  let events: EventPublisher;
  const enterprise = { id: '', uscc: validUscc(), name: '山西整改测试快递有限公司' };
  let itemId = '';
  const today = shanghaiToday();

  beforeAll(async () => {
    await platform.start();
    admin = api(platform).as({ token: await platform.adminToken() });
    events = new EventPublisher(platform);
    const created = await admin.post('/enterprises').send(enterpriseInput({ uscc: enterprise.uscc, name: enterprise.name }));
    expect(created.status).toBe(201);
    enterprise.id = created.body.id;
    const org = await admin.post('/organisations').send({ name: '整改测试快递山西分公司', kind: 'courier', regionCode: '14', uscc: enterprise.uscc });
    await admin.post('/users').send({ username: 'zg.courier', password: 'a-long-password-9', role: 'courier', orgId: org.body.id });
    courier = api(platform).as({ token: await platform.login('zg.courier', 'a-long-password-9') });
    const other = await admin.post('/organisations').send({ name: '别家快递', kind: 'courier', regionCode: '14', uscc: validUscc() });
    await admin.post('/users').send({ username: 'other.courier', password: 'a-long-password-9', role: 'courier', orgId: other.body.id });
    otherCourier = api(platform).as({ token: await platform.login('other.courier', 'a-long-password-9') });
    const postal = await admin.post('/organisations').send({ name: '山西省邮政管理局', kind: 'postal_admin', regionCode: '14' });
    const inspector = await admin.post('/inspectors').send({ name: '执法员甲', orgId: postal.body.id, regionCode: '14' });
    if (inspector.status !== 201) console.log('DEBUG', JSON.stringify(inspector.body), platform.running.get('supervision')?.log().slice(-4000));
    expect(inspector.status).toBe(201);
    const draw = await admin.post('/inspections/draws').send({ targetKind: 'enterprise', count: 1, inspectorsPerTarget: 1, seed: 'rectification' });
    expect(draw.status).toBe(201);
    itemId = draw.body.items[0].id;
    const result = await admin
      .post(`/inspections/draws/${draw.body.id}/items/${itemId}/result`)
      .send({ outcome: 'fail', findings: '未按规定开展收寄验视', severity: 'serious' });
    expect(result.status).toBe(200);
  }, 300_000);

  afterAll(async () => {
    await events?.close();
    await platform.stop();
  });

  const order = (over: Record<string, unknown> = {}) => ({
    subjectType: 'enterprise',
    subjectId: enterprise.id,
    finding: '未按规定开展收寄验视，责令限期整改',
    basis: '《快递暂行条例》第三十条',
    dueDate: today,
    source: 'inspection',
    sourceRef: itemId,
    ...over,
  });
  const audit = (id: string) =>
    withDb(platform.databaseUrl, async (c) =>
      (await c.query(`SELECT action FROM supervision.audit_log WHERE object_id = $1 ORDER BY created_at, id`, [id])).rows.map((r) => r.action),
    );

  it('opens an order from a finding; the party answers, staff return it once and accept the second answer; every step audited and sent', async () => {
    expect((await admin.post('/rectifications').send(order({ sourceRef: '00000000-0000-4000-8000-000000000000' }))).status).toBe(422);
    expect((await admin.post('/rectifications').send(order({ dueDate: '2020-01-01' }))).status).toBe(422);
    const opened = await admin.post('/rectifications').send(order());
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({
      status: 'open',
      subjectName: enterprise.name,
      enterpriseIds: [enterprise.id],
      source: 'inspection',
      overdue: false,
      closedOnTime: null,
    });
    expect(opened.body.number).toMatch(/^晋邮整〔\d{4}〕\d{5}$/);
    const id = opened.body.id as string;

    // the party: its own courier sees and answers it; another courier gets 404
    expect((await otherCourier.get(`/rectifications/${id}`)).status).toBe(404);
    expect((await otherCourier.post(`/rectifications/${id}/respond`).send({ text: '已整改' })).status).toBe(404);
    expect((await courier.get('/rectifications')).body.items.map((o: { id: string }) => o.id)).toEqual([id]);
    expect((await otherCourier.get('/rectifications')).body.items).toEqual([]);
    expect((await courier.post(`/rectifications/${id}/accept`).send({})).status).toBe(403);
    expect((await admin.post(`/rectifications/${id}/accept`).send({})).status).toBe(422);

    const first = await courier
      .post(`/rectifications/${id}/respond`)
      .send({ text: '已组织培训', attachments: [{ name: '培训记录.pdf', url: 'https://files.example.com/1.pdf' }] });
    expect(first.status).toBe(200);
    expect(first.body.status).toBe('responded');
    expect((await admin.post(`/rectifications/${id}/return`).send({})).status).toBe(422);
    const returned = await admin.post(`/rectifications/${id}/return`).send({ reason: '未见验视设备配置' });
    expect(returned.body.status).toBe('returned');
    expect((await courier.post(`/rectifications/${id}/respond`).send({ text: '已配置安检机并开展验视' })).body.status).toBe('responded');
    const accepted = await admin.post(`/rectifications/${id}/accept`).send({ reason: '复核合格' });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', closedOnTime: true, overdue: false });
    expect(accepted.body.steps.map((s: { step: string }) => s.step)).toEqual(['opened', 'responded', 'returned', 'responded', 'accepted']);
    expect(accepted.body.steps[1].attachments).toEqual([{ name: '培训记录.pdf', url: 'https://files.example.com/1.pdf' }]);
    expect((await courier.post(`/rectifications/${id}/respond`).send({ text: '再报' })).status).toBe(422);

    expect(await audit(id)).toEqual([
      'rectification.opened',
      'rectification.responded',
      'rectification.returned',
      'rectification.responded',
      'rectification.accepted',
    ]);
    const sent = await eventually(
      () => events.read<RectificationChangedEvent>(EventTypes.rectificationChanged),
      (all) => all.filter((e) => e.data.rectificationId === id).length === 5,
    );
    expect(sent.filter((e) => e.data.rectificationId === id).map((e) => `${e.data.from}→${e.data.to}`)).toEqual([
      'null→open',
      'open→responded',
      'responded→returned',
      'returned→responded',
      'responded→accepted',
    ]);
  });

  it('makes an order past its due date overdue; escalation lists the enterprise for key supervision by the configured rule', async () => {
    const rules = await admin.get('/key-supervision/rules');
    expect(rules.body.items.find((r: { code: string }) => r.code === 'escalated_orders')).toMatchObject({ kind: 'entry', threshold: 1, active: true });
    expect(rules.body.note).toContain('本平台的地方配置');
    const opened = await admin.post('/rectifications').send(order({ source: 'complaint', sourceRef: 'TS-2025-001', finding: '投诉：快件延误未处理' }));
    const id = opened.body.id as string;
    expect((await admin.post(`/rectifications/${id}/escalate`).send({ reason: '逾期', reinspectionDate: today })).status).toBe(422);
    // time passes: the due date is yesterday
    await withDb(platform.databaseUrl, (c) =>
      c.query(`UPDATE supervision.rectifications SET due_date = due_date - 1, original_due_date = original_due_date - 1 WHERE id = $1`, [id]),
    );
    const late = await admin.get(`/rectifications/${id}`);
    expect(late.body).toMatchObject({ status: 'open', overdue: true });
    expect((await admin.get('/rectifications?overdue=true')).body.items.map((o: { id: string }) => o.id)).toEqual([id]);
    const actions = await admin.get('/supervision/actions');
    expect(actions.body.rectifications).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'rectification_overdue', objectId: id })]));
    expect((await admin.get('/key-supervision')).body.items).toEqual([]);

    expect((await admin.post(`/rectifications/${id}/escalate`).send({ reason: '逾期未整改' })).status).toBe(422);
    const escalated = await admin.post(`/rectifications/${id}/escalate`).send({ reason: '逾期未整改，转专项督办', reinspectionDate: today });
    expect(escalated.status).toBe(200);
    expect(escalated.body).toMatchObject({ status: 'escalated', escalated: true, dueDate: today, overdue: false });
    const listed = await admin.get('/key-supervision');
    expect(listed.body.items).toEqual([expect.objectContaining({ enterpriseId: enterprise.id, ruleCode: 'escalated_orders', exitedAt: null })]);
    expect(listed.body.items[0].reason).toContain('专项督办 1 次');
    expect(await audit(id)).toEqual(['rectification.opened', 'rectification.escalated']);
    expect(await audit(enterprise.id)).toContain('key_supervision.entered');
    await eventually(
      () => events.read<KeySupervisionEvent>(EventTypes.keySupervisionEntered),
      (all: Array<DomainEvent<KeySupervisionEvent>>) => all.some((e) => e.data.enterpriseId === enterprise.id && e.data.ruleCode === 'escalated_orders'),
    );
    // the exit rule: not while an order is unfinished
    expect((await admin.post(`/key-supervision/${listed.body.items[0].id}/exit`).send({ reason: '整改到位' })).status).toBe(422);

    // listed units weigh more in a weighted draw
    const draw = await admin.post('/inspections/draws').send({ targetKind: 'enterprise', count: 1, inspectorsPerTarget: 1, seed: 'weighted', weighted: true });
    expect(draw.body.items[0].weight).toBeGreaterThanOrEqual(3);

    // the overview counts: open, overdue, closed on time
    const overview = await admin.get(`/supervision/overview?year=${today.slice(0, 4)}`);
    const byKey = new Map((overview.body.indicators as Array<{ key: string; value: number | null }>).map((i) => [i.key, i.value]));
    expect(byKey.get('rectifications_open')).toBe(1);
    expect(byKey.get('rectifications_overdue')).toBe(0);
    expect(byKey.get('rectifications_closed_on_time')).toBe(1);
    expect(byKey.get('key_supervision_enterprises')).toBe(1);
    // policy fix: the locker share states its denominator and is not called 箱递率
    const locker = (overview.body.indicators as Array<{ key: string; nameZh: string; source: string }>).find((i) => i.key === 'locker_delivery_rate');
    expect(locker?.nameZh).not.toBe('箱递率');
    expect(locker?.source).toContain('denominator: deliveries reported by filed outlets only');
    // policy fix: the 2024 and 2025 subsidy average inherits no 2023 target
    const avg2025 = await admin.get('/supervision/overview?year=2025');
    expect(avg2025.body.indicators.find((i: { key: string }) => i.key === 'rural_subsidy_avg_per_item').target).toBeNull();
    const avg2023 = await admin.get('/supervision/overview?year=2023');
    expect(avg2023.body.indicators.find((i: { key: string }) => i.key === 'rural_subsidy_avg_per_item').target).toMatchObject({
      value: 50,
      document: expect.stringContaining('山西省关于加快电子商务体系和快递物流配送体系贯通发展行动计划'),
    });
  });

  it('lets only the admin change a rule, audited, and a changed rule applies to what happens next', async () => {
    const staffOrg = await admin.post('/organisations').send({ name: '太原市邮政管理局', kind: 'postal_admin', regionCode: '1401' });
    await admin.post('/users').send({ username: 'ty.staff', password: 'a-long-password-9', role: 'staff', orgId: staffOrg.body.id });
    const staff = api(platform).as({ token: await platform.login('ty.staff', 'a-long-password-9') });
    expect((await staff.patch('/key-supervision/rules/grave_finding').send({ threshold: 2, reason: '试' })).status).toBe(403);
    const changed = await admin.patch('/key-supervision/rules/grave_finding').send({ threshold: 2, reason: '调整为一年两次' });
    expect(changed.status).toBe(200);
    expect(changed.body.threshold).toBe(2);
    expect(await audit('grave_finding')).toEqual(['key_supervision.rule_changed']);
    // one grave order no longer lists an enterprise; the second does
    const grave = await admin.post('/enterprises').send(enterpriseInput());
    const severe = order({ subjectId: grave.body.id, source: 'other', sourceRef: undefined, severity: 'grave', dueDate: '2099-12-31' });
    expect((await admin.post('/rectifications').send(severe)).status).toBe(201);
    const listed = async () => (await admin.get('/key-supervision')).body.items.map((e: { enterpriseId: string }) => e.enterpriseId);
    expect(await listed()).not.toContain(grave.body.id);
    expect((await admin.post('/rectifications').send(severe)).status).toBe(201);
    expect(await listed()).toContain(grave.body.id);
    expect((await admin.get('/key-supervision')).body.items.find((e: { enterpriseId: string }) => e.enterpriseId === grave.body.id).ruleCode).toBe(
      'grave_finding',
    );
    // staff of Taiyuan cannot open an order against an enterprise licensed by the province for other cities
    const elsewhere = await admin
      .post('/enterprises')
      .send(enterpriseInput({ licence: { number: '晋邮001', validFrom: '2023-01-01', validTo: '2030-12-31', scope: '国内快递', territory: ['1408'] } }));
    expect(elsewhere.status).toBe(201);
    expect((await staff.post('/rectifications').send(order({ subjectId: elsewhere.body.id, source: 'other', sourceRef: undefined }))).status).toBe(403);
  });

  it('credit: a repair application restores a record; a new scheme version changes new scores only, and versions are readable', async () => {
    const versions = await admin.get('/credit-schemes');
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([1]);
    expect(versions.body.items[0]).toMatchObject({ points: { minor: 5, serious: 15, grave: 40 }, disciplineBelow: 60, recordRules: { overdueOrder: 'minor' } });
    expect(versions.body.note).toContain('本平台的地方信用评分方案');
    // the escalated order of the test before made a record only through the scheme's rule
    const main = await admin.get(`/enterprises/${enterprise.id}/credit`);
    expect(main.body.records.filter((r: { kind: string }) => r.kind === 'overdue_order')).toEqual([
      expect.objectContaining({ severity: 'minor', points: 5, schemeVersion: 1 }),
    ]);

    const uscc = validUscc();
    const x = await admin.post('/enterprises').send(enterpriseInput({ uscc }));
    const org = await admin.post('/organisations').send({ name: '修复测试快递', kind: 'courier', regionCode: '14', uscc });
    await admin.post('/users').send({ username: 'repair.courier', password: 'a-long-password-9', role: 'courier', orgId: org.body.id });
    const party = api(platform).as({ token: await platform.login('repair.courier', 'a-long-password-9') });
    const first = await admin.post('/credit-records').send({ enterpriseId: x.body.id, severity: 'serious', description: '未按规定验视', occurredOn: today });
    expect(first.body).toMatchObject({ points: 15, schemeVersion: 1 });

    const scheme = { ...versions.body.items[0], points: { minor: 5, serious: 20, grave: 40 }, reason: '省局2025年第3号决定' };
    for (const key of ['version', 'createdBy', 'createdAt']) delete scheme[key];
    expect((await party.post('/credit-schemes').send(scheme)).status).toBe(403);
    expect((await admin.post('/credit-schemes').send({ ...scheme, levels: { A: 60, B: 75, C: 90 } })).status).toBe(422);
    const v2 = await admin.post('/credit-schemes').send(scheme);
    expect(v2.status).toBe(201);
    expect(v2.body).toMatchObject({ version: 2, points: { serious: 20 } });
    const second = await admin
      .post('/credit-records')
      .send({ enterpriseId: x.body.id, severity: 'serious', description: '未按规定实名收寄', occurredOn: today });
    expect(second.body).toMatchObject({ points: 20, schemeVersion: 2 });
    const standing = await admin.get(`/enterprises/${x.body.id}/credit`);
    expect(standing.body.score).toBe(65);
    expect(standing.body.records.find((r: { id: string }) => r.id === first.body.id)).toMatchObject({ points: 15, schemeVersion: 1 });
    expect((await admin.get('/credit-schemes')).body.items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(await audit('2')).toEqual(['credit.scheme_set']);

    // credit repair: the party applies with evidence, staff approve, the record counts no more
    expect((await otherCourier.post('/credit-repairs').send({ recordId: first.body.id, evidence: '不是我的' })).status).toBe(404);
    const applied = await party
      .post('/credit-repairs')
      .send({ recordId: first.body.id, evidence: '已整改并通过复查', attachments: [{ name: '复查意见.pdf', url: 'https://files.example.com/r.pdf' }] });
    expect(applied.status).toBe(201);
    expect(applied.body.status).toBe('applied');
    expect((await party.post('/credit-repairs').send({ recordId: first.body.id, evidence: '再次申请' })).status).toBe(409);
    expect((await party.get('/credit-repairs')).body.items.map((r: { id: string }) => r.id)).toEqual([applied.body.id]);
    expect((await party.post(`/credit-repairs/${applied.body.id}/decision`).send({ decision: 'approve', reason: '自批' })).status).toBe(403);
    const approved = await admin.post(`/credit-repairs/${applied.body.id}/decision`).send({ decision: 'approve', reason: '整改到位，准予修复' });
    expect(approved.body).toMatchObject({ status: 'approved', reason: '整改到位，准予修复' });
    const restored = await admin.get(`/enterprises/${x.body.id}/credit`);
    expect(restored.body.score).toBe(80);
    expect(restored.body.records.find((r: { id: string }) => r.id === first.body.id).repairedAt).not.toBeNull();
    expect((await admin.post(`/credit-repairs/${applied.body.id}/decision`).send({ decision: 'reject', reason: '改主意' })).status).toBe(409);
    expect(await audit(first.body.id)).toEqual(['credit.recorded', 'credit.repair_applied', 'credit.repair_approved']);
  });
  it('lists the open orders against a party in its GET /my/matters: a courier its enterprise’s, a county centre its own', async () => {
    const centreOrg = await admin.post('/organisations').send({ name: '临猗县寄递物流中心（整改）', kind: 'county_centre', regionCode: '140821' });
    await admin.post('/users').send({ username: 'zg.centre', password: 'a-long-password-9', role: 'county_centre', orgId: centreOrg.body.id });
    const centre = api(platform).as({ token: await platform.login('zg.centre', 'a-long-password-9') });
    const centreId = `centre-${centreOrg.body.id}`;
    // the centre as supervision knows it from the subsidies service's events
    await withDb(platform.databaseUrl, (c) =>
      c.query(`INSERT INTO supervision.rm_centres (centre_id, county_code, org_id, first_report_on) VALUES ($1, '140821', $2, $3)`, [
        centreId,
        centreOrg.body.id,
        today,
      ]),
    );
    const opened = async (over: Record<string, unknown>) => {
      const res = await admin.post('/rectifications').send(order({ source: 'other', sourceRef: undefined, ...over }));
      expect(res.status).toBe(201);
      return res.body as { id: string; number: string };
    };
    const againstCentre = await opened({ subjectType: 'county_centre', subjectId: centreId, dueDate: addDays(today, 20) });
    const againstCourier = await opened({ dueDate: addDays(today, 10) });
    const rectifications = (body: { items: Array<{ kind: string; id: string; dueOn: string; title: string; status: string }> }) =>
      body.items.filter((m) => m.kind === 'rectification');

    const centreMatters = rectifications((await centre.get('/my/matters')).body);
    expect(centreMatters).toEqual([
      expect.objectContaining({ id: againstCentre.id, dueOn: addDays(today, 20), status: 'open', title: expect.stringContaining(againstCentre.number) }),
    ]);
    const courierMatters = rectifications((await courier.get('/my/matters')).body);
    expect(courierMatters.map((m) => m.id)).toContain(againstCourier.id);
    expect(courierMatters.map((m) => m.id)).not.toContain(againstCentre.id);
    // in due-date order; the orders accepted or closed by the tests above are not matters any more
    expect(courierMatters.map((m) => m.dueOn)).toEqual([...courierMatters.map((m) => m.dueOn)].sort());
    expect(courierMatters.every((m) => ['open', 'returned', 'escalated', 'responded', 'overdue'].includes(m.status))).toBe(true);
    expect(rectifications((await otherCourier.get('/my/matters')).body)).toEqual([]);
  });
});
