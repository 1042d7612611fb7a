import { Role, shanghaiToday, Subjects, type SubmitGreenReportMessage } from '@app/contracts';
import { ServiceRequester } from '@app/messaging';
import { TestPlatform } from './support/platform.js';
import { api } from './support/http.js';
import { waitFor } from '../scripts/platform.mjs';
import { Courier, greenReport, KNOWN_CO2E_KG, LAST_YEAR, registerCourier, registerStaff, sql, YEAR_BEFORE } from './support/green.js';

type Client = ReturnType<ReturnType<typeof api>['as']>;

describe('green reports: filing, returning, resubmitting, accepting, scope (gateway → NATS → green → PostgreSQL)', () => {
  const platform = new TestPlatform({ apps: ['gateway', 'supervision', 'green'] });
  let admin: Client;
  let staff: Client;
  let cityStaff: Client;
  let zto: Courier;
  let yto: Courier;
  let reportId: string;

  beforeAll(async () => {
    await platform.start();
    admin = api(platform).as({ token: await platform.adminToken() });
    [zto, yto] = await Promise.all([registerCourier(platform, admin, '山西中通快递有限公司'), registerCourier(platform, admin, '山西圆通速递有限公司')]);
    staff = await registerStaff(platform, admin, '14');
    cityStaff = await registerStaff(platform, admin, '1402');
  }, 240_000); // five sign-ins: scrypt at N = 2^17 costs about a second per hash

  afterAll(() => platform.stop());

  it('files a report for the courier’s own enterprise with the computed rates and the CO2 of a hand-worked activity set', async () => {
    const res = await zto.client.post('/green-reports').send(greenReport({ stated: { eWaybillRate: 0.995, co2eKg: 60_000 } }));
    expect(res.status).toBe(201);
    reportId = res.body.id;
    expect(res.body).toMatchObject({
      enterpriseId: zto.enterprise.id,
      enterpriseName: '山西中通快递有限公司',
      year: LAST_YEAR,
      period: 'annual',
      regionCode: '14',
      status: 'submitted',
      version: 1,
      eWaybillRate: 0.995,
      recyclableBagRate: 0.75,
      newEnergyShare: 0.3,
      plasticRecoveryRate: 0.2,
      co2eKg: KNOWN_CO2E_KG,
      co2eByCarrier: { diesel: 31857.973, gasoline: 6536.605, electricity: 26830, cng: 3276.044 },
      factorSet: { name: 'cn-express-energy-co2', version: 1 },
      filedOn: shanghaiToday(),
      plasticReduction: null,
    });
    expect(res.body.flags).toEqual([expect.objectContaining({ field: 'co2eKg', stated: 60_000, computed: KNOWN_CO2E_KG })]);
    expect(res.body.versions).toHaveLength(1);
  });

  it('refuses a part above its whole, a negative figure, a period not yet over, and another enterprise, each with a clear message', async () => {
    const part = await zto.client.post('/green-reports').send(greenReport({ recyclableTransitBags: 25_000, vehicles: { total: 10, newEnergy: 12 } }));
    expect(part.status).toBe(422);
    expect(part.body.code).toBe('PART_EXCEEDS_WHOLE');
    expect(part.body.errors.map((e: { field: string }) => e.field)).toEqual(['recyclableTransitBags', 'vehicles.newEnergy']);

    const negative = await zto.client.post('/green-reports').send(greenReport({ energy: { dieselL: -1, gasolineL: 0, electricityKWh: 0, cngM3: 0 } }));
    expect(negative.status).toBe(400);
    expect(negative.body.errors).toEqual([{ field: 'energy.dieselL', message: 'dieselL must not be negative' }]);

    const early = await zto.client.post('/green-reports').send(greenReport({ year: LAST_YEAR + 1 }));
    expect(early.status).toBe(422);
    expect(early.body.code).toBe('PERIOD_NOT_ENDED');

    const other = await zto.client.post('/green-reports').send(greenReport({ enterpriseId: yto.enterprise.id }));
    expect(other.status).toBe(403);

    const overlap = await zto.client.post('/green-reports').send(greenReport({ regionCode: '1401' }));
    expect(overlap.status).toBe(409);
    expect(overlap.body.code).toBe('REGION_OVERLAP');

    const versions = await zto.client.get(`/green-reports/${reportId}`);
    expect(versions.body.versions).toHaveLength(1);
  });

  it('returns a report only with a reason and only by staff or admin', async () => {
    expect((await zto.client.post(`/green-reports/${reportId}/return`).send({ reason: '请核实' })).status).toBe(403);
    const noReason = await staff.post(`/green-reports/${reportId}/return`).send({});
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0].field).toBe('reason');

    const returned = await staff.post(`/green-reports/${reportId}/return`).send({ reason: '自报碳排放量与能耗不符，请核实' });
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({ status: 'returned', version: 1, versionStatus: 'returned', decisionReason: '自报碳排放量与能耗不符，请核实' });
  });

  it('takes the resubmission as version 2 and keeps both versions readable', async () => {
    const corrected = await zto.client.post('/green-reports').send(greenReport({ eWaybills: 996_000, stated: { co2eKg: 68_400 }, note: '更正自报碳排放量' }));
    expect(corrected.status).toBe(201);
    expect(corrected.body).toMatchObject({ id: reportId, version: 2, status: 'submitted', eWaybillRate: 0.996, flags: [], filedOn: shanghaiToday() });

    const read = await zto.client.get(`/green-reports/${reportId}`);
    expect(read.status).toBe(200);
    expect(read.body.versions.map((v: { version: number; versionStatus: string }) => [v.version, v.versionStatus])).toEqual([
      [1, 'returned'],
      [2, 'submitted'],
    ]);
    const [v1, v2] = read.body.versions;
    expect(v1).toMatchObject({ eWaybills: 995_000, eWaybillRate: 0.995, stated: { co2eKg: 60_000 }, decisionReason: '自报碳排放量与能耗不符，请核实' });
    expect(v1.flags).toHaveLength(1);
    expect(v2).toMatchObject({ eWaybills: 996_000, note: '更正自报碳排放量', decisionReason: null });
  });

  it('accepts only the current version, then refuses any further version with 409', async () => {
    const stale = await staff.post(`/green-reports/${reportId}/accept`).send({ version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('VERSION_CHANGED');
    const accepted = await staff.post(`/green-reports/${reportId}/accept`).send({ version: 2, remark: '数据完整' });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', version: 2 });

    const again = await zto.client.post('/green-reports').send(greenReport());
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('REPORT_ACCEPTED');
    expect((await staff.post(`/green-reports/${reportId}/return`).send({ reason: '再核实' })).body.code).toBe('INVALID_STATE');
  });

  it('answers 404 for another courier’s report and lists only the caller’s own; staff see their region', async () => {
    const foreign = await yto.client.get(`/green-reports/${reportId}`);
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('NOT_FOUND');
    expect((await yto.client.get('/green-reports')).body.items).toEqual([]);
    const own = await zto.client.get('/green-reports');
    expect(own.body.items.map((r: { id: string }) => r.id)).toEqual([reportId]);
    expect(own.body.items[0].versions).toBeUndefined();

    expect((await cityStaff.get(`/green-reports/${reportId}`)).status).toBe(404);
    expect((await staff.get(`/green-reports/${reportId}`)).status).toBe(200);
    expect((await yto.client.post(`/green-reports/${reportId}/accept`).send({})).status).toBe(403);
  });

  it('lets an administrator file on behalf of a named enterprise, which its courier then reads', async () => {
    const unnamed = await admin.post('/green-reports').send(greenReport({ year: YEAR_BEFORE }));
    expect(unnamed.status).toBe(422);
    expect(unnamed.body.code).toBe('ENTERPRISE_REQUIRED');
    const filed = await admin
      .post('/green-reports')
      .send(greenReport({ year: YEAR_BEFORE, enterpriseId: yto.enterprise.id, plasticBagsUsed: 400_000, singleUsePlasticItems: 80_000 }));
    expect(filed.status).toBe(201);
    expect(filed.body.enterpriseId).toBe(yto.enterprise.id);
    expect((await yto.client.get(`/green-reports/${filed.body.id}`)).status).toBe(200);
  });

  it('marks a filing after the due date as late and lists it with its days late', async () => {
    const due = `${YEAR_BEFORE + 1}-01-31`;
    const report = (await yto.client.get(`/green-reports?year=${YEAR_BEFORE}`)).body.items[0];
    const daysLate = Math.round((Date.parse(shanghaiToday()) - Date.parse(due)) / 86_400_000);
    expect(report).toMatchObject({ dueDate: due, late: true, daysLate });

    const status = await staff.get(`/green-reports/filing-status?year=${YEAR_BEFORE}`);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ period: 'annual', dueDate: due, overdue: true, expected: 2, filed: 1, onTime: 0 });
    expect(status.body.lateFilers).toEqual([expect.objectContaining({ enterpriseId: yto.enterprise.id, daysLate, reportId: report.id })]);
    expect(status.body.missingFilers).toEqual([expect.objectContaining({ enterpriseId: zto.enterprise.id, uscc: zto.enterprise.uscc })]);
  });

  it('compares plastic use with the same company’s previous year', async () => {
    const res = await yto.client.post('/green-reports').send(greenReport({ plasticBagsUsed: 300_000, singleUsePlasticItems: 60_000 }));
    expect(res.status).toBe(201);
    expect(res.body.plasticReduction).toMatchObject({
      previousYear: YEAR_BEFORE,
      previousPlasticBagsUsed: 400_000,
      plasticBagsReduction: 100_000,
      plasticBagsReductionRate: 0.25,
      singleUsePlasticReductionRate: 0.25,
    });
  });

  it('keeps quarterly reports consistent with the annual report (1%)', async () => {
    const quarter = (period: string, parcels: number) =>
      greenReport({
        period,
        parcels,
        eWaybills: Math.round(parcels * 0.99),
        transitBagsTotal: 5_000,
        recyclableTransitBags: 3_750,
        plasticBagsUsed: 75_000,
        plasticBagsRecovered: 15_000,
        singleUsePlasticItems: 12_500,
        tapeMeters: 200_000,
        energy: { dieselL: 3_000, gasolineL: 750, electricityKWh: 12_500, cngM3: 375 },
      });
    expect((await zto.client.post('/green-reports').send(quarter('Q1', 250_000))).status).toBe(201);
    const tooMany = await zto.client.post('/green-reports').send(quarter('Q2', 800_000));
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.code).toBe('QUARTERS_INCONSISTENT');
    expect(tooMany.body.errors[0]).toEqual({
      field: 'parcels',
      message: "the quarters filed (Q1, Q2) add up to 1050000, more than the annual report's 1000000 (allowed +10000, 1%)",
    });
  });

  it('files once per Idempotency-Key: a replay through the gateway answers the first response, a retry straight to the service adds no version', async () => {
    const body = greenReport({ year: YEAR_BEFORE, regionCode: '1401' });
    const first = await zto.client.post('/green-reports').set('Idempotency-Key', 'zto-2024-1401').send(body);
    expect(first.status).toBe(201);
    const replay = await zto.client.post('/green-reports').set('Idempotency-Key', 'zto-2024-1401').send(body);
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first.body);

    // as if the gateway had died before storing its answer: the service itself recognises the key
    const nc = await platform.natsConnection('gateway');
    try {
      const bus = new ServiceRequester(nc, 5000);
      const principal = { sub: zto.userId, role: Role.Courier, orgId: zto.orgId, regionCode: '14' };
      const message = { ...body, courierUscc: zto.enterprise.uscc };
      const retried = await bus.request(Subjects.green.reportsSubmit, message as SubmitGreenReportMessage, {
        principal,
        correlationId: 'gateway-died',
        idempotencyKey: 'zto-2024-1401',
      });
      expect(retried).toMatchObject({ id: first.body.id, version: 1 });
      expect(retried.versions).toHaveLength(1);
      const fresh = await bus.request(Subjects.green.reportsSubmit, message as SubmitGreenReportMessage, { principal, correlationId: 'no-key' });
      expect(fresh).toMatchObject({ id: first.body.id, version: 2 });
    } finally {
      await nc.close();
    }
  });

  it('writes an audit record for every change and publishes submitted, returned and accepted events through the outbox', async () => {
    const audit = await admin.get(`/audit?service=green&objectType=green-report&objectId=${reportId}`);
    expect(audit.status).toBe(200);
    const trail = [...audit.body.items].reverse() as Array<{ action: string; role: string; after: { version: number; reason?: string } }>;
    expect(trail.map((a) => [a.action, a.role, a.after.version])).toEqual([
      ['green-report.submitted', 'courier', 1],
      ['green-report.returned', 'staff', 1],
      ['green-report.submitted', 'courier', 2],
      ['green-report.accepted', 'staff', 2],
    ]);
    expect(trail[1].after.reason).toBe('自报碳排放量与能耗不符，请核实');
    await waitFor('the outbox relay', async () => {
      const pending = await sql(platform, `SELECT 1 FROM green.outbox WHERE sent_at IS NULL`);
      return pending.length === 0;
    });
    const events = await sql<{ type: string; event: { data: { reportId: string; version: number; status: string; co2eKg: number } } }>(
      platform,
      `SELECT type, event FROM green.outbox WHERE event->'data'->>'reportId' = $1 ORDER BY created_at`,
      [reportId],
    );
    expect(events.map((e) => [e.type, e.event.data.version, e.event.data.status])).toEqual([
      ['green.report.submitted', 1, 'submitted'],
      ['green.report.returned', 1, 'returned'],
      ['green.report.submitted', 2, 'submitted'],
      ['green.report.accepted', 2, 'accepted'],
    ]);
    expect(events[0].event.data.co2eKg).toBe(KNOWN_CO2E_KG);
  });
});
