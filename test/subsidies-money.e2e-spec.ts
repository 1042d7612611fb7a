import ExcelJS from 'exceljs';
import { TestPlatform } from './support/platform.js';
import { COURIER_WAYBILLS } from '../apps/subsidies/src/waybills/courier-waybills.js';
import { type Client, COUNTY_A, COUNTY_B, dbQuery, type SubsidyActors, subsidyActors, waybills } from './support/subsidies.js';

type Direction = 'upstream' | 'downstream';

/**
 * Money integrity of subsidy claims (issue 11), tried as a claimant who knows the rules
 * would: returned drafts lending headroom, parallel approvals, the same items under two
 * programmes, claims that pay nothing, self-verified counts, other brands' waybills,
 * ceilings above the policy, payments without vouchers.
 */
describe('subsidy money integrity through the gateway (real NATS and PostgreSQL)', () => {
  const platform = new TestPlatform({ apps: ['supervision', 'subsidies', 'gateway'] });
  let s: SubsidyActors;
  const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => dbQuery<T>(platform, text, params);
  let serial = 0;

  beforeAll(async () => {
    await platform.start();
    s = await subsidyActors(platform);
  }, 180_000);

  afterAll(() => platform.stop());

  const centre = (county: string) => (county === COUNTY_A ? s.centreA : s.centreB);

  /** Counts by the county's centre and, unless `bills` is 0, as many waybills by the ZTO courier. */
  async function seed(county: string, date: string, direction: Direction, items: number, bills = items, uploader?: Client): Promise<void> {
    const counts = await centre(county)
      .post('/parcel-counts')
      .send({ reports: [{ date, brand: 'ZTO', direction, items }] });
    expect(counts.body).toMatchObject({ accepted: 1, rejected: [] });
    if (bills === 0) return;
    const prefix = `M${String(++serial).padStart(3, '0')}Z`;
    const posted = await (uploader ?? s.courier).post('/waybills').send(waybills(prefix, bills, { brand: 'ZTO', date, direction, countyCode: county }));
    expect(posted.body).toMatchObject({ accepted: bills, rejected: [] });
  }

  async function programme(
    name: string,
    rates: { upstream: number; downstream: number },
    budgets: Record<string, number>,
    extra: Record<string, unknown> = {},
  ): Promise<string> {
    const res = await s.admin.post('/subsidy-programmes').send({
      year: 2023,
      name,
      directions: ['upstream', 'downstream'],
      rates: [
        { direction: 'upstream', rateFen: rates.upstream },
        { direction: 'downstream', rateFen: rates.downstream },
      ],
      avgCeilingFen: 50,
      budgets: Object.entries(budgets).map(([countyCode, amountFen]) => ({ countyCode, amountFen })),
      ...extra,
    });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  const file = (programmeId: string, county: string, from: string, to = from) =>
    centre(county).post('/subsidy-claims').send({ programmeId, countyCode: county, periodStart: from, periodEnd: to });

  async function toReviewed(id: string, county: string): Promise<void> {
    expect((await centre(county).post(`/subsidy-claims/${id}/submit`).send({})).status).toBe(200);
    expect((await s.city.post(`/subsidy-claims/${id}/review`).send({})).status).toBe(200);
  }

  const voucher = (amountFen: number) => ({ voucherNo: `晋财农-${++serial}`, paidOn: '2023-12-20', amountFen });

  /** The invariant over the database: per programme and county, approved + paid ≤ ceiling × items and ≤ budget; the breaches. */
  async function invariantBroken(): Promise<unknown[]> {
    const rows = await sql<{
      programme_id: string;
      county_code: string;
      amount: string;
      items: string;
      ceiling: number;
      budgets: Array<{ countyCode: string; amountFen: number }>;
    }>(
      `SELECT c.programme_id, c.county_code, sum(c.amount_fen) AS amount, sum(c.items) AS items, p.avg_ceiling_fen AS ceiling, p.budgets
       FROM subsidies.claims c JOIN subsidies.programmes p ON p.id = c.programme_id
       WHERE c.status IN ('approved', 'paid') GROUP BY c.programme_id, c.county_code, p.avg_ceiling_fen, p.budgets`,
    );
    return rows.filter((r) => {
      const budget = r.budgets.find((b) => b.countyCode === r.county_code)?.amountFen ?? 0;
      return Number(r.amount) > r.ceiling * Number(r.items) || Number(r.amount) > budget;
    });
  }

  it('never pays more than 50 fen per verified item when a draft that made headroom is returned (the issue’s sequence)', async () => {
    const id = await programme('退回草稿不得出借额度', { upstream: 40, downstream: 70 }, { [COUNTY_A]: 10_000_000 });
    await seed(COUNTY_A, '2023-03-01', 'upstream', 1000);
    await seed(COUNTY_A, '2023-03-02', 'downstream', 1000);
    const a = await file(id, COUNTY_A, '2023-03-01');
    expect(a.body).toMatchObject({ items: 1000, amountFen: 40_000, cappedBy: null });
    // A is a draft: its 10 fen of headroom per item is lent to nobody
    const b = await file(id, COUNTY_A, '2023-03-02');
    expect(b.body).toMatchObject({ items: 1000, grossFen: 70_000, amountFen: 50_000, cappedBy: 'ceiling' });
    expect((await s.centreA.post(`/subsidy-claims/${a.body.id}/return`).send({ reason: '撤回重报' })).body.status).toBe('returned');
    await toReviewed(b.body.id, COUNTY_A);
    expect((await s.province.post(`/subsidy-claims/${b.body.id}/approve`).send({})).body.status).toBe('approved');
    const paid = await s.province.post(`/subsidy-claims/${b.body.id}/pay`).send(voucher(50_000));
    expect(paid.body).toMatchObject({ status: 'paid', amountFen: 50_000 });
    const [year] = await sql<{ amount: string; items: string }>(
      `SELECT sum(amount_fen) AS amount, sum(items) AS items FROM subsidies.claims WHERE programme_id = $1 AND county_code = $2 AND status IN ('approved', 'paid')`,
      [id, COUNTY_A],
    );
    expect(Number(year.amount)).toBeLessThanOrEqual(50 * Number(year.items));
    expect(await invariantBroken()).toEqual([]);
  });

  it('approves exactly one of two claims approved in parallel whose sum passes the county budget', async () => {
    const id = await programme('并行批准-资金额度', { upstream: 50, downstream: 50 }, { [COUNTY_B]: 60_000 });
    await seed(COUNTY_B, '2023-04-01', 'upstream', 1000);
    await seed(COUNTY_B, '2023-04-02', 'upstream', 1000);
    const c1 = await file(id, COUNTY_B, '2023-04-01');
    const c2 = await file(id, COUNTY_B, '2023-04-02');
    // each fits the budget alone: drafts lend nothing and take nothing from each other
    expect([c1.body.amountFen, c2.body.amountFen]).toEqual([50_000, 50_000]);
    await toReviewed(c1.body.id, COUNTY_B);
    await toReviewed(c2.body.id, COUNTY_B);
    const results = await Promise.all([c1, c2].map((c) => s.province.post(`/subsidy-claims/${c.body.id}/approve`).send({})));
    expect(results.map((r) => r.status).sort()).toEqual([200, 422]);
    expect(results.find((r) => r.status === 422)?.body.code).toBe('HEADROOM_SHRUNK');
    expect(await invariantBroken()).toEqual([]);
  });

  it('approves exactly one of two claims approved in parallel whose sum passes the average ceiling', async () => {
    const id = await programme('并行批准-平均上限', { upstream: 30, downstream: 70 }, { [COUNTY_A]: 10_000_000 });
    await seed(COUNTY_A, '2023-05-01', 'upstream', 1000);
    await seed(COUNTY_A, '2023-05-02', 'downstream', 1000);
    await seed(COUNTY_A, '2023-05-03', 'downstream', 1000);
    const x = await file(id, COUNTY_A, '2023-05-01');
    await toReviewed(x.body.id, COUNTY_A);
    expect((await s.province.post(`/subsidy-claims/${x.body.id}/approve`).send({})).status).toBe(200);
    // 30,000 approved for 1,000 items leaves 20,000 of slack; each claim alone may use it
    const c3 = await file(id, COUNTY_A, '2023-05-02');
    const c4 = await file(id, COUNTY_A, '2023-05-03');
    expect([c3.body.amountFen, c4.body.amountFen]).toEqual([70_000, 70_000]);
    await toReviewed(c3.body.id, COUNTY_A);
    await toReviewed(c4.body.id, COUNTY_A);
    const results = await Promise.all([c3, c4].map((c) => s.province.post(`/subsidy-claims/${c.body.id}/approve`).send({})));
    expect(results.map((r) => r.status).sort()).toEqual([200, 422]);
    expect(results.find((r) => r.status === 422)?.body).toMatchObject({ code: 'HEADROOM_SHRUNK', detail: expect.stringMatching(/ceiling headroom/) });
    expect(await invariantBroken()).toEqual([]);
  });

  it('pays an item once: the same county and month under a second programme of the year finds no unclaimed items', async () => {
    const first = await programme('同月两项目-甲', { upstream: 40, downstream: 40 }, { [COUNTY_B]: 10_000_000 });
    const second = await programme('同月两项目-乙', { upstream: 40, downstream: 40 }, { [COUNTY_B]: 10_000_000 });
    await seed(COUNTY_B, '2023-06-01', 'upstream', 600);
    await seed(COUNTY_B, '2023-06-02', 'downstream', 400);
    const one = await file(first, COUNTY_B, '2023-06-01', '2023-06-30');
    expect(one.body).toMatchObject({ reportedItems: 1000, items: 1000, amountFen: 40_000 });
    const two = await file(second, COUNTY_B, '2023-06-01', '2023-06-30');
    expect(two.status).toBe(201);
    expect(two.body).toMatchObject({ reportedItems: 1000, items: 0, amountFen: 0 });
    expect(two.body.lines.map((l: { shortfalls: unknown }) => l.shortfalls)).toEqual([
      [{ reason: 'claimed_elsewhere', items: 600, claimIds: [one.body.id] }],
      [{ reason: 'claimed_elsewhere', items: 400, claimIds: [one.body.id] }],
    ]);
    const refused = await s.centreB.post(`/subsidy-claims/${two.body.id}/submit`).send({});
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('NOTHING_TO_PAY');
    // returned, the first claim lets go of its items: a new claim of the second programme takes them
    await s.centreB.post(`/subsidy-claims/${two.body.id}/return`).send({ reason: '无可申报件数' });
    await s.centreB.post(`/subsidy-claims/${one.body.id}/return`).send({ reason: '改报乙项目' });
    const three = await file(second, COUNTY_B, '2023-06-01', '2023-06-30');
    expect(three.body).toMatchObject({ items: 1000, amountFen: 40_000 });
    const [{ held }] = await sql<{ held: string }>(
      `SELECT count(*) AS held FROM subsidies.claim_items WHERE county_code = $1 AND held AND date BETWEEN '2023-06-01' AND '2023-06-30'`,
      [COUNTY_B],
    );
    expect(Number(held)).toBe(2);
  });

  it('keeps a claim paying nothing from submission, its lines saying why the reported items were not verified', async () => {
    const id = await programme('零申请', { upstream: 40, downstream: 40 }, { [COUNTY_A]: 10_000_000 });
    await seed(COUNTY_A, '2023-07-01', 'upstream', 1000, 0);
    const zero = await file(id, COUNTY_A, '2023-07-01');
    expect(zero.body).toMatchObject({ status: 'draft', reportedItems: 1000, items: 0, amountFen: 0 });
    expect(zero.body.lines[0]).toMatchObject({
      direction: 'upstream',
      reportedItems: 1000,
      items: 0,
      shortfalls: [{ reason: 'no_courier_waybills', items: 1000 }],
    });
    const refused = await s.centreA.post(`/subsidy-claims/${zero.body.id}/submit`).send({});
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('NOTHING_TO_PAY');
    expect((await s.centreA.get(`/subsidy-claims/${zero.body.id}`)).body.status).toBe('draft');
  });

  it('with verification waybills, the centre’s own waybills verify nothing; a courier’s of that brand do; verification counts takes the counts', async () => {
    const byWaybills = await programme('运单核定', { upstream: 40, downstream: 40 }, { [COUNTY_A]: 10_000_000 }, { verification: 'waybills' });
    await seed(COUNTY_A, '2023-08-01', 'upstream', 500, 0);
    const bills = waybills('M8S', 500, { brand: 'ZTO', date: '2023-08-01', direction: 'upstream', countyCode: COUNTY_A });
    expect((await s.centreA.post('/waybills').send(bills)).body.accepted).toBe(500);
    const own = await file(byWaybills, COUNTY_A, '2023-08-01');
    expect(own.body).toMatchObject({ verification: 'waybills', reportedItems: 500, items: 0 });
    expect(own.body.lines[0].shortfalls).toEqual([{ reason: 'no_courier_waybills', items: 500 }]);
    const selfMatch = await s.city.get(`/data-quality?regionCode=${COUNTY_A}&from=2023-08-01&to=2023-08-01`);
    expect(selfMatch.body.indicators.crossMatchRate).toEqual({ rate: 0, numerator: 0, denominator: 1 });

    await s.centreA.post(`/subsidy-claims/${own.body.id}/return`).send({ reason: '等待快递企业运单' });
    // the same waybills from the courier: the numbers were taken by the centre's upload, so they
    // are reported as province duplicates, and as the courier's they vouch for the counts
    const courierBills = await s.courier.post('/waybills').send(bills);
    expect(courierBills.body).toMatchObject({ accepted: 0, rejected: [] });
    expect(courierBills.body.duplicates).toHaveLength(500);
    expect(courierBills.body.duplicates[0]).toEqual({ index: 0, waybillNo: 'M8S00000000', kind: 'province' });
    const again = await file(byWaybills, COUNTY_A, '2023-08-01');
    expect(again.body).toMatchObject({ items: 500, amountFen: 20_000 });
    expect(again.body.lines[0].shortfalls).toEqual([]);
    const matched = await s.city.get(`/data-quality?regionCode=${COUNTY_A}&from=2023-08-01&to=2023-08-01`);
    expect(matched.body.indicators.crossMatchRate).toEqual({ rate: 1, numerator: 1, denominator: 1 });
    const batches = await sql<{ role: string; org_id: string }>(
      `SELECT b.role, b.org_id FROM subsidies.waybill_batches b
       WHERE b.id IN (SELECT batch_id FROM subsidies.waybills WHERE waybill_no = 'M8S00000000'
                      UNION SELECT batch_id FROM subsidies.waybill_duplicates WHERE waybill_no = 'M8S00000000')
       ORDER BY b.created_at`,
    );
    expect(batches).toEqual([
      { role: 'county_centre', org_id: s.orgIds.a },
      { role: 'courier', org_id: s.orgIds.courier },
    ]);
    // a second courier upload of the numbers vouches for nothing more: each waybill counts once
    expect((await s.courier.post('/waybills').send(bills)).body.duplicates).toHaveLength(500);
    const once = await s.city.get(`/data-quality?regionCode=${COUNTY_A}&from=2023-08-01&to=2023-08-01`);
    expect(once.body.indicators.crossMatchRate).toEqual({ rate: 1, numerator: 1, denominator: 1 });

    const byCounts = await programme('件数核定', { upstream: 40, downstream: 40 }, { [COUNTY_A]: 10_000_000 }, { verification: 'counts' });
    await seed(COUNTY_A, '2023-08-02', 'upstream', 300, 0);
    const counted = await file(byCounts, COUNTY_A, '2023-08-02');
    expect(counted.body).toMatchObject({ verification: 'counts', reportedItems: 300, items: 300, amountFen: 12_000 });
  });

  it('keeps per county-day at intake exactly the courier-vouched waybills (COURIER_WAYBILLS), also when couriers duplicate a centre’s numbers at once', async () => {
    const bills = waybills('MCON', 60, { brand: 'ZTO', date: '2023-10-01', direction: 'upstream', countyCode: COUNTY_A });
    expect((await s.centreA.post('/waybills').send(bills)).body.accepted).toBe(60);
    // the same numbers from the courier, three uploads at once, each placing them on another day
    const days = ['2023-10-01', '2023-10-02', '2023-10-03'];
    const uploads = await Promise.all(days.map((date) => s.courier.post('/waybills').send(bills.map((b) => ({ ...b, date })))));
    for (const u of uploads) expect(u.body.duplicates).toHaveLength(60);
    const kept = await sql<{ county_code: string; date: string; waybills: string }>(
      `SELECT county_code, to_char(date, 'YYYY-MM-DD') AS date, waybills FROM subsidies.county_days WHERE waybills <> 0 ORDER BY 1, 2`,
    );
    const recomputed = await sql<{ county_code: string; date: string; waybills: string }>(
      `SELECT county_code, to_char(date, 'YYYY-MM-DD') AS date, count(*)::text AS waybills FROM ${COURIER_WAYBILLS} w GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    expect(kept).toEqual(recomputed);
    // each number once, on the day of whichever courier duplicate came first
    const october = kept.filter((r) => r.county_code === COUNTY_A && r.date.startsWith('2023-10-'));
    expect(october.reduce((n, r) => n + Number(r.waybills), 0)).toBe(60);
    // and the month is summed from those days
    const [month] = await sql<{ compared: number; days: number }>(
      `SELECT m.compared, (SELECT count(*)::int FROM subsidies.county_days d WHERE d.county_code = m.county_code
                             AND d.date >= m.month AND d.date < m.month + 31 AND (d.counted IS NOT NULL OR d.waybills > 0)) AS days
       FROM subsidies.county_months m WHERE m.county_code = $1 AND m.month = '2023-10-01'`,
      [COUNTY_A],
    );
    expect(month.compared).toBe(month.days);
    expect(month.days).toBeGreaterThanOrEqual(october.length);
  });

  it('refuses a courier’s rows of another brand one by one (BRAND_NOT_OWN) and keeps the rest', async () => {
    const rows = [
      ...waybills('M9E', 2, { brand: 'EMS', date: '2023-09-01', direction: 'upstream', countyCode: COUNTY_A }),
      ...waybills('M9Z', 2, { brand: 'ZTO', date: '2023-09-01', direction: 'upstream', countyCode: COUNTY_A }),
    ];
    const res = await s.courierEms.post('/waybills').send(rows);
    expect(res.status).toBe(201);
    expect(res.body.accepted).toBe(2);
    expect(res.body.rejected).toEqual(
      [2, 3].map((index) => ({ index, errors: [{ field: 'brand', code: 'BRAND_NOT_OWN', message: expect.stringContaining('(EMS)') }] })),
    );
    const stored = await sql<{ waybill_no: string }>(`SELECT waybill_no FROM subsidies.waybills WHERE waybill_no LIKE 'M9%' ORDER BY waybill_no`);
    expect(stored.map((r) => r.waybill_no)).toEqual(['M9E00000000', 'M9E00000001']);
  });

  it('holds programme ceilings to the policy: 2023 at most 50 fen; other years state their basis', async () => {
    const base = { directions: ['upstream'], rates: [{ direction: 'upstream', rateFen: 40 }], budgets: [] };
    const above = await s.admin.post('/subsidy-programmes').send({ ...base, year: 2023, name: '超上限', avgCeilingFen: 80 });
    expect(above.status).toBe(422);
    expect(above.body).toMatchObject({ code: 'CEILING_ABOVE_POLICY', detail: expect.stringContaining('二(二)9') });
    const noBasis = await s.admin.post('/subsidy-programmes').send({ ...base, year: 2024, name: '2024无依据', avgCeilingFen: 50 });
    expect(noBasis.status).toBe(422);
    expect(noBasis.body.code).toBe('CEILING_BASIS_REQUIRED');
    const basis = { document: '晋邮管〔2024〕1号 2024年农村寄递物流补助办法', clause: '第五条' };
    const withBasis = await s.admin.post('/subsidy-programmes').send({ ...base, year: 2024, name: '2024有依据', avgCeilingFen: 60, basis });
    expect(withBasis.status).toBe(201);
    expect(withBasis.body).toMatchObject({ avgCeilingFen: 60, basis, verification: 'waybills' });
    const policy = await s.admin.post('/subsidy-programmes').send({ ...base, year: 2023, name: '政策上限', avgCeilingFen: 50 });
    expect(policy.body.basis).toEqual({ document: expect.stringContaining('晋政办发〔2023〕10号'), clause: '二(二)9' });
  });

  it('exports a reconciliation of approved, paid and unpaid claims per county with vouchers, as JSON, CSV and XLSX', async () => {
    const json = await s.province.get('/subsidy-claims/reconciliation?year=2023');
    expect(json.status).toBe(200);
    const claims = await sql<{ county_code: string; status: string; amount_fen: string; voucher_no: string | null }>(
      `SELECT county_code, status, amount_fen, voucher_no FROM subsidies.claims WHERE year = 2023 AND status IN ('approved', 'paid')`,
    );
    const paid = claims.filter((c) => c.status === 'paid');
    expect(paid.length).toBeGreaterThan(0);
    expect(claims.some((c) => c.status === 'approved')).toBe(true);
    expect(json.body.approvedFen).toBe(claims.reduce((a, c) => a + Number(c.amount_fen), 0));
    expect(json.body.paidFen).toBe(paid.reduce((a, c) => a + Number(c.amount_fen), 0));
    expect(json.body.unpaidFen).toBe(json.body.approvedFen - json.body.paidFen);
    const countyA = json.body.counties.find((c: { countyCode: string }) => c.countyCode === COUNTY_A);
    expect(countyA.countyName).toBe('临猗县');
    expect(countyA.claims.filter((c: { voucherNo: string | null }) => c.voucherNo).map((c: { voucherNo: string }) => c.voucherNo)).toEqual(
      paid.filter((c) => c.county_code === COUNTY_A).map((c) => c.voucher_no),
    );

    const csv = await s.province.get('/subsidy-claims/reconciliation?year=2023&format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text
      .replace(/^\ufeff/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines).toHaveLength(1 + claims.length);
    for (const v of paid) expect(csv.text).toContain(v.voucher_no as string);

    const xlsx = await s.admin
      .get(`/subsidy-claims/reconciliation?year=2023&regionCode=${COUNTY_A}&format=xlsx`)
      .buffer(true)
      .parse((r, done) => {
        const parts: Buffer[] = [];
        r.on('data', (d: Buffer) => parts.push(d));
        r.on('end', () => done(null, Buffer.concat(parts)));
      });
    expect(xlsx.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as ArrayBuffer);
    const totals = book.worksheets[1];
    expect(totals.getRow(2).values).toEqual([undefined, COUNTY_A, '临猗县', countyA.approvedFen, countyA.paidFen, countyA.unpaidFen]);

    expect((await s.centreA.get('/subsidy-claims/reconciliation?year=2023')).status).toBe(403);
    expect((await s.otherCity.get('/subsidy-claims/reconciliation?year=2023&regionCode=1408')).status).toBe(403);
  });
});
