import ExcelJS from 'exceljs';
import { shanghaiToday } from '@app/contracts';
import { TestPlatform } from './support/platform.js';
import { api, binary } from './support/http.js';
import { addDays, Courier, greenReport, KNOWN_CO2E_KG, LAST_YEAR, registerCourier, registerStaff, sql, YEAR_BEFORE } from './support/green.js';

type Client = ReturnType<ReturnType<typeof api>['as']>;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function workbook(body: Buffer): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(body as unknown as ExcelJS.Buffer);
  return book;
}

function rows(sheet: ExcelJS.Worksheet): unknown[][] {
  const out: unknown[][] = [];
  sheet.eachRow((row, n) => n > 1 && out.push((row.values as unknown[]).slice(1)));
  return out;
}

describe('green reports: summary against targets, ranking, late and missing filers, XLSX, factor set versions', () => {
  const platform = new TestPlatform({ apps: ['gateway', 'supervision', 'green'] });
  let admin: Client;
  let staff: Client;
  let sf: Courier;
  let zto: Courier;
  let yunda: Courier;
  let ems: Courier;
  const reports: Record<string, string> = {};

  beforeAll(async () => {
    await platform.start();
    admin = api(platform).as({ token: await platform.adminToken() });
    sf = await registerCourier(platform, admin, '山西顺丰速运有限公司');
    zto = await registerCourier(platform, admin, '山西中通快递有限公司');
    yunda = await registerCourier(platform, admin, '山西韵达快递有限公司');
    ems = await registerCourier(platform, admin, '中国邮政速递物流山西分公司');
    staff = await registerStaff(platform, admin, '14');
  }, 120_000);

  afterAll(() => platform.stop());

  it('lets an administrator move the annual deadline, which couriers can read', async () => {
    const due = addDays(shanghaiToday(), 30);
    const set = await admin.put(`/green-reports/deadlines/${LAST_YEAR}/annual`).send({ dueDate: due });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ year: LAST_YEAR, period: 'annual', dueDate: due, source: 'set' });
    expect((await staff.put(`/green-reports/deadlines/${LAST_YEAR}/annual`).send({ dueDate: due })).status).toBe(403);
    const list = await sf.client.get(`/green-reports/deadlines?year=${LAST_YEAR}`);
    expect(list.body.items).toEqual([
      { year: LAST_YEAR, period: 'annual', dueDate: due, source: 'set' },
      { year: LAST_YEAR, period: 'Q1', dueDate: `${LAST_YEAR}-04-30`, source: 'rule' },
      { year: LAST_YEAR, period: 'Q2', dueDate: `${LAST_YEAR}-07-30`, source: 'rule' },
      { year: LAST_YEAR, period: 'Q3', dueDate: `${LAST_YEAR}-10-30`, source: 'rule' },
      { year: LAST_YEAR, period: 'Q4', dueDate: `${LAST_YEAR + 1}-01-30`, source: 'rule' },
    ]);
  });

  it('hands out the XLSX template and files a report uploaded from it', async () => {
    const template = await yunda.client.get('/green-reports/template').buffer(true).parse(binary);
    expect(template.status).toBe(200);
    expect(template.headers['content-type']).toBe(XLSX);
    expect(template.headers['content-disposition']).toMatch(/green-report-template\.xlsx/);
    const book = await workbook(template.body as Buffer);
    const sheet = book.worksheets[0];
    const values: Record<string, ExcelJS.CellValue> = {
      year: LAST_YEAR,
      period: 'annual',
      regionCode: '14',
      parcels: 2_000_000,
      eWaybills: 1_990_000,
      transitBagsTotal: 30_000,
      recyclableTransitBags: 24_000,
      plasticBagsUsed: 200_000,
      plasticBagsRecovered: 50_000,
      'vehicles.total': 150,
      'vehicles.newEnergy': 30,
      'energy.dieselL': 12_000,
      'energy.gasolineL': 3_000,
      'energy.electricityKWh': 50_000,
      'energy.cngM3': 1_500,
    };
    sheet.eachRow((row, n) => {
      const key = String(row.getCell(1).value);
      if (n > 1 && key in values) row.getCell(3).value = values[key];
    });
    const file = Buffer.from(await book.xlsx.writeBuffer());

    const bad = await yunda.client.post('/green-reports/upload').set('content-type', XLSX).send(Buffer.from('not a workbook'));
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('BAD_WORKBOOK');
    const json = await yunda.client.post('/green-reports/upload').send({ year: LAST_YEAR });
    expect(json.status).toBe(415);

    const uploaded = await yunda.client.post('/green-reports/upload').set('content-type', XLSX).send(file);
    expect(uploaded.status).toBe(201);
    expect(uploaded.body).toMatchObject({
      enterpriseId: yunda.enterprise.id,
      version: 1,
      eWaybillRate: 0.995,
      recyclableBagRate: 0.8,
      newEnergyShare: 0.2,
      co2eKg: KNOWN_CO2E_KG,
      late: false,
    });
    reports.yunda = uploaded.body.id;
  });

  it('summarises the province against the targets, ranks companies and lists the non-filers', async () => {
    // the previous year: SF only, 30 new-energy vehicles of 100
    expect((await sf.client.post('/green-reports').send(greenReport({ year: YEAR_BEFORE }))).status).toBe(201);
    const filedSf = await sf.client.post('/green-reports').send(greenReport({ vehicles: { total: 100, newEnergy: 40 } }));
    const filedZto = await zto.client.post('/green-reports').send(
      greenReport({
        parcels: 500_000,
        eWaybills: 480_000,
        transitBagsTotal: 10_000,
        recyclableTransitBags: 6_000,
        plasticBagsUsed: 100_000,
        plasticBagsRecovered: 10_000,
        vehicles: { total: 50, newEnergy: 5 },
      }),
    );
    expect([filedSf.status, filedZto.status]).toEqual([201, 201]);
    reports.sf = filedSf.body.id;
    reports.zto = filedZto.body.id;
    expect((await staff.post(`/green-reports/${reports.sf}/accept`).send({})).status).toBe(200);

    const res = await staff.get(`/green-reports/summary?year=${LAST_YEAR}`);
    expect(res.status).toBe(200);
    const s = res.body;
    // parcels 1,000,000 + 500,000 + 2,000,000; e-waybills 995,000 + 480,000 + 1,990,000 = 3,465,000 → 0.99
    // transit bags 20,000 + 10,000 + 30,000 = 60,000, recyclable 15,000 + 6,000 + 24,000 = 45,000 → 0.75
    // vehicles 100 + 50 + 150 = 300, new energy 40 + 5 + 30 = 75 → 0.25; the year before 30 / 100 = 0.3
    expect(s).toMatchObject({
      year: LAST_YEAR,
      reportsCounted: 3,
      reportsAccepted: 1,
      reportsReturned: 0,
      totals: {
        parcels: 3_500_000,
        eWaybills: 3_465_000,
        transitBagsTotal: 60_000,
        recyclableTransitBags: 45_000,
        plasticBagsUsed: 600_000,
        plasticBagsRecovered: 120_000,
        vehiclesTotal: 300,
        vehiclesNewEnergy: 75,
        co2eKg: 205501.863,
      },
      eWaybillRate: 0.99,
      recyclableBagRate: 0.75,
      newEnergyShare: 0.25,
      previousNewEnergyShare: 0.3,
    });
    expect(s.targets).toEqual([
      expect.objectContaining({
        key: 'e_waybill_rate',
        op: '>=',
        target: 0.99,
        value: 0.99,
        met: true,
        source: expect.stringMatching(/电子运单使用率达到99%/),
      }),
      expect.objectContaining({ key: 'new_energy_share', op: 'rising', target: 0.3, value: 0.25, met: false }),
      expect.objectContaining({ key: 'recyclable_transit_bag_rate', op: '>=', target: 0.7, value: 0.75, met: true }),
    ]);
    // SF meets all three (0.995, 0.75, 0.4 > 0.3); Yunda two (no previous year to compare); ZTO none
    expect(s.ranking.map((r: { rank: number; enterpriseName: string; targetsMet: number }) => [r.rank, r.enterpriseName, r.targetsMet])).toEqual([
      [1, '山西顺丰速运有限公司', 3],
      [2, '山西韵达快递有限公司', 2],
      [3, '山西中通快递有限公司', 0],
    ]);
    expect(s.ranking[0]).toMatchObject({ score: 0.715, newEnergyShare: 0.4, previousNewEnergyShare: 0.3, co2eKgPerThousandParcels: 68.501 });
    expect(s.filing).toMatchObject({ expected: 4, filed: 3, onTime: 3, overdue: false, lateFilers: [] });
    expect(s.filing.missingFilers).toEqual([expect.objectContaining({ enterpriseId: ems.enterprise.id, enterpriseName: '中国邮政速递物流山西分公司' })]);

    expect((await sf.client.get(`/green-reports/summary?year=${LAST_YEAR}`)).status).toBe(403);
  });

  it('counts filings as late once the due date is moved before the day they were filed', async () => {
    await admin.put(`/green-reports/deadlines/${LAST_YEAR}/annual`).send({ dueDate: addDays(shanghaiToday(), -1) });
    const s = (await staff.get(`/green-reports/summary?year=${LAST_YEAR}`)).body;
    expect(s.filing).toMatchObject({ overdue: true, onTime: 0 });
    expect(s.filing.lateFilers.map((l: { enterpriseId: string; daysLate: number }) => [l.enterpriseId, l.daysLate]).sort()).toEqual(
      [
        [sf.enterprise.id, 1],
        [zto.enterprise.id, 1],
        [yunda.enterprise.id, 1],
      ].sort(),
    );
    expect(s.ranking.every((r: { late: boolean }) => r.late)).toBe(true);
    const audit = await sql<{ action: string }>(platform, `SELECT action FROM green.audit_log WHERE object_type = 'green-deadline'`);
    expect(audit).toHaveLength(2);
  });

  it('exports the summary as a workbook with the ranking and the missing filers', async () => {
    const res = await staff.get(`/green-reports/summary/export?year=${LAST_YEAR}`).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX);
    const book = await workbook(res.body as Buffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['汇总 Summary', '排名 Ranking', '逾期 Late', '未报 Missing']);
    const ranking = rows(book.getWorksheet('排名 Ranking') as ExcelJS.Worksheet);
    expect(ranking.map((r) => [r[0], r[1], r[2]])).toEqual([
      [1, '山西顺丰速运有限公司', 3],
      [2, '山西韵达快递有限公司', 2],
      [3, '山西中通快递有限公司', 0],
    ]);
    expect(rows(book.getWorksheet('未报 Missing') as ExcelJS.Worksheet).map((r) => r[0])).toEqual(['中国邮政速递物流山西分公司']);
    expect(rows(book.getWorksheet('逾期 Late') as ExcelJS.Worksheet)).toHaveLength(3);
    const overview = rows(book.getWorksheet('汇总 Summary') as ExcelJS.Worksheet);
    expect(overview).toContainEqual(expect.arrayContaining(['e_waybill_rate 电子运单使用率', 0.99, 0.99, 'yes 是']));
  });

  it('computes new versions with a newer factor set while older reports keep theirs', async () => {
    // a factor set version 2 as a migration would add it: the 2023 national grid factor, 0.5306 kg/kWh
    await sql(
      platform,
      `WITH s AS (
         INSERT INTO green.factor_sets (name, version, effective_from, gases, description)
         VALUES ('cn-express-energy-co2', 2, $1, 'CO2', '2023 national average electricity factor')
         RETURNING id)
       INSERT INTO green.emission_factors (factor_set_id, carrier, unit, kg_co2e_per_unit, derivation, source)
       SELECT s.id, f.carrier, f.unit, CASE WHEN f.carrier = 'electricity' THEN 0.5306 ELSE f.kg_co2e_per_unit END, f.derivation, f.source
       FROM s, green.emission_factors f JOIN green.factor_sets o ON o.id = f.factor_set_id AND o.version = 1`,
      [shanghaiToday()],
    );
    const sets = await zto.client.get('/green-reports/factor-sets');
    expect(sets.body.items.map((x: { version: number; current: boolean }) => [x.version, x.current])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect(sets.body.items[1].factors.find((f: { carrier: string }) => f.carrier === 'diesel')).toMatchObject({
      kgCo2ePerUnit: 2.654831088,
      source: expect.stringMatching(/IPCC/),
    });

    const next = await zto.client.post('/green-reports').send(
      greenReport({
        parcels: 500_000,
        eWaybills: 480_000,
        transitBagsTotal: 10_000,
        recyclableTransitBags: 6_000,
        plasticBagsUsed: 100_000,
        plasticBagsRecovered: 10_000,
        vehicles: { total: 50, newEnergy: 5 },
      }),
    );
    expect(next.status).toBe(201);
    // 50,000 kWh × (0.5366 − 0.5306) = 300 kg less
    expect(next.body).toMatchObject({ version: 2, co2eKg: 68200.621, factorSet: { name: 'cn-express-energy-co2', version: 2 } });
    expect(next.body.versions[0]).toMatchObject({ co2eKg: KNOWN_CO2E_KG, factorSet: { version: 1 } });
    const old = await sf.client.get(`/green-reports/${reports.sf}`);
    expect(old.body).toMatchObject({ co2eKg: KNOWN_CO2E_KG, factorSet: { version: 1 } });
  });
});
