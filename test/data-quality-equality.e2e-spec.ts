import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { PDFParse } from 'pdf-parse';
import { addDays, shanghaiToday } from '@app/contracts';
import { isOnTime, rate } from '@app/quality';
import { TestPlatform } from './support/platform.js';
import { api, binary } from './support/http.js';
import { COUNTY_A, COUNTY_B, subsidyActors, SubsidyActors, waybills } from './support/subsidies.js';
import { eventually } from './support/events.js';

const daysAgo = (n: number) => shanghaiToday(new Date(Date.now() - n * 86_400_000));

/**
 * One definition of data quality (libs/quality): for the same counts and waybills, the
 * subsidies service's GET /data-quality and the supervision overview (built from events)
 * give the same upload (submission), access-normal (validity), on-time, duplicate and two-way
 * cross-match rates. The overview counts the year up to yesterday: subsidies is asked for that period.
 */
describe('data quality: subsidies and supervision agree (one definition)', () => {
  const platform = new TestPlatform({ apps: ['supervision', 'subsidies', 'gateway'] });
  let s: SubsidyActors;
  beforeAll(async () => {
    await platform.start();
    s = await subsidyActors(platform);
  }, 300_000);
  afterAll(() => platform.stop());

  it('gives the same rates for the same data, counting a side with nothing against it as a mismatch', async () => {
    const today = shanghaiToday();
    const year = Number(today.slice(0, 4));
    const [d0, d1, d2] = [daysAgo(5), daysAgo(1), daysAgo(2)];
    const sentAt = new Date();
    // county A: d1 counts 100 against 100 courier waybills (match); d0 counts 20, no waybills
    // (mismatch); d2 30 courier waybills, no counts (mismatch). County B: d1 counts 50, no waybills
    expect(
      (
        await s.centreA.post('/parcel-counts').send({
          reports: [
            { date: d1, brand: 'ZTO', direction: 'upstream', items: 100 },
            { date: d0, brand: 'ZTO', direction: 'upstream', items: 20 },
          ],
        })
      ).status,
    ).toBe(201);
    expect((await s.centreB.post('/parcel-counts').send({ reports: [{ date: d1, brand: 'ZTO', direction: 'upstream', items: 50 }] })).status).toBe(201);
    const batch = waybills('XEQA', 100, { brand: 'ZTO', date: d1, direction: 'upstream', countyCode: COUNTY_A });
    expect((await s.courier.post('/waybills').send(batch)).body.accepted).toBe(100);
    expect(
      (await s.courier.post('/waybills').send(waybills('XEQB', 30, { brand: 'ZTO', date: d2, direction: 'upstream', countyCode: COUNTY_A }))).body.accepted,
    ).toBe(30);
    // 10 numbers uploaded again: duplicates
    expect((await s.courier.post('/waybills').send(batch.slice(0, 10))).body.duplicates).toHaveLength(10);

    const onTime = [isOnTime(d1, sentAt), isOnTime(d0, sentAt), isOnTime(d1, sentAt)].filter(Boolean).length;
    const expected = { onTime: rate(onTime, 3), duplicate: rate(10, 140), crossMatch: rate(1, 4) };
    expect(expected.crossMatch).toBe(0.25);

    const subsidies = (await s.admin.get(`/data-quality?regionCode=14&from=${year}-01-01&to=${today}`)).body;
    expect(subsidies.indicators.crossMatchRate).toEqual({ rate: 0.25, numerator: 1, denominator: 4 });
    expect(subsidies.onTimeRate).toBe(expected.onTime);
    expect(subsidies.duplicateRate).toBe(expected.duplicate);
    // one county-day each: B's 50 against nothing, A's 20 against nothing, A's 30 waybills against no counts
    expect(subsidies.indicators.crossMatchRate.denominator - subsidies.indicators.crossMatchRate.numerator).toBe(3);

    const overview = async () =>
      new Map(
        ((await s.admin.get(`/supervision/overview?year=${year}&regionCode=14`)).body.indicators as Array<{ key: string; value: number | null }>).map((i) => [
          i.key,
          i.value,
        ]),
      );
    const seen = await eventually(
      overview,
      (o) => o.get('cross_match_rate') === subsidies.crossMatchRate && o.get('duplicate_rate') === subsidies.duplicateRate,
      10_000,
    );
    expect(seen.get('cross_match_rate')).toBe(subsidies.crossMatchRate);
    expect(seen.get('duplicate_rate')).toBe(subsidies.duplicateRate);
    expect(seen.get('on_time_rate')).toBe(subsidies.onTimeRate);
    // the overview's period: the year up to yesterday; the same rates from subsidies for it
    const upToYesterday = (await s.admin.get(`/data-quality?regionCode=14&from=${year}-01-01&to=${daysAgo(1)}`)).body;
    expect(upToYesterday.indicators.submissionRate.denominator).toBe(2);
    expect(seen.get('submission_rate')).toBe(upToYesterday.submissionRate);
    expect(seen.get('validity_rate')).toBe(subsidies.validityRate);
    expect(subsidies.indicators.validityRate).toEqual({ rate: 1, numerator: 143, denominator: 143 });
  });

  it('divides the upload rate by every registered centre, one that never reported included, and counts refused rows alike', async () => {
    const today = shanghaiToday();
    const year = Number(today.slice(0, 4));
    const yesterday = daysAgo(1);
    const from = `${year}-01-01`;
    // two centres of 太原市 (1401): 清徐县 reports every day of the year up to yesterday (and two
    // rows the checks refuse), 阳曲县 registers and never reports
    const centre = async (countyCode: string, name: string) => {
      const org = await s.admin.post('/organisations').send({ name, kind: 'county_centre', regionCode: countyCode });
      expect(org.status).toBe(201);
      const res = await s.admin.post('/county-centres').send({ name, countyCode, orgId: org.body.id });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    await centre('140121', '清徐县寄递物流中心');
    await centre('140122', '阳曲县寄递物流中心');
    const days: string[] = [];
    for (let d = from; d <= yesterday; d = addDays(d, 1)) days.push(d);
    const reports = [
      ...days.map((date) => ({ date, brand: 'ZTO', direction: 'upstream', items: 40 })),
      { date: yesterday, brand: 'NO-SUCH-BRAND', direction: 'upstream', items: 5 },
      { date: yesterday, brand: 'ZTO', direction: 'sideways', items: 5 },
    ];
    const posted = await s.admin.post('/parcel-counts?countyCode=140121').send({ reports });
    expect(posted.status).toBe(201);
    expect(posted.body.accepted).toBe(days.length);
    expect(posted.body.rejected).toHaveLength(2);

    const subsidies = (await s.admin.get(`/data-quality?regionCode=1401&from=${from}&to=${yesterday}`)).body;
    expect(subsidies.indicators.submissionRate).toEqual({ rate: 0.5, numerator: 1, denominator: 2 });
    expect(subsidies.indicators.validityRate).toEqual({ rate: expect.any(Number), numerator: days.length, denominator: days.length + 2 });

    const overview = async () =>
      new Map(
        ((await s.admin.get(`/supervision/overview?year=${year}&regionCode=1401`)).body.indicators as Array<{ key: string; value: number | null }>).map((i) => [
          i.key,
          i.value,
        ]),
      );
    const seen = await eventually(overview, (o) => o.get('submission_rate') === 0.5 && o.get('validity_rate') === subsidies.validityRate, 10_000);
    expect(seen.get('submission_rate')).toBe(subsidies.submissionRate);
    expect(seen.get('validity_rate')).toBe(subsidies.validityRate);
  });

  it('evaluates a quarter: every obliged party ranked, the centre that never reported 0 % uploaded and on the action list; public only once published', async () => {
    const yesterday = daysAgo(1);
    const quarter = `${yesterday.slice(0, 4)}-Q${Math.floor((Number(yesterday.slice(5, 7)) - 1) / 3) + 1}`;
    const created = await s.admin.post('/data-quality/evaluations').send({ quarter, regionCode: '14' });
    expect(created.status).toBe(201);
    const evaluation = created.body;
    expect(evaluation).toMatchObject({ quarter, regionCode: '14', status: 'draft', threshold: 0.8, to: yesterday });
    const days = Math.round((Date.parse(yesterday) - Date.parse(evaluation.from)) / 86_400_000) + 1;
    type Unit = {
      kind: string;
      id: string;
      name: string;
      regionCode: string;
      score: number | null;
      rank: number | null;
      belowThreshold: boolean;
      indicators: Record<string, { rate: number | null; numerator: number; denominator: number } | null>;
    };
    const centres = (evaluation.units as Unit[]).filter((u) => u.kind === 'county_centre');
    expect(centres.map((c) => c.regionCode).sort()).toEqual(['140121', '140122', COUNTY_A, COUNTY_B]);
    const never = centres.find((c) => c.regionCode === '140122') as Unit;
    expect(never.indicators.uploadRate).toEqual({ rate: 0, numerator: 0, denominator: days });
    expect(never.score).toBe(0);
    expect(never.rank).toBe(4);
    expect(never.belowThreshold).toBe(true);
    expect((evaluation.actionList as Unit[]).map((u) => u.regionCode)).toContain('140122');
    const everyDay = centres.find((c) => c.regionCode === '140121') as Unit;
    expect(everyDay.indicators.uploadRate).toEqual({ rate: 1, numerator: days, denominator: days });
    // the courier companies are obliged too (the enterprise registry), judged by their uploads
    expect((evaluation.units as Unit[]).filter((u) => u.kind === 'courier_company').length).toBeGreaterThanOrEqual(3);
    // the province's upload rate divides by every obliged party; its cities are ranked
    const province = (evaluation.regions as Unit[])[0];
    expect(province.indicators.uploadRate?.denominator).toBe((evaluation.units as Unit[]).length);
    const cities = (evaluation.regions as Unit[]).slice(1);
    expect(cities.find((c) => c.regionCode === '1401')?.indicators.uploadRate).toMatchObject({ numerator: 1, denominator: 2 });
    expect(cities.every((c, i) => i === 0 || c.score === null || (cities[i - 1].score ?? -1) >= c.score)).toBe(true);

    // XLSX with Chinese headers: the never-reporting centre at 0.00 % uploaded
    const xlsx = await s.admin.get(`/data-quality/evaluations/${evaluation.id}?format=xlsx`).buffer(true).parse(binary);
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as unknown as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0];
    const headers = (sheet.getRow(1).values as string[]).slice(1);
    expect(headers).toEqual(expect.arrayContaining(['类别', '排名', '名称', '数据上传率', '数据接入正常率', '数据双向匹配率', '综合得分', '低于整改阈值']));
    const rowOf = (name: string) => sheet.getRows(2, sheet.rowCount - 1)?.find((r) => r.getCell(3).value === name);
    const neverRow = rowOf('阳曲县寄递物流中心');
    expect(neverRow?.getCell(headers.indexOf('数据上传率') + 1).value).toBe('0.00%');
    expect(neverRow?.getCell(headers.indexOf('低于整改阈值') + 1).value).toBe('是');

    // public only once published; publishing twice is refused
    const anonymous = api(platform).raw;
    const listed = async () => ((await anonymous.get('/api/v1/data-quality/evaluations/public')).body.items as Array<Record<string, unknown>>).map((i) => i.id);
    expect(await listed()).not.toContain(evaluation.id);
    expect((await s.city.post(`/data-quality/evaluations/${evaluation.id}/publish`)).status).toBe(404);
    const published = await s.province.post(`/data-quality/evaluations/${evaluation.id}/publish`);
    expect(published.status).toBe(200);
    expect(published.body.status).toBe('published');
    expect((await s.province.post(`/data-quality/evaluations/${evaluation.id}/publish`)).status).toBe(409);
    const item = ((await anonymous.get('/api/v1/data-quality/evaluations/public')).body.items as Array<Record<string, unknown>>).find(
      (i) => i.id === evaluation.id,
    );
    expect(Object.keys(item ?? {}).sort()).toEqual(['belowThreshold', 'id', 'publishedAt', 'quarter', 'regionCode', 'regionName', 'regions', 'units']);
    expect(item).toMatchObject({ units: (evaluation.units as Unit[]).length, belowThreshold: (evaluation.actionList as Unit[]).length });

    // the published evaluation's parties below the threshold are on the action list of their region
    const actions = (await s.admin.get('/supervision/actions?regionCode=1401')).body.dataQualityFlags as Array<{
      kind: string;
      objectId: string;
      summary: string;
    }>;
    expect(actions.filter((a) => a.kind === 'quality_below_threshold').map((a) => a.objectId)).toContain(never.id);
    expect(actions.find((a) => a.objectId === never.id)?.summary).toContain('数据上传率 0.00%');

    // the threshold is data: the admin changes it (staff may not), and the next evaluation uses it
    expect((await s.province.put('/data-quality/settings').send({ actionThreshold: 0.1, reason: '试行期放宽' })).status).toBe(403);
    expect((await s.admin.put('/data-quality/settings').send({ actionThreshold: 0.1, reason: '试行期放宽' })).body.actionThreshold).toBe(0.1);
    const next = (await s.admin.post('/data-quality/evaluations').send({ quarter, regionCode: '1401' })).body;
    expect(next.threshold).toBe(0.1);
    expect((next.units as Unit[]).map((u) => u.regionCode).sort()).toEqual(['140121', '140122']);
    expect((next.actionList as Unit[]).map((u) => u.regionCode)).toEqual(['140122']);
  });

  it('evaluates the year: every seeded target of the plan with its value or no data, as JSON, PDF and XLSX', async () => {
    const year = 2025;
    const seeded = readFileSync(join(process.cwd(), 'apps', 'supervision', 'data', 'policy-targets.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(','))
      .filter(([, region, y]) => Number(y) === year && region.startsWith('14'))
      .map(([key, region]) => `${key}@${region}`);
    expect(seeded.length).toBeGreaterThan(5);
    const res = await s.admin.get(`/evaluations/annual?year=${year}`);
    expect(res.status).toBe(200);
    type Row = { target: { key: string; regionCode: string }; metricZh: string; value: number | null; sourceKind: string; assessment: string };
    const rows = res.body.targets as Row[];
    expect(rows.map((r) => `${r.target.key}@${r.target.regionCode}`).sort()).toEqual([...seeded].sort());
    for (const r of rows) {
      if (r.value === null) expect(r).toMatchObject({ sourceKind: 'none', assessment: 'no_data' });
      else expect(['met', 'not_met']).toContain(r.assessment);
    }
    // nothing reports express revenue and no official figure was entered
    expect(rows.find((r) => r.target.key === 'express_revenue')).toMatchObject({ value: null, assessment: 'no_data' });
    expect(res.body.met + res.body.notMet + res.body.noData).toBe(rows.length);

    const pdf = await s.admin.get(`/evaluations/annual?year=${year}&format=pdf`).buffer(true).parse(binary);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const parser = new PDFParse({ data: new Uint8Array(pdf.body as Buffer) });
    const { text } = await parser.getText();
    await parser.destroy();
    expect(text).toContain(`${year}年度规划目标评估`);
    for (const r of rows) expect(text).toContain(r.metricZh);
    expect(text).toContain('无数据');

    const xlsx = await s.admin.get(`/evaluations/annual?year=${year}&format=xlsx`).buffer(true).parse(binary);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as unknown as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.rowCount).toBe(rows.length + 1);
    expect((sheet.getRow(1).values as string[]).slice(1)).toEqual(expect.arrayContaining(['指标', '目标', '实际值', '来源类别', '评估结果']));
  });
});
