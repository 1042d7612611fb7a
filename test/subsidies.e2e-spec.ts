import ExcelJS from 'exceljs';
import { TestPlatform } from './support/platform.js';
import { COUNTY_A, COUNTY_B, dbQuery, type SubsidyActors, subsidyActors, waybills, type WaybillInput } from './support/subsidies.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Centre A's June counts: [date, brand, direction, items, waybills the courier records]. */
const A_COUNTS: Array<[string, string, 'upstream' | 'downstream', number, number]> = [
  ['2023-06-01', 'ZTO', 'upstream', 100, 100],
  ['2023-06-01', 'ZTO', 'downstream', 200, 200],
  ['2023-06-02', 'ZTO', 'upstream', 100, 100],
  ['2023-06-02', 'EMS', 'downstream', 300, 300],
  ['2023-06-03', 'EMS', 'upstream', 100, 100],
  ['2023-06-03', 'ZTO', 'downstream', 400, 350],
  ['2023-06-04', 'ZTO', 'upstream', 250, 250],
  ['2023-06-04', 'ZTO', 'downstream', 50, 50],
  ['2023-06-05', 'EMS', 'upstream', 250, 250],
  ['2023-06-05', 'EMS', 'downstream', 50, 50],
];

describe('rural parcel subsidies through the gateway (real NATS and PostgreSQL)', () => {
  const platform = new TestPlatform();
  let s: SubsidyActors;
  let programmeId: string;
  let claim1: string;
  const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => dbQuery<T>(platform, text, params);

  beforeAll(async () => {
    await platform.start();
    s = await subsidyActors(platform);
  }, 180_000);

  afterAll(() => platform.stop());

  it('ties a centre to a county_centre organisation of its own county, one centre per county', async () => {
    const wrongCounty = await s.admin.post('/county-centres').send({ name: '错配中心', countyCode: COUNTY_A, orgId: s.orgIds.b });
    expect(wrongCounty.status).toBe(422);
    expect(wrongCounty.body.code).toBe('ORGANISATION_MISMATCH');
    const notCentre = await s.admin.post('/county-centres').send({ name: '错配中心', countyCode: COUNTY_A, orgId: s.orgIds.city });
    expect(notCentre.status).toBe(422);
    const staffTry = await s.city.post('/county-centres').send({ name: 'x中心', countyCode: COUNTY_A, orgId: s.orgIds.a });
    expect(staffTry.status).toBe(403);
    const listed = await s.city.get('/county-centres');
    expect(listed.body.items.map((c: { countyCode: string }) => c.countyCode).sort()).toEqual([COUNTY_A, COUNTY_B]);
    expect((await s.otherCity.get('/county-centres')).body.items).toEqual([]);
  });

  it('takes JSON counts row by row: good rows kept, bad rows refused with their index', async () => {
    const reports = [
      ...A_COUNTS.slice(0, 6).map(([date, brand, direction, items]) => ({ date, brand, direction, items, weightKg: items * 1.5 })),
      { date: '2023-06-01', brand: 'NOPE', direction: 'upstream', items: 5 },
      { date: '2023-06-01', brand: 'SF', direction: 'sideways', items: -1 },
      { date: '2099-01-01', brand: 'SF', direction: 'upstream', items: 5 },
      { date: '2023-06-01', brand: 'ZTO', direction: 'upstream', items: 7 },
    ];
    const res = await s.centreA.post('/parcel-counts').send({ reports });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ accepted: 6, corrected: 0, unchanged: 0 });
    expect(res.body.rejected.map((r: { index: number; errors: Array<{ field: string }> }) => [r.index, r.errors.map((e) => e.field).sort()])).toEqual([
      [6, ['brand']],
      [7, ['direction', 'items']],
      [8, ['date']],
      [9, ['date']],
    ]);
    expect(res.body.rejected[3].errors[0].message).toMatch(/row 0 of this upload/);
    const listed = await s.centreA.get(`/parcel-counts?from=2023-06-01&to=2023-06-03&limit=50`);
    expect(listed.body.items).toHaveLength(6);
    expect(listed.body.items[0]).toMatchObject({ countyCode: COUNTY_A, version: 1, logicOk: true, reportedBy: expect.any(String) });
  });

  it('takes CSV and XLSX uploads with a header row, refusing bad rows by index', async () => {
    const csv = [
      'date,brand,direction,items,weightKg',
      ...A_COUNTS.slice(6, 8).map(([d, b, dir, n]) => `${d},${b},${dir},${n},${n * 2}`),
      '2023-06-04,EMS,upstream,abc,',
    ].join('\r\n');
    const res = await s.centreA.post('/parcel-counts').set('content-type', 'text/csv').send(csv);
    expect(res.status).toBe(201);
    expect(res.body.accepted).toBe(2);
    expect(res.body.rejected).toEqual([{ index: 2, errors: [{ field: 'items', message: 'items must be an integer number' }] }]);

    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('日报');
    sheet.addRow(['日期', '品牌', '方向', '件数', '重量(kg)']);
    for (const [d, b, dir, n] of A_COUNTS.slice(8)) sheet.addRow([new Date(`${d}T00:00:00Z`), b, dir, n, n]);
    const xlsx = await s.centreA
      .post('/parcel-counts')
      .set('content-type', XLSX)
      .send(Buffer.from(await book.xlsx.writeBuffer()));
    expect(xlsx.status).toBe(201);
    expect(xlsx.body).toMatchObject({ accepted: 2, rejected: [] });
    const [{ n }] = await sql<{ n: string }>(
      `SELECT count(*) AS n FROM subsidies.parcel_counts WHERE county_code = $1 AND date BETWEEN '2023-06-04' AND '2023-06-05'`,
      [COUNTY_A],
    );
    expect(Number(n)).toBe(4);

    const badColumn = await s.centreA.post('/parcel-counts').set('content-type', 'text/csv').send('date,brand,colour\n2023-06-01,ZTO,red');
    expect(badColumn.status).toBe(400);
    expect(badColumn.body.code).toBe('UNKNOWN_COLUMN');
  });

  it('stores a changed figure as a new version with who and why; the same figure again changes nothing', async () => {
    const row = { date: '2023-06-05', brand: 'EMS', direction: 'downstream' };
    const noReason = await s.centreA.post('/parcel-counts').send({ reports: [{ ...row, items: 60 }] });
    expect(noReason.body.accepted).toBe(0);
    expect(noReason.body.rejected[0].errors[0]).toMatchObject({ field: 'reason', message: expect.stringMatching(/corrects version 1/) });

    const corrected = await s.centreA.post('/parcel-counts').send({ reports: [{ ...row, items: 60, reason: '漏报一车次' }] });
    expect(corrected.body).toMatchObject({ accepted: 1, corrected: 1 });
    const back = await s.centreA.post('/parcel-counts').send({ reports: [{ ...row, items: 50, reason: '复核后恢复原数' }] });
    expect(back.body).toMatchObject({ accepted: 1, corrected: 1 });
    const again = await s.centreA.post('/parcel-counts').send({ reports: [{ ...row, items: 50 }] });
    expect(again.body).toMatchObject({ accepted: 0, unchanged: 1, rejected: [] });

    const history = await s.centreA.get('/parcel-counts?from=2023-06-05&to=2023-06-05&history=true');
    const versions = history.body.items
      .filter((c: { brand: string; direction: string }) => c.brand === 'EMS' && c.direction === 'downstream')
      .sort((a: { version: number }, b: { version: number }) => a.version - b.version);
    expect(versions.map((v: { version: number; items: number; reason: string | null }) => [v.version, v.items, v.reason])).toEqual([
      [1, 50, null],
      [2, 60, '漏报一车次'],
      [3, 50, '复核后恢复原数'],
    ]);
    expect(versions[0].supersededAt).not.toBeNull();
    expect(versions[2].supersededAt).toBeNull();
    const [{ n }] = await sql<{ n: string }>(`SELECT count(*) AS n FROM subsidies.audit_log WHERE action = 'count.corrected'`);
    expect(Number(n)).toBe(2);
  });

  it('keeps a county centre to its own county: another county’s data answers 404 and nothing is stored', async () => {
    const counts = await s.centreA
      .post(`/parcel-counts?countyCode=${COUNTY_B}`)
      .send({ reports: [{ date: '2023-06-01', brand: 'ZTO', direction: 'upstream', items: 9 }] });
    expect(counts.status).toBe(404);
    const foreign = await s.centreA
      .post('/waybills')
      .send(waybills('XA', 3, { brand: 'ZTO', date: '2023-06-01', direction: 'upstream', countyCode: COUNTY_B }));
    expect(foreign.status).toBe(201);
    expect(foreign.body.accepted).toBe(0);
    expect(foreign.body.rejected.map((r: { index: number }) => r.index)).toEqual([0, 1, 2]);
    const [{ counts: stored, bills }] = await sql<{ counts: string; bills: string }>(
      `SELECT (SELECT count(*) FROM subsidies.parcel_counts WHERE county_code = $1) AS counts,
              (SELECT count(*) FROM subsidies.waybills WHERE waybill_no LIKE 'XA%') AS bills`,
      [COUNTY_B],
    );
    expect([Number(stored), Number(bills)]).toEqual([0, 0]);
  });

  it('accepts a waybill number once in the province: repeats across counties and in a request are reported, not stored', async () => {
    const forA: WaybillInput[] = A_COUNTS.flatMap(([date, brand, direction, , n], i) =>
      waybills(`A${String(i).padStart(2, '0')}${brand}`, n, { brand, date, direction, countyCode: COUNTY_A, villageCode: '140821100010' }),
    );
    // each brand's waybills come from a courier of that brand
    const zto = forA.filter((w) => w.brand === 'ZTO');
    const ems = forA.filter((w) => w.brand === 'EMS');
    const first = await s.courier.post('/waybills').send(zto);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ received: zto.length, accepted: zto.length, duplicates: [], rejected: [] });
    expect((await s.courierEms.post('/waybills').send(ems)).body).toMatchObject({ accepted: ems.length, rejected: [] });

    const forB = [
      ...waybills('BZTO', 100, { brand: 'ZTO', date: '2023-06-01', direction: 'upstream', countyCode: COUNTY_B }),
      ...waybills('WRB', 5, { brand: 'ZTO', date: '2023-06-10', direction: 'downstream', countyCode: COUNTY_B }),
    ];
    expect((await s.courier.post('/waybills').send(forB)).body.accepted).toBe(105);

    const reuse = [
      { ...forA[0], countyCode: COUNTY_B, villageCode: undefined },
      { ...forA[1], waybillNo: forA[1].waybillNo.toLowerCase(), countyCode: COUNTY_B, villageCode: undefined },
      ...waybills('WRN', 3, { brand: 'SF', date: '2023-06-10', direction: 'downstream', countyCode: COUNTY_B }),
      { waybillNo: 'WRN00000001', brand: 'SF', date: '2023-06-10', direction: 'downstream', countyCode: COUNTY_B },
      { waybillNo: 'bad', brand: 'SF', date: '2023-06-10', direction: 'downstream', countyCode: COUNTY_B },
    ];
    const ndjson = reuse.map((r) => JSON.stringify(r)).join('\n');
    const res = await s.centreB.post('/waybills').set('content-type', 'application/x-ndjson').send(ndjson);
    expect(res.status).toBe(201);
    expect(res.body.accepted).toBe(3);
    expect(res.body.duplicates).toEqual([
      { index: 0, waybillNo: forA[0].waybillNo, kind: 'province' },
      { index: 1, waybillNo: forA[1].waybillNo, kind: 'province' },
      { index: 5, waybillNo: 'WRN00000001', kind: 'request', firstIndex: 3 },
    ]);
    expect(res.body.rejected).toEqual([{ index: 6, errors: [{ field: 'waybillNo', message: 'must be 8–30 letters and digits' }] }]);
    const owners = await sql<{ county_code: string }>(`SELECT county_code FROM subsidies.waybills WHERE waybill_no = ANY($1)`, [
      [forA[0].waybillNo, forA[1].waybillNo],
    ]);
    expect(owners.map((o) => o.county_code)).toEqual([COUNTY_A, COUNTY_A]);
    const [{ n }] = await sql<{ n: string }>(`SELECT count(*) AS n FROM subsidies.waybill_duplicates WHERE county_code = $1`, [COUNTY_B]);
    expect(Number(n)).toBe(3);

    const tooMany = await s.courier.post('/waybills').send(Array.from({ length: 50_001 }, () => ({})));
    expect(tooMany.status).toBe(413);
    // an empty batch is no upload: refused, and no empty batch is recorded
    for (const empty of [s.courier.post('/waybills').send([]), s.courier.post('/waybills').set('content-type', 'application/x-ndjson').send('\n')]) {
      expect((await empty).body).toMatchObject({ status: 400, code: 'EMPTY_BATCH' });
    }
    // rows none of which is a waybill record: refused as a whole, each reason named by its index
    const junk = await s.courier.post('/waybills').send([null, { waybillNo: 1 }]);
    expect(junk.body).toMatchObject({ status: 422, code: 'NO_VALID_ROWS' });
    expect(junk.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['[0]', '[1].waybillNo']));
  });

  it('creates a programme whose every figure is data, refusing rates that do not fit its directions', async () => {
    const bad = await s.admin.post('/subsidy-programmes').send({
      year: 2023,
      name: '缺少默认标准',
      directions: ['upstream', 'downstream'],
      rates: [{ direction: 'upstream', rateFen: 50 }],
      avgCeilingFen: 50,
      budgets: [],
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toContainEqual({ field: 'rates', message: expect.stringMatching(/downstream needs a default rate/) });
    const res = await s.admin.post('/subsidy-programmes').send({
      year: 2023,
      name: '2023年农村寄递物流服务全覆盖省级专项补助',
      directions: ['upstream', 'downstream'],
      rates: [
        { direction: 'upstream', rateFen: 60 },
        { direction: 'upstream', countyCode: COUNTY_A, rateFen: 80 },
        { direction: 'downstream', rateFen: 35 },
      ],
      avgCeilingFen: 50,
      budgets: [
        { countyCode: COUNTY_A, amountFen: 200_000 },
        { countyCode: COUNTY_B, amountFen: 1_000 },
      ],
    });
    expect(res.status).toBe(201);
    programmeId = res.body.id;
    expect((await s.centreA.post('/subsidy-programmes').send({})).status).toBe(403);
  });

  it('computes a claim from verified items: mixed directions averaging under the ceiling are paid in full', async () => {
    const res = await s.centreA.post('/subsidy-claims').send({ programmeId, countyCode: COUNTY_A, periodStart: '2023-06-01', periodEnd: '2023-06-03' });
    expect(res.status).toBe(201);
    // upstream 300 verified × 80 = 24,000; downstream 900 reported, 850 backed by waybills × 35 = 29,750
    expect(res.body).toMatchObject({
      status: 'draft',
      reportedItems: 1200,
      items: 1150,
      grossFen: 53_750,
      amountFen: 53_750,
      avgFen: 46.73,
      cappedBy: null,
      avgCeilingFen: 50,
    });
    expect(res.body.lines).toEqual([
      { direction: 'upstream', rateFen: 80, reportedItems: 300, items: 300, grossFen: 24_000, amountFen: 24_000, shortfalls: [] },
      {
        direction: 'downstream',
        rateFen: 35,
        reportedItems: 900,
        items: 850,
        grossFen: 29_750,
        amountFen: 29_750,
        shortfalls: [{ reason: 'no_courier_waybills', items: 50 }],
      },
    ]);
    expect(res.body).toMatchObject({ verification: 'waybills', ceilingBasis: { clause: '二(二)9' }, payment: null });
    claim1 = res.body.id;
    const overlap = await s.centreA.post('/subsidy-claims').send({ programmeId, countyCode: COUNTY_A, periodStart: '2023-06-03', periodEnd: '2023-06-04' });
    expect(overlap.status).toBe(409);
    expect(overlap.body.code).toBe('CLAIM_PERIOD_OVERLAP');
  });

  it('refuses a claim for another county (404) and stores nothing', async () => {
    const res = await s.centreA.post('/subsidy-claims').send({ programmeId, countyCode: COUNTY_B, periodStart: '2023-06-01', periodEnd: '2023-06-01' });
    expect(res.status).toBe(404);
    const [{ n }] = await sql<{ n: string }>(`SELECT count(*) AS n FROM subsidies.claims WHERE county_code = $1`, [COUNTY_B]);
    expect(Number(n)).toBe(0);
    expect((await s.centreB.get(`/subsidy-claims/${claim1}`)).status).toBe(404);
    expect((await s.otherCity.get(`/subsidy-claims/${claim1}`)).status).toBe(404);
    expect((await s.courier.get(`/subsidy-claims/${claim1}`)).status).toBe(403);
  });

  it('runs the workflow draft → submitted → reviewed → approved → paid, refusing the wrong role at every step', async () => {
    const step = (who: keyof SubsidyActors, action: string) => (s[who] as SubsidyActors['admin']).post(`/subsidy-claims/${claim1}/${action}`).send({});

    expect((await step('city', 'submit')).status).toBe(403);
    expect((await step('courier', 'submit')).status).toBe(403);
    expect((await step('centreB', 'submit')).status).toBe(404);
    expect((await step('centreA', 'approve')).status).toBe(403);
    const submitted = await step('centreA', 'submit');
    expect(submitted.status).toBe(200);
    expect(submitted.body.status).toBe('submitted');

    expect((await step('centreA', 'review')).status).toBe(403);
    expect((await step('province', 'review')).status).toBe(403);
    expect((await step('otherCity', 'review')).status).toBe(404);
    const early = await step('province', 'approve');
    expect(early.status).toBe(422);
    expect(early.body.code).toBe('ILLEGAL_TRANSITION');
    expect((await step('city', 'review')).body.status).toBe('reviewed');

    expect((await step('city', 'approve')).status).toBe(403);
    expect((await step('centreA', 'approve')).status).toBe(403);
    expect((await step('province', 'approve')).body.status).toBe('approved');

    const voucher = { voucherNo: '晋财农〔2023〕0715-001', paidOn: '2023-07-15', amountFen: 53_750 };
    const pay = (who: keyof SubsidyActors, body: object) => (s[who] as SubsidyActors['admin']).post(`/subsidy-claims/${claim1}/pay`).send(body);
    expect((await pay('city', voucher)).status).toBe(403);
    expect((await pay('centreA', voucher)).status).toBe(403);
    expect((await step('province', 'return')).status).toBe(400);
    const lateReturn = await s.province.post(`/subsidy-claims/${claim1}/return`).send({ reason: '太晚了' });
    expect(lateReturn.status).toBe(422);
    const noVoucher = await pay('province', {});
    expect(noVoucher.status).toBe(400);
    expect([...new Set(noVoucher.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual(['amountFen', 'paidOn', 'voucherNo']);
    const wrongAmount = await pay('province', { ...voucher, amountFen: 53_751 });
    expect(wrongAmount.status).toBe(422);
    expect(wrongAmount.body.code).toBe('PAYMENT_AMOUNT_MISMATCH');
    const paid = await pay('province', voucher);
    expect(paid.body).toMatchObject({ status: 'paid', payment: voucher });
    expect((await pay('admin', voucher)).status).toBe(422);

    const detail = await s.city.get(`/subsidy-claims/${claim1}`);
    expect(detail.status).toBe(200);
    expect(detail.body.audit.map((a: { action: string }) => a.action)).toEqual([
      'claim.created',
      'claim.submitted',
      'claim.reviewed',
      'claim.approved',
      'claim.paid',
    ]);
    expect(detail.body.audit[2]).toMatchObject({ role: 'staff', before: { status: 'submitted' }, after: { status: 'reviewed' } });

    const events = await sql<{ to: string }>(
      `SELECT event->'data'->>'to' AS to FROM subsidies.outbox WHERE type = 'subsidies.claim.status-changed' AND event->'data'->>'claimId' = $1 ORDER BY created_at`,
      [claim1],
    );
    expect(events.map((e) => e.to)).toEqual(['draft', 'submitted', 'reviewed', 'approved', 'paid']);
  });

  it('locks the counts of an approved period (422) and leaves them as they were', async () => {
    const res = await s.centreA
      .post('/parcel-counts')
      .send({ reports: [{ date: '2023-06-02', brand: 'ZTO', direction: 'upstream', items: 999, reason: '补报' }] });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('COUNTS_LOCKED');
    expect(res.body.errors).toEqual([{ field: 'reports[0].date', message: expect.stringMatching(/approved claim/) }]);
    const [{ items }] = await sql<{ items: number }>(
      `SELECT items FROM subsidies.parcel_counts WHERE county_code = $1 AND date = '2023-06-02' AND brand = 'ZTO' AND superseded_at IS NULL`,
      [COUNTY_A],
    );
    expect(items).toBe(100);
  });

  it('caps a second claim of the year at the ceiling; returned claims need a reason and free the period', async () => {
    const res = await s.centreA.post('/subsidy-claims').send({ programmeId, countyCode: COUNTY_A, periodStart: '2023-06-04', periodEnd: '2023-06-05' });
    // gross 500 × 80 + 100 × 35 = 43,500; ceiling 50 × (1,150 + 600) − 53,750 = 33,750
    expect(res.body).toMatchObject({ items: 600, grossFen: 43_500, amountFen: 33_750, cappedBy: 'ceiling', avgFen: 56.25 });
    expect(res.body.lines.map((l: { amountFen: number }) => l.amountFen)).toEqual([31_034, 2_716]);
    await s.centreA.post(`/subsidy-claims/${res.body.id}/submit`).send({});
    const noReason = await s.city.post(`/subsidy-claims/${res.body.id}/return`).send({});
    expect(noReason.status).toBe(400);
    const returned = await s.city.post(`/subsidy-claims/${res.body.id}/return`).send({ reason: '6月4日件数待核实' });
    expect(returned.body).toMatchObject({ status: 'returned', returnReason: '6月4日件数待核实' });
    const again = await s.centreA.post('/subsidy-claims').send({ programmeId, countyCode: COUNTY_A, periodStart: '2023-06-04', periodEnd: '2023-06-05' });
    expect(again.status).toBe(201);
    expect(again.body.amountFen).toBe(33_750);
  });

  it('caps by the county budget when it is smaller than the ceiling allows', async () => {
    await s.centreB.post('/parcel-counts').send({
      reports: [
        { date: '2023-06-01', brand: 'ZTO', direction: 'upstream', items: 100 },
        { date: '2023-06-01', brand: 'EMS', direction: 'downstream', items: 10, weightKg: 1000 },
      ],
    });
    const res = await s.centreB.post('/subsidy-claims').send({ programmeId, countyCode: COUNTY_B, periodStart: '2023-06-01', periodEnd: '2023-06-01' });
    // 100 upstream × 60 = 6,000 under a ceiling of 5,000; the budget of 1,000 bites first; the
    // downstream row fails the weight check and is not verified
    expect(res.body).toMatchObject({ reportedItems: 110, items: 100, grossFen: 6_000, amountFen: 1_000, cappedBy: 'budget', avgFen: 10 });
  });

  it('exports the statement as XLSX', async () => {
    const res = await s.centreA
      .get(`/subsidy-claims/${claim1}/statement`)
      .buffer(true)
      .parse((r, done) => {
        const parts: Buffer[] = [];
        r.on('data', (d: Buffer) => parts.push(d));
        r.on('end', () => done(null, Buffer.concat(parts)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as ArrayBuffer);
    const sheet = book.worksheets[0];
    const facts = new Map<string, unknown>();
    sheet.eachRow((row) => facts.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(facts.get('核定金额(分) Amount fen')).toBe(53_750);
    expect(facts.get('状态 Status')).toBe('paid');
    expect(facts.get('核定件数 Verified items')).toBe(1150);
  });

  it('reports the data-quality indicators of a city, and refuses staff of another city', async () => {
    const res = await s.city.get('/data-quality?from=2023-06-01&to=2023-06-05');
    expect(res.status).toBe(200);
    expect(res.body.regionCode).toBe('1408');
    expect(res.body.indicators.submissionRate).toEqual({ rate: 0.5, numerator: 1, denominator: 2 });
    // current counts: A 10 rows, B 2 rows, one of which fails the weight check
    expect(res.body.indicators.logicRate).toEqual({ rate: 0.9167, numerator: 11, denominator: 12 });
    // county-days: A 1st–5th (3rd: 500 counted vs 450 waybills, off by more than 5%), B 1st (110 vs 100)
    expect(res.body.indicators.crossMatchRate).toEqual({ rate: 0.6667, numerator: 4, denominator: 6 });
    expect(res.body.onTimeRate).toBe(0);
    expect(res.body.indicators.validityRate.denominator).toBeGreaterThan(res.body.indicators.validityRate.numerator);
    expect(res.body.outliers).toEqual([]);

    const dup = await s.city.get(`/data-quality?regionCode=${COUNTY_B}&from=2023-06-10&to=2023-06-10`);
    // 8 valid rows of 10 June for B (5 + 3 accepted) plus 1 repeat in the request: 1 duplicate of 9
    expect(dup.body.indicators.duplicateRate).toEqual({ rate: 0.1111, numerator: 1, denominator: 9 });
    expect((await s.otherCity.get('/data-quality?regionCode=1408&from=2023-06-01&to=2023-06-05')).status).toBe(403);
    expect((await s.centreA.get('/data-quality?from=2023-06-01&to=2023-06-05')).status).toBe(403);
  });

  it('answers a period of whole months from the monthly sums exactly as from its days', async () => {
    // the configured tolerance (0.05) reads county_months; any other reads county_days only
    for (const [from, to] of [
      ['2023-06-01', '2023-06-30'],
      ['2023-01-01', '2023-12-31'],
      ['2023-05-15', '2023-07-10'],
    ]) {
      const months = await s.admin.get(`/data-quality?regionCode=1408&from=${from}&to=${to}&tolerance=0.05`);
      const days = await s.admin.get(`/data-quality?regionCode=1408&from=${from}&to=${to}&tolerance=0.0500001`);
      expect(months.status).toBe(200);
      expect(months.body.indicators.logicRate.denominator).toBeGreaterThan(0);
      expect(months.body.indicators).toEqual(days.body.indicators);
      expect(months.body.outliers).toEqual(days.body.outliers);
    }
  });

  it('flags a day far from the centre’s own history and counts a same-day report as on time', async () => {
    const may = Array.from({ length: 12 }, (_, i) => ({
      date: `2023-05-${String(10 + i).padStart(2, '0')}`,
      brand: 'YTO',
      direction: 'downstream',
      items: i === 11 ? 3000 : 100 + (i % 4) * 5,
    }));
    expect((await s.centreB.post('/parcel-counts').send({ reports: may })).body.accepted).toBe(12);
    const res = await s.province.get(`/data-quality?regionCode=${COUNTY_B}&from=2023-05-21&to=2023-05-21`);
    expect(res.body.outliers).toEqual([expect.objectContaining({ countyCode: COUNTY_B, date: '2023-05-21', items: 3000 })]);
    expect(res.body.outliers[0].z).toBeGreaterThan(3);

    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    await s.centreB.post('/parcel-counts').send({ reports: [{ date: today, brand: 'SF', direction: 'upstream', items: 12 }] });
    const now = await s.admin.get(`/data-quality?regionCode=${COUNTY_B}&from=${today}&to=${today}`);
    expect(now.body.indicators.onTimeRate).toEqual({ rate: 1, numerator: 1, denominator: 1 });
  });

  it('publishes counts and waybill events through the outbox, one per upload and per batch', async () => {
    await new Promise((r) => setTimeout(r, 1500));
    const rows = await sql<{ type: string; n: string; unsent: string }>(
      `SELECT type, count(*) AS n, count(*) FILTER (WHERE sent_at IS NULL) AS unsent FROM subsidies.outbox GROUP BY type ORDER BY type`,
    );
    const byType = Object.fromEntries(rows.map((r) => [r.type, { n: Number(r.n), unsent: Number(r.unsent) }]));
    const [{ batches }] = await sql<{ batches: string }>(`SELECT count(*) AS batches FROM subsidies.waybill_batches`);
    expect(byType['subsidies.waybills.accepted'].n).toBe(Number(batches));
    expect(byType['subsidies.counts.accepted'].n).toBeGreaterThanOrEqual(6);
    for (const t of Object.values(byType)) expect(t.unsent).toBe(0);
    const [event] = await sql<{ event: { data: { groups: Array<{ count: number }>; accepted: number } } }>(
      `SELECT event FROM subsidies.outbox WHERE type = 'subsidies.waybills.accepted' ORDER BY created_at LIMIT 1`,
    );
    expect(event.event.data.groups.reduce((a, g) => a + g.count, 0)).toBe(event.event.data.accepted);
    // no national view here (NATIONAL_FEED unset): the events do not carry the stored numbers
    const [{ withNumbers }] = await sql<{ withNumbers: string }>(
      `SELECT count(*) AS "withNumbers" FROM subsidies.outbox WHERE type = 'subsidies.waybills.accepted' AND event->'data' ? 'waybillNos'`,
    );
    expect(Number(withNumbers)).toBe(0);
  });
});
