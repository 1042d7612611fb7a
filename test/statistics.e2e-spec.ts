import ExcelJS from 'exceljs';
import { TestPlatform } from './support/platform.js';
import { api } from './support/http.js';

type Client = ReturnType<ReturnType<typeof api>['as']>;
interface Indicator {
  key: string;
  value: number | null;
  source: string;
  sourceKind: 'statistics' | 'events' | 'none';
  progress: number | null;
  met: boolean | null;
  target: { key: string; value: number; quote: string } | null;
}
const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Official statistics entered, corrected and uploaded by staff, and the overview using them. */
describe('official statistics (官方统计) and the overview', () => {
  const platform = new TestPlatform({ apps: ['supervision', 'gateway'] });
  let admin: Client;
  let cityStaff: Client;

  const overview = async (year: number, region = '14'): Promise<Map<string, Indicator>> => {
    const res = await admin.get(`/supervision/overview?year=${year}&regionCode=${region}`);
    expect(res.status).toBe(200);
    return new Map((res.body.indicators as Indicator[]).map((i) => [i.key, i]));
  };

  beforeAll(async () => {
    await platform.start();
    admin = api(platform).as({ token: await platform.adminToken() });
    const org = await admin.post('/organisations').send({ name: '太原市邮政管理局', kind: 'postal_admin', regionCode: '1401' });
    await admin.post('/users').send({ username: 'ty.stats', password: 'a-long-password-1', role: 'staff', orgId: org.body.id });
    cityStaff = api(platform).as({ token: await platform.login('ty.stats', 'a-long-password-1') });
  }, 120_000);

  afterAll(() => platform.stop());

  it('shows entered express volume and revenue in the overview with source statistics and the targets’ progress; a correction is version 2', async () => {
    const before = await overview(2024);
    expect(before.get('express_revenue')).toMatchObject({ value: null, sourceKind: 'none' });

    const volume = await admin
      .post('/statistics')
      .send({ metric: 'express_volume', regionCode: '14', month: '2024-05', value: 98_000_000, source: '山西省邮政管理局2024年5月邮政行业运行情况' });
    expect(volume.status).toBe(201);
    expect(volume.body.items).toEqual([
      expect.objectContaining({
        metric: 'express_volume',
        nameZh: '快递业务量',
        month: '2024-05',
        value: 98_000_000,
        unit: 'items',
        version: 1,
        reason: null,
        current: true,
      }),
    ]);
    expect(
      (await admin.post('/statistics').send({ metric: 'express_volume', regionCode: '14', month: '2024-04', value: 92_000_000, source: '山西省邮政管理局' }))
        .status,
    ).toBe(201);
    // 11.3 亿元 in fen
    expect(
      (
        await admin
          .post('/statistics')
          .send({ metric: 'express_revenue', regionCode: '14', month: '2024-05', value: 113_000_000_000, source: '山西省邮政管理局' })
      ).status,
    ).toBe(201);

    const shown = await overview(2024);
    expect(shown.get('express_volume')).toMatchObject({
      value: 190_000_000,
      sourceKind: 'statistics',
      target: { value: 1_100_000_000, quote: '快递业务量突破11亿件' },
      met: false,
    });
    expect(shown.get('express_volume')?.source).toMatch(/^statistics: .*2024-04…2024-05/);
    expect(shown.get('express_volume')?.progress).toBeCloseTo(190 / 1100, 3);
    expect(shown.get('express_revenue')).toMatchObject({
      value: 113_000_000_000,
      unit: 'fen',
      sourceKind: 'statistics',
      target: { value: 1_130_000_000_000 },
      progress: 0.1,
    });
    // other regions and years are untouched
    expect((await overview(2024, '1401')).get('express_volume')?.sourceKind).not.toBe('statistics');

    // a correction without a reason is refused; with one it is version 2, and version 1 is kept
    const noReason = await admin.post('/statistics').send({ metric: 'express_volume', regionCode: '14', month: '2024-05', value: 99_000_000, source: '年报' });
    expect(noReason.status).toBe(422);
    expect(JSON.stringify(noReason.body)).toContain('更正原因');
    const corrected = await admin
      .post('/statistics')
      .send({ metric: 'express_volume', regionCode: '14', month: '2024-05', value: 99_000_000, source: '年报', reason: '快报数更正为年报数' });
    expect(corrected.status).toBe(201);
    expect(corrected.body.items[0]).toMatchObject({ version: 2, value: 99_000_000, reason: '快报数更正为年报数' });
    expect((await overview(2024)).get('express_volume')).toMatchObject({ value: 191_000_000, sourceKind: 'statistics' });
    expect((await overview(2024)).get('express_volume')?.source).toContain('version ≤ 2');

    const listed = await admin.get('/statistics?regionCode=14&from=2024-05&to=2024-05&metric=express_volume');
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((i: { version: number; value: number; current: boolean }) => [i.version, i.value, i.current])).toEqual([
      [1, 98_000_000, false],
      [2, 99_000_000, true],
    ]);
  });

  it('takes an XLSX upload of the Chinese template (money in yuan) and computes online retail growth from it', async () => {
    const template = await admin
      .get('/statistics/template')
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(template.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(template.body as unknown as ExcelJS.Buffer);
    const sheet = book.worksheets[0];
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(['指标代码', '指标名称', '区划代码', '统计月份', '数值', '单位', '数据来源', '更正原因']);
    const rowOf = (code: string) => sheet.getRows(2, sheet.rowCount - 1)?.find((r) => r.getCell(1).value === code);
    const retail = rowOf('online_retail_sales');
    expect(retail?.getCell(6).value).toBe('元');
    retail!.getCell(3).value = '14';
    retail!.getCell(4).value = '2023-05';
    retail!.getCell(5).value = 8_000_000_000;
    retail!.getCell(7).value = '山西省商务厅';
    sheet.addRow(['online_retail_sales', '网上零售额', '14', '2024年5月', '9200000000.50', '元', '山西省商务厅', '']);
    sheet.addRow(['', '乡村e镇', '14', '2024-05', 64, '个', '山西省商务厅', '']);
    const body = Buffer.from(await book.xlsx.writeBuffer());
    const uploaded = await admin.post('/statistics/upload').set('content-type', XLSX_MIME).send(body);
    expect(uploaded.status).toBe(201);
    expect(uploaded.body.items).toHaveLength(3);
    expect(uploaded.body.items.find((i: { month: string; metric: string }) => i.metric === 'online_retail_sales' && i.month === '2024-05')).toMatchObject({
      value: 920_000_000_050,
      unit: 'fen',
    });

    const shown = await overview(2024);
    expect(shown.get('online_retail_growth')).toMatchObject({ sourceKind: 'statistics', target: { value: 0.15 }, met: true });
    expect(shown.get('online_retail_growth')?.value).toBeCloseTo(0.15, 4);
    expect(shown.get('rural_e_towns')).toMatchObject({ value: 64, sourceKind: 'statistics' });

    const bad = await admin
      .post('/statistics/upload')
      .set('content-type', XLSX_MIME)
      .send(await sheetWith([['nope', '', '14', '2024-05', 1, '', '来源', '']]));
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.body)).toContain('row 2');
  });

  it('lets city staff enter their own city’s figures only', async () => {
    const own = await cityStaff
      .post('/statistics')
      .send({ metric: 'express_volume', regionCode: '1401', month: '2024-05', value: 30_000_000, source: '太原市邮政管理局' });
    expect(own.status).toBe(201);
    const province = await cityStaff
      .post('/statistics')
      .send({ metric: 'express_volume', regionCode: '14', month: '2024-06', value: 1, source: '太原市邮政管理局' });
    expect(province.status).toBe(403);
    expect((await overview(2024, '1401')).get('express_volume')).toMatchObject({ value: 30_000_000, sourceKind: 'statistics' });
  });
});

async function sheetWith(rows: unknown[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('官方统计');
  sheet.addRow(['指标代码', '指标名称', '区划代码', '统计月份', '数值', '单位', '数据来源', '更正原因']);
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await book.xlsx.writeBuffer());
}
