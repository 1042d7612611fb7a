import { randomUUID } from 'node:crypto';
import { PDFParse } from 'pdf-parse';
import { jetstream } from '@nats-io/jetstream';
import { shanghaiToday } from '@app/contracts';
import { TestPlatform } from './support/platform.js';
import { api } from './support/http.js';
import { Client, courierFor, eventually, outletInput, sql, staffIn } from './support/outlets.js';
import { enterpriseInput } from './support/factories.js';

const RECEIPT_NO = /^FILE-140821-\d{4}-\d{6}$/; // county 临猗县, year, sequence

describe('outlets: filing workflow through the gateway (real NATS and PostgreSQL)', () => {
  const platform = new TestPlatform({ apps: ['supervision', 'outlets', 'gateway'], env: { NATS_REQUEST_TIMEOUT_MS: '2000' } });
  let admin: Client;
  let zto: Awaited<ReturnType<typeof courierFor>>;
  let yto: Awaited<ReturnType<typeof courierFor>>;
  let staff: Client;
  let taiyuanStaff: Client;
  const today = shanghaiToday();

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
    taiyuanStaff = await staffIn(platform, admin, '1401');
  }, 120_000);

  afterAll(() => platform.stop());

  it('files an outlet for a courier whose enterprise holds a valid licence, with statutory due dates', async () => {
    const body = outletInput(zto.enterprise.id, { openedOn: today });
    const res = await zto.courier.post('/outlets').send(body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'submitted',
      receiptNo: null,
      version: 1,
      pendingVersion: 1,
      name: body.name,
      enterpriseName: zto.enterprise.name,
      countyCode: '140821',
      townshipCode: '140821100',
      ownerOrgId: zto.orgId,
    });
    const [v1] = res.body.versions;
    expect(v1).toMatchObject({ version: 1, type: 'initial', status: 'submitted', submittedOn: today, late: false });
    expect(v1.dueOn >= today).toBe(true);
    expect(v1.decisionDueOn > today).toBe(true);
    expect(v1.noticeDueOn > today && v1.noticeDueOn < v1.decisionDueOn).toBe(true);
  });

  it('files once for a retried request with the same Idempotency-Key', async () => {
    const body = outletInput(zto.enterprise.id);
    const key = randomUUID();
    const first = await zto.courier.post('/outlets').set('Idempotency-Key', key).send(body);
    const replay = await zto.courier.post('/outlets').set('Idempotency-Key', key).send(body);
    expect(first.status).toBe(201);
    expect(replay.status).toBe(201);
    expect(replay.body.id).toBe(first.body.id);
    const rows = await sql<{ n: number }>(platform, 'SELECT count(*)::int AS n FROM outlets.outlets WHERE name = $1', [body.name]);
    expect(rows[0].n).toBe(1);
  });

  it('refuses a filing without a valid licence (422), outside the territory (422) and for another enterprise (403)', async () => {
    const expired = await admin
      .post('/enterprises')
      .send(enterpriseInput({ licence: { number: '晋邮2019001', validFrom: '2019-01-01', validTo: '2021-12-31', scope: '国内快递' } }));
    const refused = await admin.post('/outlets').send(outletInput(expired.body.id));
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('LICENCE_NOT_VALID');
    expect(refused.body.errors).toEqual([{ field: 'enterpriseId', message: expect.stringMatching(/expired/) }]);

    const taiyuanOnly = await admin
      .post('/enterprises')
      .send(enterpriseInput({ licence: { number: '晋邮2024002', validFrom: '2024-01-01', validTo: '2030-12-31', scope: '同城快递', territory: ['1401'] } }));
    const outside = await admin.post('/outlets').send(outletInput(taiyuanOnly.body.id));
    expect(outside.status).toBe(422);
    expect(outside.body.code).toBe('OUTSIDE_LICENCE_TERRITORY');

    const sharedExpired = await admin.post('/outlets').send(outletInput(zto.enterprise.id, { sharedEnterpriseIds: [expired.body.id] }));
    expect(sharedExpired.status).toBe(422);
    expect(sharedExpired.body.errors[0].field).toBe('sharedEnterpriseIds.0');

    const notOwn = await zto.courier.post('/outlets').send(outletInput(yto.enterprise.id));
    expect(notOwn.status).toBe(403);
    expect(notOwn.body.code).toBe('NOT_OWN_ENTERPRISE');

    const unknown = await admin.post('/outlets').send(outletInput(randomUUID()));
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('UNKNOWN_ENTERPRISE');
  });

  it('refuses unknown township codes and points outside Shanxi, naming the field', async () => {
    const badTown = await zto.courier.post('/outlets').send(outletInput(zto.enterprise.id, { regionCode: '140821999' }));
    expect(badTown.status).toBe(422);
    expect(badTown.body.errors).toEqual([expect.objectContaining({ field: 'regionCode' })]);
    const beijing = await zto.courier.post('/outlets').send(outletInput(zto.enterprise.id, { location: { lat: 39.9, lng: 116.4 } }));
    expect(beijing.status).toBe(422);
    expect(beijing.body.errors).toEqual([expect.objectContaining({ field: 'location' })]);
    const county = await zto.courier.post('/outlets').send(outletInput(zto.enterprise.id, { regionCode: '140821' }));
    expect(county.status).toBe(400);
    const locker = await zto.courier.post('/outlets').send(outletInput(zto.enterprise.id, { kind: 'smart_locker' }));
    expect(locker.status).toBe(422);
    expect(locker.body.errors[0].field).toBe('compartments');
  });

  it('keeps a courier’s drafts from another courier and from staff of another region (404), and decisions from couriers (403)', async () => {
    const draft = (await zto.courier.post('/outlets').send(outletInput(zto.enterprise.id))).body;
    expect((await zto.courier.get(`/outlets/${draft.id}`)).status).toBe(200);
    const peek = await yto.courier.get(`/outlets/${draft.id}`);
    expect(peek.status).toBe(404);
    expect(peek.body.code).toBe('NOT_FOUND');
    expect((await yto.courier.post(`/outlets/${draft.id}/changes`).send({ name: '被他人修改的网点' })).status).toBe(404);
    expect((await yto.courier.post(`/outlets/${draft.id}/closure`).send({ reason: '他人注销' })).status).toBe(404);
    const ytoList = await yto.courier.get('/outlets?limit=200');
    expect(ytoList.body.items.map((o: { id: string }) => o.id)).not.toContain(draft.id);
    const ztoList = await zto.courier.get('/outlets?limit=200');
    expect(ztoList.body.items.map((o: { id: string }) => o.id)).toContain(draft.id);

    const self = await zto.courier.post(`/outlets/${draft.id}/decision`).send({ decision: 'accept' });
    expect(self.status).toBe(403);
    expect((await taiyuanStaff.post(`/outlets/${draft.id}/decision`).send({ decision: 'accept' })).status).toBe(404);
    expect((await zto.courier.get(`/outlets/${draft.id}`)).body.status).toBe('submitted');
  });

  it('lets staff accept with a readable receipt number running per county and year, and reject with a reason', async () => {
    const first = await fileAndAccept(zto.courier, outletInput(zto.enterprise.id));
    const second = await fileAndAccept(yto.courier, outletInput(yto.enterprise.id, { regionCode: '140821101' }));
    expect(first).toMatchObject({ status: 'filed', filedOn: today, pendingVersion: null });
    expect(first.receiptNo).toMatch(RECEIPT_NO);
    const seq = (r: string) => Number(r.split('-')[3]);
    expect(seq(second.receiptNo)).toBe(seq(first.receiptNo) + 1);
    expect(first.versions[0]).toMatchObject({ status: 'accepted', decidedOn: today });
    expect((await staff.post(`/outlets/${first.id}/decision`).send({ decision: 'accept' })).status).toBe(409);

    const draft = (await zto.courier.post('/outlets').send(outletInput(zto.enterprise.id))).body;
    const noReason = await staff.post(`/outlets/${draft.id}/decision`).send({ decision: 'reject' });
    expect(noReason.status).toBe(422);
    expect(noReason.body.code).toBe('REASON_REQUIRED');
    const rejected = await staff.post(`/outlets/${draft.id}/decision`).send({ decision: 'reject', reason: '场所照片与地址不符' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', receiptNo: null });
    expect(rejected.body.versions[0]).toMatchObject({ status: 'rejected', reason: '场所照片与地址不符' });
  });

  it('numbers receipts of a county without gaps or repeats when staff accept in parallel', async () => {
    const drafts = [];
    for (let i = 0; i < 8; i++) {
      drafts.push(
        (await zto.courier.post('/outlets').send(outletInput(zto.enterprise.id, { regionCode: '140822100', location: { lat: 35.4 + i / 1000, lng: 110.8 } })))
          .body,
      );
    }
    const decided = await Promise.all(drafts.map((d) => staff.post(`/outlets/${d.id}/decision`).send({ decision: 'accept' })));
    expect(decided.map((r) => r.status)).toEqual(drafts.map(() => 200));
    const year = today.slice(0, 4);
    const numbers = decided.map((r) => r.body.receiptNo as string).sort();
    expect(numbers).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((n) => `FILE-140822-${year}-${String(n).padStart(6, '0')}`));
  });

  it('gives the missing-material notice once; the supplement is a new version that supersedes the pending one', async () => {
    const draft = (await zto.courier.post('/outlets').send(outletInput(zto.enterprise.id, { personInCharge: undefined }))).body;
    const notice = await staff.post(`/outlets/${draft.id}/notice`).send({ missingItems: ['负责人身份证明', '场所照片'] });
    expect(notice.status).toBe(200);
    expect(notice.body.versions[0]).toMatchObject({ noticeOn: today, missingItems: ['负责人身份证明', '场所照片'] });
    const again = await staff.post(`/outlets/${draft.id}/notice`).send({ missingItems: ['营业执照'] });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('NOTICE_ALREADY_GIVEN');

    const supplement = await zto.courier.post(`/outlets/${draft.id}/changes`).send({ personInCharge: '李四' });
    expect(supplement.status).toBe(201);
    expect(supplement.body).toMatchObject({ status: 'submitted', version: 2, pendingVersion: 2, personInCharge: '李四' });
    expect(supplement.body.versions.map((v: { status: string }) => v.status)).toEqual(['superseded', 'submitted']);
    const filed = await staff.post(`/outlets/${draft.id}/decision`).send({ decision: 'accept' });
    expect(filed.body).toMatchObject({ status: 'filed', version: 2, personInCharge: '李四' });
    expect(filed.body.receiptNo).toMatch(RECEIPT_NO);
  });

  it('files a change as a new version; the filed particulars stay until it is accepted and the old version stays readable', async () => {
    const original = await fileAndAccept(zto.courier, outletInput(zto.enterprise.id, { name: '临猗县猗氏镇中通驿站' }));
    const change = await zto.courier.post(`/outlets/${original.id}/changes`).send({ name: '临猗县猗氏镇中通快递超市', openingHours: '07:30-21:00' });
    expect(change.status).toBe(201);
    expect(change.body).toMatchObject({ status: 'filed', name: '临猗县猗氏镇中通驿站', version: 1, pendingVersion: 2 });
    expect(change.body.versions[1]).toMatchObject({ version: 2, type: 'change', status: 'submitted', particulars: { name: '临猗县猗氏镇中通快递超市' } });

    const accepted = await staff.post(`/outlets/${original.id}/decision`).send({ decision: 'accept' });
    expect(accepted.body).toMatchObject({ status: 'filed', name: '临猗县猗氏镇中通快递超市', openingHours: '07:30-21:00', version: 2 });
    expect(accepted.body.receiptNo).toBe(original.receiptNo);
    const detail = (await zto.courier.get(`/outlets/${original.id}`)).body;
    expect(detail.versions).toHaveLength(2);
    expect(detail.versions[0]).toMatchObject({ version: 1, status: 'accepted', particulars: { name: '临猗县猗氏镇中通驿站', openingHours: '08:00-20:00' } });
    expect(detail.versions[1]).toMatchObject({ version: 2, status: 'accepted', particulars: { name: '临猗县猗氏镇中通快递超市' } });

    const moved = await zto.courier.post(`/outlets/${original.id}/changes`).send({ regionCode: '140821102' });
    expect(moved.status).toBe(422);
    expect(moved.body.code).toBe('TOWNSHIP_CHANGED');
    const rejectedChange = await zto.courier.post(`/outlets/${original.id}/changes`).send({ address: '临猗县猗氏镇新华街8号' });
    const refused = await staff.post(`/outlets/${original.id}/decision`).send({ decision: 'reject', reason: '新址未提供场所照片' });
    expect(rejectedChange.status).toBe(201);
    expect(refused.body).toMatchObject({ status: 'filed', address: original.address, version: 2, pendingVersion: null });
  });

  it('answers 503 with Retry-After while supervision is down and files nothing on an unknown licence state', async () => {
    const before = await sql<{ n: number }>(platform, 'SELECT count(*)::int AS n FROM outlets.outlets');
    const draft = (await zto.courier.post('/outlets').send(outletInput(zto.enterprise.id))).body;
    await platform.stopApp('supervision');
    try {
      const filing = await zto.courier.post('/outlets').send(outletInput(zto.enterprise.id));
      expect(filing.status).toBe(503);
      expect(filing.headers['retry-after']).toBeDefined();
      expect(filing.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', detail: expect.stringMatching(/supervision/) });
      const decision = await staff.post(`/outlets/${draft.id}/decision`).send({ decision: 'accept' });
      expect(decision.status).toBe(503);
      const after = await sql<{ n: number }>(platform, 'SELECT count(*)::int AS n FROM outlets.outlets');
      expect(after[0].n).toBe(before[0].n + 1);
      expect((await zto.courier.get(`/outlets/${draft.id}`)).body.status).toBe('submitted');
    } finally {
      await platform.startApp('supervision');
    }
    expect((await staff.post(`/outlets/${draft.id}/decision`).send({ decision: 'accept' })).body.status).toBe('filed');
  });

  it('serves the filing receipt as a PDF whose text holds the receipt number and the Chinese name', async () => {
    const outlet = await fileAndAccept(zto.courier, outletInput(zto.enterprise.id, { name: '临猗县猗氏镇中通快递综合服务站' }));
    const res = await zto.courier
      .get(`/outlets/${outlet.id}/receipt`)
      .buffer(true)
      .parse((response, callback) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => callback(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain(`${outlet.receiptNo}.pdf`);
    const pdf = res.body as Buffer;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const parser = new PDFParse({ data: new Uint8Array(pdf) });
    const { text } = await parser.getText();
    await parser.destroy();
    expect(text).toContain(outlet.receiptNo);
    expect(text).toContain('临猗县猗氏镇中通快递综合服务站');
    expect(text).toContain('快递末端网点备案回执');
    expect(text).toContain('运城市邮政管理局');

    const draft = (await zto.courier.post('/outlets').send(outletInput(zto.enterprise.id))).body;
    const none = await zto.courier.get(`/outlets/${draft.id}/receipt`);
    expect(none.status).toBe(409);
    expect(none.body.code).toBe('NOT_FILED');
    expect((await yto.courier.get(`/outlets/${outlet.id}/receipt`)).status).toBe(404);
  });

  it('lists pending filings past their decision date and filings made after the 20-day limit', async () => {
    const late = (await zto.courier.post('/outlets').send(outletInput(zto.enterprise.id, { openedOn: '2025-01-02' }))).body;
    expect(late.versions[0]).toMatchObject({ dueOn: '2025-01-22', late: true });
    const decisions = await staff.get(`/outlets/filings/overdue?type=decision&asOf=2099-01-01&limit=200`);
    expect(decisions.status).toBe(200);
    expect(decisions.body.items).toContainEqual(expect.objectContaining({ outletId: late.id, version: 1, status: 'submitted' }));
    const notYet = await staff.get(`/outlets/filings/overdue?type=decision&asOf=${today}&limit=200`);
    expect(notYet.body.items.map((i: { outletId: string }) => i.outletId)).not.toContain(late.id);
    const lateFilings = await zto.courier.get('/outlets/filings/overdue?type=filing&limit=200');
    const item = lateFilings.body.items.find((i: { outletId: string }) => i.outletId === late.id);
    expect(item).toMatchObject({ dueOn: '2025-01-22', submittedOn: today });
    expect(item.daysOverdue).toBeGreaterThan(300);
    expect((await yto.courier.get('/outlets/filings/overdue?type=filing&limit=200')).body.items).toEqual([]);
  });

  it('closes an outlet, and audits and publishes filed, changed and closed events through the outbox', async () => {
    const outlet = await fileAndAccept(zto.courier, outletInput(zto.enterprise.id));
    await zto.courier.post(`/outlets/${outlet.id}/changes`).send({ openingHours: '09:00-18:00' });
    await staff.post(`/outlets/${outlet.id}/decision`).send({ decision: 'accept' });
    const closed = await zto.courier.post(`/outlets/${outlet.id}/closure`).send({ reason: '经营场所拆迁' });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', closedOn: today, version: 3, receiptNo: outlet.receiptNo });
    expect(closed.body.versions[2]).toMatchObject({ type: 'closure', status: 'accepted', reason: '经营场所拆迁' });
    expect((await zto.courier.post(`/outlets/${outlet.id}/closure`).send({ reason: '再次注销' })).status).toBe(409);
    expect((await zto.courier.post(`/outlets/${outlet.id}/changes`).send({ name: '注销后变更' })).status).toBe(409);

    const audit = await admin.get(`/audit?service=outlets&objectType=outlet&objectId=${outlet.id}`);
    expect(audit.status).toBe(200);
    expect(audit.body.items.map((a: { action: string }) => a.action).reverse()).toEqual([
      'outlet.submitted',
      'outlet.accepted',
      'outlet.change_submitted',
      'outlet.accepted',
      'outlet.closed',
    ]);
    expect(audit.body.items[0]).toMatchObject({ role: 'courier', orgId: zto.orgId, before: { status: 'filed' }, after: { status: 'closed' } });
    await eventually(async () => {
      const events = await sql<{ type: string; sent: boolean; data: { receiptNo: string; status: string } }>(
        platform,
        `SELECT type, sent_at IS NOT NULL AS sent, event->'data' AS data FROM outlets.outbox
         WHERE event->'data'->>'outletId' = $1 ORDER BY created_at, id`,
        [outlet.id],
      );
      expect(events.map((e) => [e.type, e.sent, e.data.status])).toEqual([
        ['outlets.outlet.filed', true, 'filed'],
        ['outlets.outlet.changed', true, 'filed'],
        ['outlets.outlet.closed', true, 'closed'],
      ]);
      expect(events.every((e) => e.data.receiptNo === outlet.receiptNo)).toBe(true);
    });
  });

  it('lapses the outlets of an enterprise whose licence is revoked (supervision.licence.revoked)', async () => {
    const jt = await courierFor(platform, admin, { brand: 'JT' });
    const filed = await fileAndAccept(jt.courier, outletInput(jt.enterprise.id));
    const pending = (await jt.courier.post('/outlets').send(outletInput(jt.enterprise.id))).body;
    const nc = await platform.natsConnection('supervision');
    try {
      const id = randomUUID();
      const event = {
        id,
        type: 'supervision.licence.revoked',
        occurredAt: new Date().toISOString(),
        correlationId: `test-${id}`,
        actor: null,
        data: { enterpriseId: jt.enterprise.id, revokedAt: new Date().toISOString(), reason: '违法经营被吊销' },
      };
      await jetstream(nc).publish('events.supervision.licence.revoked', JSON.stringify(event), { msgID: id });
    } finally {
      await nc.close();
    }
    await eventually(async () => {
      expect((await jt.courier.get(`/outlets/${filed.id}`)).body).toMatchObject({ status: 'lapsed', closedOn: today });
    });
    const lapsedDraft = (await jt.courier.get(`/outlets/${pending.id}`)).body;
    expect(lapsedDraft).toMatchObject({ status: 'lapsed', pendingVersion: null });
    expect(lapsedDraft.versions[0]).toMatchObject({ status: 'lapsed', reason: 'licence revoked: 违法经营被吊销' });
    expect((await zto.courier.get('/outlets?status=filed&limit=1')).body.items).toHaveLength(1);
  });
});
