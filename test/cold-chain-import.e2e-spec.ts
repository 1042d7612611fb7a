import ExcelJS from 'exceljs';
import { Role, Subjects } from '@app/contracts';
import { ServiceRequester } from '@app/messaging';
import { TestPlatform } from './support/platform.js';
import { api } from './support/http.js';
import { facilityInput, PLACES, streamEvents } from './support/cold-chain.js';
import { parseCsv, XLSX_MIME } from '../apps/gateway/src/tabular/tabular.js';
import { readXlsx } from '../apps/gateway/src/tabular/xlsx.js';

type Client = ReturnType<ReturnType<typeof api>['as']>;

const HEADER = [
  'code',
  'kind',
  'name',
  'operator',
  'region_code',
  'lat',
  'lng',
  'capacity_tonnes',
  'frozen_min_c',
  'frozen_max_c',
  'frozen_tonnes',
  'chilled_min_c',
  'chilled_max_c',
  'chilled_tonnes',
  'ca_min_c',
  'ca_max_c',
  'ca_tonnes',
  'ca_o2_pct',
  'ca_co2_pct',
  'commodities',
  'status',
  'status_date',
  'designation_level',
  'designated_at',
  'parent_code',
];

/** A CSV row from named cells (the rest empty). */
function row(cells: Record<string, string | number>): string {
  return HEADER.map((h) => {
    const v = cells[h];
    if (v === undefined) return '';
    const text = String(v);
    return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  }).join(',');
}

const linyi = { region_code: '140821', lat: 35.14, lng: 110.77 };
const chilled = { chilled_min_c: 0, chilled_max_c: 4 };

