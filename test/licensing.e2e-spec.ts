import { randomInt } from 'node:crypto';
import { addDays, shanghaiToday } from '@app/contracts';
import { TestPlatform } from './support/platform.js';
import { api } from './support/http.js';
import { Client, courierFor, eventually, outletInput, sql, staffIn, userOf } from './support/outlets.js';
import { validUscc } from './support/factories.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
const LINYI = '140821';
const COMPLAINT_LIMIT = 4;

function application(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'new',
    name: `山西新申请快递有限公司${randomInt(1e6)}`,
    brand: 'ZTO',
    address: '太原市小店区长治路1号',
    regionCode: '14',
    territory: ['14'],
    scope: '国内快递（省内异地、同城）',
    material: { legalRepresentative: '李四', registeredCapitalFen: 200_000_000, premises: '太原市小店区物流园3号库，1200平方米', staffCount: 40 },
    ...overrides,
  };
}

/**
 * Licence matters online (issue 20) over real NATS, PostgreSQL and HTTP: licence
 * applications with material files, branches, public complaints and the applicant's one
 * place for its open matters.
 */
describe('licence matters online, branches, complaints', () => {
  const platform = new TestPlatform({
    apps: ['supervision', 'outlets', 'green', 'gateway'],
    appEnv: { gateway: { PUBLIC_WRITE_RATE_LIMIT: String(COMPLAINT_LIMIT) } },
  });
  let admin: Client;
  let provinceStaff: Client;
  let yunchengStaff: Client;
  let taiyuanStaff: Client;
  const today = shanghaiToday();

  /** A courier organisation of a new applicant: its credit code is not in the registry yet. */
  async function newApplicant(): Promise<{ uscc: string; courier: Client }> {
    const uscc = validUscc();
    const org = await admin.post('/organisations').send({ name: `新申请人${randomInt(1e6)}`, kind: 'courier', regionCode: '14', uscc });
    expect(org.status).toBe(201);
    return { uscc, courier: await userOf(platform, admin, { role: 'courier', orgId: org.body.id }) };
  }

  /** An inspector of the provincial administration whose jurisdiction is `regionCode`. */
  async function inspectorIn(regionCode: string): Promise<void> {
    const org = await admin.post('/organisations').send({ name: `执法机构${randomInt(1e6)}`, kind: 'postal_admin', regionCode: '14' });
    const inspector = await admin.post('/inspectors').send({ name: `执法员${randomInt(1e4)}`, orgId: org.body.id, regionCode });
    expect(inspector.status).toBe(201);
  }

  beforeAll(async () => {
    await platform.start();
    admin = api(platform).as({ token: await platform.adminToken() });
    provinceStaff = await staffIn(platform, admin, '14');
    yunchengStaff = await staffIn(platform, admin, '1408');
    taiyuanStaff = await staffIn(platform, admin, '1401');
  }, 180_000);

  afterAll(() => platform.stop());

  it('applies, is returned once for missing material, completes it, is granted; the registry shows the licence; outlets file under it; a cancellation lapses them', async () => {
    const { uscc, courier } = await newApplicant();
    const applied = await courier.post('/licence-applications').send(application());
    expect(applied.status).toBe(201);
    expect(applied.body).toMatchObject({ kind: 'new', status: 'submitted', uscc, enterpriseId: null, returnedOnce: false });
    expect(applied.body.applicationNo).toMatch(/^XK-14-\d{4}-\d{6}$/);
    expect(applied.body.dueOn > today).toBe(true);
    const id = applied.body.id as string;

    const returned = await provinceStaff.post(`/licence-applications/${id}/return`).send({ missing: ['场地设施照片', '安全管理制度'] });
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({ status: 'returned', missing: ['场地设施照片', '安全管理制度'], returnedOnce: true });
    expect(returned.body.nextStep).toMatch(/^applicant/);
    // staff of another city do not see it
    expect((await taiyuanStaff.post(`/licence-applications/${id}/accept`).send({})).status).toBe(404);

    const photo = await courier.post(`/licence-applications/${id}/files?materialKind=premises&filename=site.png`).set('content-type', 'image/png').send(PNG);
    expect(photo.status).toBe(201);
    const resubmitted = await courier.post(`/licence-applications/${id}/resubmit`).send({ note: '已补正场地照片和安全管理制度' });
    expect(resubmitted.status).toBe(200);
    expect(resubmitted.body.status).toBe('submitted');

    // the missing material is told once (一次性告知)
    const again = await provinceStaff.post(`/licence-applications/${id}/return`).send({ missing: ['另一项'] });
    expect(again.status).toBe(422);
    expect(again.body.code).toBe('ALREADY_RETURNED');

    const accepted = await provinceStaff.post(`/licence-applications/${id}/accept`).send({});
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('accepted');
    expect(accepted.body.dueOn > today).toBe(true);
    const number = `晋邮${randomInt(1e8)}`;
    expect((await provinceStaff.post(`/licence-applications/${id}/grant`).send({ validFrom: today, validTo: '2031-12-31' })).status).toBe(422);
    const granted = await provinceStaff.post(`/licence-applications/${id}/grant`).send({ licenceNumber: number, validFrom: today, validTo: '2031-12-31' });
    expect(granted.status).toBe(200);
    expect(granted.body).toMatchObject({ status: 'granted', licenceNumber: number, dueOn: null, nextStep: null });
    expect(granted.body.steps.map((s: { step: string }) => s.step)).toEqual(['submitted', 'returned', 'resubmitted', 'accepted', 'granted']);
    const enterpriseId = granted.body.enterpriseId as string;

    const registry = await admin.get(`/enterprises?uscc=${uscc}`);
    expect(registry.body.items).toHaveLength(1);
    expect(registry.body.items[0]).toMatchObject({ id: enterpriseId, licence: { number, status: 'valid', issuedBy: '14', territory: ['14'] } });
    const audit = await sql<{ action: string }>(platform, `SELECT action FROM supervision.audit_log WHERE object_id = $1 ORDER BY created_at, id`, [id]);
    expect(audit.map((a) => a.action)).toEqual([
      'licence-application.submitted',
      'licence-application.returned',
      'licence-application.file-uploaded',
      'licence-application.resubmitted',
      'licence-application.accepted',
      'licence-application.granted',
    ]);

    const filed = await courier.post('/outlets').send(outletInput(enterpriseId));
    expect(filed.status).toBe(201);
    const decided = await yunchengStaff.post(`/outlets/${filed.body.id}/decision`).send({ decision: 'accept' });
    expect(decided.status).toBe(200);
    expect(decided.body.status).toBe('filed');

    const cancellation = await courier.post('/licence-applications').send(application({ kind: 'cancellation', reason: '停止经营快递业务' }));
    expect(cancellation.status).toBe(201);
    expect(cancellation.body.enterpriseId).toBe(enterpriseId);
    expect((await provinceStaff.post(`/licence-applications/${cancellation.body.id}/accept`).send({})).status).toBe(200);
    const ended = await provinceStaff.post(`/licence-applications/${cancellation.body.id}/grant`).send({});
    expect(ended.status).toBe(200);
    expect((await admin.get(`/enterprises/${enterpriseId}`)).body.licence.status).toBe('cancelled');
    await eventually(async () => {
      const outlet = await courier.get(`/outlets/${filed.body.id}`);
      expect(outlet.body.status).toBe('lapsed');
    }, 20_000);
    // and no new outlet files under the ended licence
    expect((await courier.post('/outlets').send(outletInput(enterpriseId))).status).toBe(422);
  });

  it('a daily job lapses the outlets of an expired licence, once and audited; a licence renewed before the job runs lapses nothing', async () => {
    const fileOne = async ({ enterprise, courier }: { enterprise: { id: string }; courier: Client }) => {
      const filed = await courier.post('/outlets').send(outletInput(enterprise.id));
      expect(filed.status).toBe(201);
      expect((await yunchengStaff.post(`/outlets/${filed.body.id}/decision`).send({ decision: 'accept' })).status).toBe(200);
      return filed.body.id as string;
    };
    const expiring = await courierFor(platform, admin);
    const renewing = await courierFor(platform, admin);
    const [expiringOutlet, renewingOutlet] = [await fileOne(expiring), await fileOne(renewing)];
    // time passes: both licences ended yesterday (their validity moved back in SQL) ...
    const yesterday = addDays(today, -1);
    await sql(platform, `UPDATE supervision.enterprises SET licence_valid_to = $2 WHERE id = ANY($1::uuid[])`, [
      [expiring.enterprise.id, renewing.enterprise.id],
      yesterday,
    ]);
    // ... and one of them is renewed (延续) before the job runs
    const renewal = await renewing.courier.post('/licence-applications').send(application({ kind: 'renewal', name: renewing.enterprise.name }));
    expect(renewal.status).toBe(201);
    expect((await provinceStaff.post(`/licence-applications/${renewal.body.id}/accept`).send({})).status).toBe(200);
    const renewed = await provinceStaff
      .post(`/licence-applications/${renewal.body.id}/grant`)
      .send({ licenceNumber: `晋邮${randomInt(1e8)}`, validFrom: today, validTo: '2032-12-31' });
    expect(renewed.status).toBe(200);

    // only the admin runs the job at once (it also runs by itself every hour)
    expect((await provinceStaff.post('/enterprises/licence-lapses').send({})).status).toBe(403);
    const run = await admin.post('/enterprises/licence-lapses').send({});
    expect(run.status).toBe(200);
    expect(run.body.asOf).toBe(today);
    const mine = (body: { lapsed: Array<{ enterpriseId: string }> }) =>
      body.lapsed.filter((l) => [expiring.enterprise.id, renewing.enterprise.id].includes(l.enterpriseId));
    expect(mine(run.body)).toEqual([{ enterpriseId: expiring.enterprise.id, name: expiring.enterprise.name, ending: 'expired', endedOn: today }]);
    await eventually(async () => {
      expect((await expiring.courier.get(`/outlets/${expiringOutlet}`)).body).toMatchObject({ status: 'lapsed', closedOn: today });
    }, 20_000);
    expect((await admin.get(`/enterprises/${expiring.enterprise.id}`)).body.licence.status).toBe('expired');

    // idempotent: a second run announces nothing again
    const again = await admin.post('/enterprises/licence-lapses').send({});
    expect(mine(again.body)).toEqual([]);
    const audit = await sql<{ object_id: string; action: string }>(
      platform,
      `SELECT object_id::text, action FROM supervision.audit_log WHERE action = 'licence.lapsed' AND object_id = ANY($1::text[])
       UNION ALL SELECT object_id::text, action FROM outlets.audit_log WHERE action = 'outlet.lapsed' AND object_id = ANY($2::text[])`,
      [
        [expiring.enterprise.id, renewing.enterprise.id],
        [expiringOutlet, renewingOutlet],
      ],
    );
    expect(audit.sort((a, b) => a.action.localeCompare(b.action))).toEqual([
      { object_id: expiring.enterprise.id, action: 'licence.lapsed' },
      { object_id: expiringOutlet, action: 'outlet.lapsed' },
    ]);
    expect((await renewing.courier.get(`/outlets/${renewingOutlet}`)).body.status).toBe('filed');
  });

  it('refuses a file of the wrong type (415) or over the cap (413); stores a valid one, downloadable only by the applicant and staff of the region', async () => {
    const { courier } = await newApplicant();
    const other = await newApplicant();
    const applied = await courier.post('/licence-applications').send(application());
    const id = applied.body.id as string;
    const upload = (type: string, body: Buffer) =>
      courier.post(`/licence-applications/${id}/files?materialKind=business_licence&filename=营业执照.pdf`).set('content-type', type).send(body);

    const html = await upload('application/pdf', Buffer.from('<html><body>%PDF-1.4 not really</body></html>'));
    expect(html.status).toBe(415);
    const text = await upload('text/plain', Buffer.from('hello'));
    expect(text.status).toBe(415);
    const big = await upload('application/pdf', Buffer.concat([PDF, Buffer.alloc(600 * 1024, 0x20)]));
    expect(big.status).toBe(413);

    const stored = await upload('application/pdf', PDF);
    expect(stored.status).toBe(201);
    expect(stored.body).toMatchObject({ contentType: 'application/pdf', size: PDF.length, filename: '营业执照.pdf' });
    const path = `/licence-applications/${id}/files/${stored.body.id}`;

    for (const who of [courier, provinceStaff, admin]) {
      const got = await who
        .get(path)
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        });
      expect(got.status).toBe(200);
      expect(got.headers['content-type']).toMatch(/^application\/pdf/);
      expect(Buffer.compare(got.body as Buffer, PDF)).toBe(0);
    }
    expect((await other.courier.get(path)).status).toBe(404);
    expect((await taiyuanStaff.get(path)).status).toBe(404);
    const auditorOrg = await admin.post('/organisations').send({ name: `审计${randomInt(1e6)}`, kind: 'postal_admin', regionCode: '14' });
    const auditor = await userOf(platform, admin, { role: 'auditor', orgId: auditorOrg.body.id, regionCode: '14' });
    expect((await auditor.get(path)).status).toBe(403);
    expect((await api(platform).raw.get(`/api/v1${path}`)).status).toBe(401);
    const rows = await sql<{ n: number }>(platform, `SELECT count(*)::int AS n FROM supervision.licence_files WHERE application_id = $1`, [id]);
    expect(rows[0].n).toBe(1);
  });

  it('registers a branch and files an outlet under it; coverage counts it', async () => {
    const zto = await courierFor(platform, admin, { brand: 'ZTO' });
    const yto = await courierFor(platform, admin, { brand: 'YTO' });
    const township = (await admin.get(`/regions?parent=${LINYI}`)).body.items.map((r: { code: string }) => r.code).at(-1) as string;
    const before = await yunchengStaff.get(`/outlets/coverage?regionCode=${LINYI}&level=township`);
    expect(before.status).toBe(200);
    expect(before.body.uncovered.map((u: { code: string }) => u.code)).toContain(township);

    const branch = await zto.courier
      .post(`/enterprises/${zto.enterprise.id}/branches`)
      .send({ kind: 'business_office', name: `${zto.enterprise.name}临猗营业部`, regionCode: LINYI, address: '临猗县猗氏镇解放路8号' });
    expect(branch.status).toBe(201);
    expect(branch.body.receiptNo).toMatch(/^BR-140821-\d{4}-\d{6}$/);
    expect(
      (await yto.courier.post(`/enterprises/${zto.enterprise.id}/branches`).send({ kind: 'branch', name: '冒名分公司', regionCode: LINYI, address: '某地' }))
        .status,
    ).toBe(403);
    const listed = await yto.courier.get(`/enterprises/${zto.enterprise.id}/branches`);
    expect(listed.body.items.map((b: { id: string }) => b.id)).toEqual([branch.body.id]);

    // another enterprise's branch is refused
    const foreign = await yto.courier.post('/outlets').send(outletInput(yto.enterprise.id, { regionCode: township, branchId: branch.body.id }));
    expect(foreign.status).toBe(422);
    expect(foreign.body.code).toBe('UNKNOWN_BRANCH');

    const filed = await zto.courier.post('/outlets').send(outletInput(zto.enterprise.id, { regionCode: township, branchId: branch.body.id }));
    expect(filed.status).toBe(201);
    expect(filed.body.branchId).toBe(branch.body.id);
    expect((await yunchengStaff.post(`/outlets/${filed.body.id}/decision`).send({ decision: 'accept' })).status).toBe(200);
    const after = await yunchengStaff.get(`/outlets/coverage?regionCode=${LINYI}&level=township`);
    expect(after.body.covered).toBe(before.body.covered + 1);
    expect(after.body.uncovered.map((u: { code: string }) => u.code)).not.toContain(township);
  });

  it('receives a public complaint without credentials, keeps no more than the optional contact, and staff assign, answer and close it', async () => {
    const anonymous = api(platform).raw;
    const sent = await anonymous.post('/api/v1/public/complaints').send({
      subjectKind: 'unregistered',
      subjectName: '村口无名快递代收点',
      category: 'unlicensed_operation',
      description: '无备案网点长期收寄快件，收取保管费',
      regionCode: LINYI,
      contact: '138****0000',
    });
    expect(sent.status).toBe(201);
    expect(Object.keys(sent.body).sort()).toEqual(['complaintNo', 'receivedAt']);
    const list = await yunchengStaff.get(`/complaints?status=received`);
    const complaint = list.body.items.find((c: { complaintNo: string }) => c.complaintNo === sent.body.complaintNo);
    expect(complaint).toMatchObject({ status: 'received', regionCode: LINYI, contact: '138****0000' });
    expect((await taiyuanStaff.get(`/complaints/${complaint.id}`)).status).toBe(404);

    const assigned = await yunchengStaff.post(`/complaints/${complaint.id}/assign`).send({ regionCode: LINYI });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ status: 'assigned', assignedRegion: LINYI });
    expect((await yunchengStaff.post(`/complaints/${complaint.id}/respond`).send({ note: '已责令停止无证经营' })).body.status).toBe('responded');
    expect((await yunchengStaff.post(`/complaints/${complaint.id}/close`).send({})).body.status).toBe('closed');
    expect((await yunchengStaff.post(`/complaints/${complaint.id}/assign`).send({})).status).toBe(409);
    const stored = await sql<Record<string, unknown>>(platform, `SELECT * FROM supervision.complaints WHERE id = $1`, [complaint.id]);
    expect(Object.keys(stored[0])).not.toEqual(expect.arrayContaining(['ip', 'address_ip', 'user_agent']));
  });

  it('turns a public complaint about a registered enterprise into a rectification order', async () => {
    const zto = await courierFor(platform, admin, { brand: 'ZTO' });
    const sent = await api(platform).raw.post('/api/v1/public/complaints').send({
      subjectKind: 'enterprise',
      subjectId: zto.enterprise.id,
      subjectName: zto.enterprise.name,
      category: 'delay_or_loss',
      description: '快件丢失后拒绝赔偿，多次联系无果',
      regionCode: LINYI,
    });
    expect(sent.status).toBe(201);
    const complaint = (await yunchengStaff.get('/complaints')).body.items.find((c: { complaintNo: string }) => c.complaintNo === sent.body.complaintNo);
    expect((await yunchengStaff.post(`/complaints/${complaint.id}/assign`).send({ regionCode: LINYI })).status).toBe(200);
    const dueDate = '2099-12-31';
    const referred = await yunchengStaff.post(`/complaints/${complaint.id}/rectification`).send({ basis: '《快递暂行条例》第二十七条', dueDate });
    expect(referred.status).toBe(200);
    expect(referred.body).toMatchObject({ status: 'referred', referredTo: 'rectification' });
    const order = await yunchengStaff.get(`/rectifications/${referred.body.referenceId}`);
    expect(order.status).toBe(200);
    expect(order.body).toMatchObject({
      subjectType: 'enterprise',
      subjectId: zto.enterprise.id,
      source: 'complaint',
      sourceRef: sent.body.complaintNo,
      finding: '快件丢失后拒绝赔偿，多次联系无果',
    });
    // once referred, it takes no further step
    expect((await yunchengStaff.post(`/complaints/${complaint.id}/rectification`).send({ basis: '再次', dueDate })).status).toBe(409);
  });

  it('turns a public complaint into an inspection of the enterprise it names: inspectors drawn, result recorded like a draw’s', async () => {
    const zto = await courierFor(platform, admin, { brand: 'ZTO' });
    await inspectorIn('1408');
    const sent = await api(platform).raw.post('/api/v1/public/complaints').send({
      subjectKind: 'enterprise',
      subjectId: zto.enterprise.id,
      subjectName: zto.enterprise.name,
      category: 'service',
      description: '派件员未经同意将快件放在驿站并收取费用',
      regionCode: LINYI,
    });
    expect(sent.status).toBe(201);
    const complaint = (await yunchengStaff.get('/complaints')).body.items.find((c: { complaintNo: string }) => c.complaintNo === sent.body.complaintNo);
    expect((await taiyuanStaff.post(`/complaints/${complaint.id}/inspection`).send({})).status).toBe(404);
    const referred = await yunchengStaff.post(`/complaints/${complaint.id}/inspection`).send({ inspectorsPerTarget: 1 });
    expect(referred.status).toBe(200);
    expect(referred.body).toMatchObject({ status: 'referred', referredTo: 'inspection' });
    const inspection = await yunchengStaff.get(`/inspections/draws/${referred.body.referenceId}`);
    expect(inspection.status).toBe(200);
    expect(inspection.body).toMatchObject({ source: 'complaint', sourceRef: sent.body.complaintNo, targetKind: 'enterprise', count: 1, weighted: false });
    expect(inspection.body.items).toHaveLength(1);
    const [item] = inspection.body.items;
    expect(item).toMatchObject({ targetId: zto.enterprise.id, result: null });
    expect(item.inspectors).toHaveLength(1);
    expect((await yunchengStaff.get(`/inspections/draws/${inspection.body.id}/verification`)).body.reproducible).toBe(true);
    const result = await yunchengStaff
      .post(`/inspections/draws/${inspection.body.id}/items/${item.id}/result`)
      .send({ outcome: 'fail', findings: '未经同意代收快件并收费属实', severity: 'minor' });
    expect(result.status).toBe(200);
    expect(result.body.items[0].result).toMatchObject({ outcome: 'fail' });
    const audit = async (id: string) =>
      (await sql<{ action: string }>(platform, `SELECT action FROM supervision.audit_log WHERE object_id = $1 ORDER BY created_at, id`, [id])).map(
        (a) => a.action,
      );
    expect(await audit(complaint.id)).toContain('complaint.refer');
    expect(await audit(inspection.body.id)).toEqual(['inspection.drawn']);
    expect(await audit(item.id)).toEqual(['inspection.result_recorded']);
    // once referred, it takes no further step
    expect((await yunchengStaff.post(`/complaints/${complaint.id}/inspection`).send({})).status).toBe(409);
  });

  it('draws branches as inspection candidates, and refuses an outlet outside its branch’s city (422 BRANCH_OUTSIDE_REGION)', async () => {
    const zto = await courierFor(platform, admin, { brand: 'ZTO' });
    await inspectorIn('1408');
    const branch = await zto.courier
      .post(`/enterprises/${zto.enterprise.id}/branches`)
      .send({ kind: 'branch', name: `${zto.enterprise.name}运城分公司`, regionCode: '140802', address: '运城市盐湖区河东东街1号' });
    expect(branch.status).toBe(201);

    const outside = await zto.courier.post('/outlets').send(
      outletInput(zto.enterprise.id, {
        regionCode: '140105001',
        address: '太原市小店区坞城路1号',
        location: { lat: 37.79, lng: 112.57 },
        branchId: branch.body.id,
      }),
    );
    expect(outside.status).toBe(422);
    expect(outside.body.code).toBe('BRANCH_OUTSIDE_REGION');
    expect(outside.body.errors).toEqual([{ field: 'branchId', message: expect.stringMatching(/city/) }]);
    // another county of the same city is the branch's
    expect((await zto.courier.post('/outlets').send(outletInput(zto.enterprise.id, { branchId: branch.body.id }))).status).toBe(201);

    const drawn = await yunchengStaff.post('/inspections/draws').send({ targetKind: 'branch', count: 500, inspectorsPerTarget: 1, regionCode: '1408' });
    expect(drawn.status).toBe(201);
    const target = drawn.body.items.find((i: { targetId: string }) => i.targetId === branch.body.id);
    expect(target).toMatchObject({ regionCode: '140802', targetName: expect.stringContaining('分支机构') });
    expect(drawn.body).toMatchObject({ targetKind: 'branch', source: 'random', sourceRef: null });
  });

  it('limits the public route per address: 429 with Retry-After', async () => {
    const anonymous = api(platform).raw;
    const body = { subjectKind: 'unregistered', subjectName: '某驿站', category: 'service', description: '反复投诉测试内容', regionCode: LINYI };
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < COMPLAINT_LIMIT + 2; i++) {
      const res = await anonymous.post('/api/v1/public/complaints').send(body);
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers['retry-after'] as string;
    }
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s === 201).length).toBeLessThanOrEqual(COMPLAINT_LIMIT);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    // a signed-in caller is counted apart from the address
    expect((await yunchengStaff.get('/complaints')).status).toBe(200);
  });

  it('GET /my/matters shows a courier its licence application, outlet filings and reports due, in due-date order', async () => {
    const zto = await courierFor(platform, admin, { brand: 'ZTO' });
    const change = await zto.courier.post('/licence-applications').send(application({ kind: 'change', name: zto.enterprise.name, reason: '变更业务范围' }));
    expect(change.status).toBe(201);
    const outlet = await zto.courier.post('/outlets').send(outletInput(zto.enterprise.id));
    expect(outlet.status).toBe(201);

    const res = await zto.courier.get('/my/matters');
    expect(res.status).toBe(200);
    expect(res.body.unavailable).toEqual([]);
    const kinds = res.body.items.map((m: { kind: string }) => m.kind);
    expect(kinds).toEqual(expect.arrayContaining(['licence_application', 'outlet_filing', 'green_report']));
    expect(res.body.items.find((m: { id: string }) => m.id === change.body.id)).toMatchObject({ status: 'submitted', dueOn: change.body.dueOn });
    expect(res.body.items.find((m: { id: string }) => m.id === outlet.body.id).dueOn).toBe(outlet.body.versions[0].decisionDueOn);
    const dated = res.body.items.map((m: { dueOn: string | null }) => m.dueOn);
    const firstNull = dated.indexOf(null);
    const sortedPart = firstNull === -1 ? dated : dated.slice(0, firstNull);
    expect(sortedPart).toEqual([...sortedPart].sort());
    if (firstNull !== -1) expect(dated.slice(firstNull).every((d: string | null) => d === null)).toBe(true);

    // another courier sees none of it
    const other = await courierFor(platform, admin, { brand: 'YTO' });
    const theirs = await other.courier.get('/my/matters');
    expect(theirs.body.items.map((m: { id: string | null }) => m.id)).not.toContain(change.body.id);
    expect((await yunchengStaff.get('/my/matters')).status).toBe(403);
  });
});