describe('cold-chain bulk import (CSV/XLSX) with per-row errors, and export', () => {
  const platform = new TestPlatform({ apps: ['cold-chain', 'gateway'] });
  let admin: Client;
  let staff: Client;
  let backboneId = '';

  beforeAll(async () => {
    await platform.start();
    admin = api(platform).as({ token: await platform.adminToken() });
    const org = await admin.post('/organisations').send({ name: '运城市邮政管理局', kind: 'postal_admin', regionCode: '1408' });
    await admin.post('/users').send({ username: 'yc.staff', password: 'a-long-password-1', role: 'staff', orgId: org.body.id });
    staff = api(platform).as({ token: await platform.login('yc.staff', 'a-long-password-1') });
    const backbone = await admin.post('/cold-chain/facilities').send(
      facilityInput({
        kind: 'national_backbone_base',
        code: 'JZ-BB-01',
        name: '晋中国家骨干冷链物流基地',
        ...PLACES.yuci,
        capacityTonnes: 300000,
        temperatureZones: [{ zone: 'frozen', minC: -25, maxC: -18, capacityTonnes: 100000 }],
        commodities: ['meat'],
        designationLevel: 'national',
        designatedAt: '2020-12-01',
      }),
    );
    backboneId = backbone.body.id;
  }, 120_000);

  afterAll(() => platform.stop());

  it('stores the good rows of a CSV and reports the bad ones by row number and column', async () => {
    const csv = [
      HEADER.join(','),
      row({
        code: 'LY-C1',
        kind: 'origin_consolidation_centre',
        name: '临猗产地集配中心',
        operator: '临猗果业公司',
        ...linyi,
        capacity_tonnes: 20000,
        ...chilled,
        chilled_tonnes: 15000,
        commodities: 'fruit;vegetables',
        status: 'operating',
        status_date: '2024-05-01',
        parent_code: 'JZ-BB-01',
      }),
      row({
        kind: 'origin_cold_storage',
        name: '猗氏镇冷库',
        operator: '合作社一',
        region_code: '140821100',
        lat: 35.15,
        lng: 110.78,
        capacity_tonnes: 800,
        ...chilled,
        chilled_tonnes: 800,
        commodities: 'fruit',
        status: 'operating',
        status_date: '2024-06-01',
        parent_code: 'LY-C1',
      }),
      row({
        kind: 'origin_cold_storage',
        name: '嵋阳镇冷库',
        operator: '合作社二',
        ...linyi,
        capacity_tonnes: 500,
        ...chilled,
        chilled_tonnes: 500,
        commodities: 'fruit、vegetables',
        status: 'building',
        status_date: '2024-07-01',
        parent_code: 'LY-C9',
      }),
      row({
        code: 'BAD-1',
        kind: 'origin_consolidation_centre',
        name: '温度错误中心',
        operator: '某公司',
        ...linyi,
        capacity_tonnes: 1000,
        frozen_min_c: -20,
        frozen_max_c: -5,
        frozen_tonnes: 500,
        commodities: 'meat',
        status: 'operating',
      }),
      row({
        code: 'LY-C9',
        kind: 'origin_consolidation_centre',
        name: '临晋镇集配中心',
        operator: '临晋公司',
        ...linyi,
        capacity_tonnes: 6000,
        ...chilled,
        chilled_tonnes: 6000,
        commodities: 'fruit',
        status: 'operating',
        status_date: '2025-01-15',
        parent_code: 'JZ-BB-01',
      }),
      row({
        kind: 'origin_cold_storage',
        name: '坐标错误冷库',
        operator: '某社',
        region_code: '140821',
        lat: 'abc',
        lng: 110.7,
        capacity_tonnes: 100,
        ...chilled,
        chilled_tonnes: 100,
        commodities: 'fruit;coal',
        status: 'operating',
      }),
      ',,,,,,,,,,,,,,,,,,,,,,,,',
      row({
        kind: 'origin_cold_storage',
        name: '无上级冷库',
        operator: '某社',
        ...linyi,
        capacity_tonnes: 100,
        ...chilled,
        chilled_tonnes: 100,
        commodities: 'fruit',
        status: 'operating',
        parent_code: 'NOPE',
      }),
      row({
        code: 'LY-C1',
        kind: 'origin_cold_storage',
        name: '重复编号冷库',
        operator: '某社',
        ...linyi,
        capacity_tonnes: 100,
        ...chilled,
        chilled_tonnes: 100,
        commodities: 'fruit',
        status: 'operating',
      }),
      row({
        kind: 'origin_cold_storage',
        name: '上级被拒冷库',
        operator: '某社',
        ...linyi,
        capacity_tonnes: 100,
        ...chilled,
        chilled_tonnes: 100,
        commodities: 'fruit',
        status: 'operating',
        parent_code: 'BAD-1',
      }),
      row({
        kind: 'origin_cold_storage',
        name: '北京冷库',
        operator: '某社',
        region_code: '110101',
        lat: 39.9,
        lng: 116.4,
        capacity_tonnes: 100,
        ...chilled,
        chilled_tonnes: 100,
        commodities: 'fruit',
        status: 'operating',
      }),
      row({
        kind: 'provincial_base',
        name: '运城省级冷链基地',
        operator: '运城冷链公司',
        region_code: '140802',
        lat: 35.03,
        lng: 111.0,
        capacity_tonnes: 40000,
        ca_min_c: -1,
        ca_max_c: 1,
        ca_tonnes: 10000,
        ca_o2_pct: 2,
        ca_co2_pct: 3,
        ...chilled,
        chilled_tonnes: 20000,
        commodities: 'fruit;dried_fruit',
        status: 'planned',
        status_date: '2024-03-01',
        designation_level: 'provincial',
        designated_at: '2024-02-20',
        parent_code: 'JZ-BB-01',
      }),
      row({
        kind: 'origin_cold_storage',
        name: '猗氏镇冷库',
        operator: '合作社一',
        region_code: '140821100',
        lat: 35.15,
        lng: 110.78,
        capacity_tonnes: 800,
        ...chilled,
        chilled_tonnes: 800,
        commodities: 'fruit',
        status: 'operating',
      }),
    ].join('\r\n');

    const res = await admin.post('/cold-chain/facilities/import').set('content-type', 'text/csv').send(csv);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ rows: 12, accepted: 5 });
    expect(res.body.created.map((c: { row: number }) => c.row)).toEqual([2, 3, 4, 6, 13]);
    const errors = Object.fromEntries(res.body.rejected.map((r: { row: number; errors: Array<{ field: string; message: string }> }) => [r.row, r.errors]));
    expect(Object.keys(errors).map(Number)).toEqual([5, 7, 9, 10, 11, 12, 14]);
    expect(errors[5]).toEqual([{ field: 'frozen_max_c', message: expect.stringMatching(/at most -18 °C; maxC -5 °C is warmer/) }]);
    expect(errors[7]).toEqual(expect.arrayContaining([{ field: 'lat', message: '"abc" is not a number' }, expect.objectContaining({ field: 'commodities' })]));
    expect(errors[9]).toEqual([{ field: 'parent_code', message: 'no registered facility and no row of this sheet has code NOPE' }]);
    expect(errors[10]).toEqual([{ field: 'code', message: 'code LY-C1 is also on row 2' }]);
    expect(errors[11]).toEqual([{ field: 'parent_code', message: 'the parent on row 5 was rejected' }]);
    expect(errors[12]).toEqual([expect.objectContaining({ field: 'region_code' })]);
    expect(errors[14]).toEqual([{ field: 'name', message: 'same kind, region and name as row 3' }]);

    const created = Object.fromEntries(res.body.created.map((c: { row: number; id: string; code: string }) => [c.row, c]));
    expect(created[2].code).toBe('LY-C1');
    expect(created[3].code).toMatch(/^CCF\d{6}$/);
    const storage = await admin.get(`/cold-chain/facilities/${created[3].id}`);
    expect(storage.body).toMatchObject({
      kind: 'origin_cold_storage',
      regionCode: '140821100',
      parentId: created[2].id,
      status: 'operating',
      statusSince: '2024-06-01',
    });
    expect(storage.body.ancestors.map((a: { id: string }) => a.id)).toEqual([backboneId, created[2].id]);
    expect((await admin.get(`/cold-chain/facilities/${created[4].id}`)).body).toMatchObject({
      parentId: created[6].id,
      commodities: ['fruit', 'vegetables'],
      status: 'building',
    });
    const base = await admin.get(`/cold-chain/facilities/${created[13].id}`);
    expect(base.body).toMatchObject({
      designationLevel: 'provincial',
      designatedAt: '2024-02-20',
      statusHistory: [expect.objectContaining({ to: 'planned', date: '2024-03-01' })],
    });
    expect(base.body.temperatureZones).toEqual([
      { zone: 'chilled', minC: 0, maxC: 4, capacityTonnes: 20000, oxygenPct: null, carbonDioxidePct: null },
      { zone: 'controlled_atmosphere', minC: -1, maxC: 1, capacityTonnes: 10000, oxygenPct: 2, carbonDioxidePct: 3 },
    ]);

    const audit = await admin.get(`/audit?service=cold-chain&objectId=${created[2].id}`);
    expect(audit.body.items).toEqual([
      expect.objectContaining({ action: 'facility.imported', objectType: 'facility', after: expect.objectContaining({ code: 'LY-C1' }) }),
    ]);
    const importedIds = new Set(res.body.created.map((c: { id: string }) => c.id));
    const events = await streamEvents(
      platform,
      'cold-chain.facility.registered',
      (list) => list.filter((e) => importedIds.has((e.data as { facilityId: string }).facilityId)).length === 5,
    );
    expect(events.filter((e) => importedIds.has((e.data as { facilityId: string }).facilityId))).toHaveLength(5);
  });

  it('imports XLSX too, refusing rows outside the staff member’s region', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('facilities');
    sheet.addRow([
      'kind',
      'name',
      'operator',
      'region_code',
      'lat',
      'lng',
      'capacity_tonnes',
      'chilled_min_c',
      'chilled_max_c',
      'chilled_tonnes',
      'commodities',
      'status',
      'status_date',
    ]);
    sheet.addRow([
      'origin_cold_storage',
      '万荣县苹果冷库',
      '万荣果业',
      '140822',
      35.42,
      110.84,
      1500,
      0,
      5,
      1500,
      'fruit',
      'operating',
      new Date(Date.UTC(2024, 8, 1)),
    ]);
    sheet.addRow([
      'origin_cold_storage',
      '清徐县蔬菜冷库',
      '清徐合作社',
      '140121',
      37.61,
      112.36,
      900,
      0,
      5,
      900,
      'vegetables',
      'operating',
      new Date(Date.UTC(2024, 8, 1)),
    ]);
    const body = Buffer.from(await workbook.xlsx.writeBuffer());
    const res = await staff.post('/cold-chain/facilities/import').set('content-type', XLSX_MIME).set('Idempotency-Key', 'xlsx-batch-1').send(body);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      rows: 2,
      accepted: 1,
      rejected: [{ row: 3, errors: [{ field: 'region_code', message: 'region 140121 is outside your region scope 1408' }] }],
    });
    const replay = await staff.post('/cold-chain/facilities/import').set('content-type', XLSX_MIME).set('Idempotency-Key', 'xlsx-batch-1').send(body);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(res.body);

    // a retry that reaches the service again (the gateway died before keeping the answer) gets the first result
    const nc = await platform.natsConnection('gateway');
    try {
      const bus = new ServiceRequester(nc, 5000);
      const principal = { sub: 'import-user', role: Role.Admin, orgId: null, regionCode: '14' };
      const sheet = {
        columns: [
          'kind',
          'name',
          'operator',
          'region_code',
          'lat',
          'lng',
          'capacity_tonnes',
          'chilled_min_c',
          'chilled_max_c',
          'chilled_tonnes',
          'commodities',
          'status',
        ],
        rows: [
          { row: 2, cells: ['origin_cold_storage', '闻喜县冷库', '闻喜合作社', '140823', '35.35', '111.22', '300', '0', '5', '300', 'fruit', 'operating'] },
        ],
      };
      const first = await bus.request(Subjects.coldChain.facilitiesImport, sheet, { principal, correlationId: 'import-1', idempotencyKey: 'svc-import-1' });
      const second = await bus.request(Subjects.coldChain.facilitiesImport, sheet, { principal, correlationId: 'import-2', idempotencyKey: 'svc-import-1' });
      expect(first.accepted).toBe(1);
      expect(second).toEqual(first);
      expect((await admin.get(`/cold-chain/facilities?q=${encodeURIComponent('闻喜县冷库')}`)).body.items).toHaveLength(1);
    } finally {
      await nc.close();
    }
    const stored = await staff.get(`/cold-chain/facilities/${res.body.created[0].id}`);
    expect(stored.body).toMatchObject({ name: '万荣县苹果冷库', statusSince: '2024-09-01', countyName: '万荣县', capacityTonnes: 1500 });
  });

  it('refuses a sheet it cannot read as a whole', async () => {
    const unknown = await admin
      .post('/cold-chain/facilities/import')
      .set('content-type', 'text/csv')
      .send('kind,name,capcity_tonnes\norigin_cold_storage,x,1\n');
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('BAD_SHEET');
    expect(unknown.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'capcity_tonnes', message: expect.stringMatching(/^unknown column/) },
        { field: 'capacity_tonnes', message: 'required column is missing' },
      ]),
    );
    expect((await admin.post('/cold-chain/facilities/import').set('content-type', 'application/json').send({ rows: [] })).status).toBe(415);
    expect((await admin.post('/cold-chain/facilities/import').set('content-type', XLSX_MIME).send(Buffer.from('not a workbook'))).body.code).toBe('BAD_SHEET');
    const auditorOrg = await admin.post('/organisations').send({ name: '审计', kind: 'postal_admin', regionCode: '14' });
    await admin.post('/users').send({ username: 'auditor', password: 'a-long-password-9', role: 'auditor', orgId: auditorOrg.body.id });
    const auditor = api(platform).as({ token: await platform.login('auditor', 'a-long-password-9') });
    expect(
      (
        await auditor
          .post('/cold-chain/facilities/import')
          .set('content-type', 'text/csv')
          .send(`${HEADER.join(',')}\n`)
      ).status,
    ).toBe(403);
  });

  it('takes 2,000 rows in one file and refuses more', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) =>
      row({
        kind: 'origin_cold_storage',
        name: `批量冷库${i}`,
        operator: '批量合作社',
        region_code: '140823',
        lat: 35.35,
        lng: 111.22,
        capacity_tonnes: 250,
        ...chilled,
        chilled_tonnes: 250,
        commodities: 'fruit',
        status: 'operating',
        status_date: '2025-04-01',
      }),
    );
    const res = await admin
      .post('/cold-chain/facilities/import')
      .set('content-type', 'text/csv')
      .send([HEADER.join(','), ...rows].join('\n'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ rows: 2000, accepted: 2000, rejected: [] });
    const y2025 = await admin.get('/cold-chain/progress?year=2025');
    const storage = y2025.body.targets.find((t: { key: string }) => t.key === 'origin_cold_storage_facilities');
    expect(storage.currentValue).toBe(2000 + 2);
    expect(storage.met).toBe(true);

    const tooMany = await admin
      .post('/cold-chain/facilities/import')
      .set('content-type', 'text/csv')
      .send([HEADER.join(','), ...rows, rows[0]].join('\n'));
    expect(tooMany.status).toBe(413);
    expect(tooMany.body.code).toBe('TOO_MANY_ROWS');
  });

  it('exports the registry as CSV and XLSX in the import’s columns, with filters', async () => {
    const headers = { authorization: `Bearer ${await platform.adminToken()}` };
    const csvRes = await fetch(`${platform.url}/api/v1/cold-chain/facilities/export?format=csv&regionCode=140821`, { headers });
    expect(csvRes.status).toBe(200);
    expect(csvRes.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csvRes.headers.get('content-disposition')).toMatch(/attachment; filename="cold-chain-facilities-\d{4}-\d{2}-\d{2}\.csv"/);
    const csv = await parseCsv(await csvRes.text());
    expect(csv.columns.slice(0, 5)).toEqual(['id', 'county_name', 'city_name', 'code', 'kind']);
    expect(csv.rows).toHaveLength(4);
    const cell = (r: { cells: string[] }, column: string) => r.cells[csv.columns.indexOf(column)];
    const centre = csv.rows.find((r) => cell(r, 'code') === 'LY-C1') as { cells: string[] };
    expect([
      cell(centre, 'county_name'),
      cell(centre, 'parent_code'),
      cell(centre, 'chilled_max_c'),
      cell(centre, 'commodities'),
      cell(centre, 'frozen_min_c'),
    ]).toEqual(['临猗县', 'JZ-BB-01', '4', 'fruit;vegetables', '']);
    const children = csv.rows.filter((r) => cell(r, 'parent_code') === 'LY-C1');
    expect(children.map((r) => cell(r, 'name'))).toEqual(['猗氏镇冷库']);

    const xlsxRes = await fetch(`${platform.url}/api/v1/cold-chain/facilities/export?format=xlsx&kind=origin_cold_storage`, { headers });
    expect(xlsxRes.headers.get('content-type')).toBe(XLSX_MIME);
    const xlsx = await readXlsx(Buffer.from(await xlsxRes.arrayBuffer()));
    expect(xlsx.columns).toEqual(csv.columns);
    expect(xlsx.rows).toHaveLength(2000 + 4);

    const reimport = await admin
      .post('/cold-chain/facilities/import')
      .set('content-type', 'text/csv')
      .send(await (await fetch(`${platform.url}/api/v1/cold-chain/facilities/export?regionCode=140821`, { headers })).text());
    expect(reimport.body).toMatchObject({ rows: 4, accepted: 0 });
    expect(reimport.body.rejected.flatMap((r: { errors: Array<{ field: string }> }) => r.errors.map((e) => e.field))).toContain('name');
  });
});
