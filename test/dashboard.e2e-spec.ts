/// <reference lib="dom" />
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { addDays, ClaimStatusChangedEvent, CountsAcceptedEvent, EventTypes, FacilityEvent, OutletEvent, shanghaiToday } from '@app/contracts';
import { ensureChromium, ROOT } from '../scripts/platform.mjs';
import { courierFor, outletInput } from './support/outlets.js';
import { enterpriseInput } from './support/factories.js';
import { ADMIN_PASSWORD, ADMIN_USERNAME, TestPlatform } from './support/platform.js';
import { api } from './support/http.js';
import { EventPublisher, eventually } from './support/events.js';

/** Flags for Debian's chromium run as root in a sandbox-less container, with no network but loopback. */
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SCREENSHOTS = join(ROOT, '.data', 'screenshots');

/**
 * The dashboard in a real browser: headless Chromium (Debian's package, installed by the
 * project's test setup) driven by playwright-core against the gateway, with figures seeded
 * through the EVENTS stream the way the producing services publish them.
 */
describe('dashboard (监管驾驶舱) in headless Chromium', () => {
  const platform = new TestPlatform({ apps: ['supervision', 'outlets', 'gateway'] });
  let pendingOutlet = '';
  let bulletin = { id: '', title: '' };
  const profile = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
  let context: BrowserContext;
  let page: Page;
  const today = shanghaiToday();
  const year = Number(today.slice(0, 4));
  const months = Array.from({ length: Number(today.slice(5, 7)) }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}-01`);

  beforeAll(async () => {
    const executablePath = ensureChromium();
    await platform.start();
    const admin = api(platform).as({ token: await platform.adminToken() });
    const events = new EventPublisher(platform);
    const counties = ['140821', '140802', '140121', '140105', '140702'];
    const townships = new Map<string, string>();
    for (const county of counties) townships.set(county, (await admin.get(`/regions?parent=${county}`)).body.items[0].code);
    const published = [];
    for (const [c, county] of counties.entries()) {
      const rows: CountsAcceptedEvent['rows'] = months.flatMap((m, i) => [
        { date: m, brand: 'EMS', direction: 'upstream' as const, items: 1000 * (c + 1) + 150 * i, version: 1, previousItems: 0 },
        { date: m, brand: 'ZTO', direction: 'downstream' as const, items: 1800 * (c + 1) + 90 * i, version: 1, previousItems: 0 },
      ]);
      published.push(events.event<CountsAcceptedEvent>(EventTypes.countsAccepted, { centreId: randomUUID(), countyCode: county, rows }));
      const t = townships.get(county) as string;
      published.push(
        events.event<OutletEvent>(EventTypes.outletFiled, {
          outletId: randomUUID(),
          kind: 'smart_locker',
          enterpriseIds: [randomUUID()],
          regionCode: t,
          countyCode: county,
          townshipCode: t,
          status: 'filed',
          receiptNo: `晋备${c}`,
          date: months[0],
        }),
      );
    }
    published.push(
      events.event<ClaimStatusChangedEvent>(EventTypes.claimStatusChanged, {
        claimId: randomUUID(),
        programmeId: 'p',
        year,
        countyCode: '140821',
        from: 'approved',
        to: 'paid',
        items: 20_000,
        amountFen: 900_000,
        avgCeilingFen: 50,
      }),
      events.event<ClaimStatusChangedEvent>(EventTypes.claimStatusChanged, {
        claimId: randomUUID(),
        programmeId: 'p',
        year,
        countyCode: '140802',
        from: 'submitted',
        to: 'reviewed',
        items: 8_000,
        amountFen: 360_000,
        avgCeilingFen: 50,
      }),
      events.event<FacilityEvent>(EventTypes.facilityRegistered, {
        facilityId: randomUUID(),
        kind: 'provincial_base',
        regionCode: '140702',
        countyCode: '140702',
        status: 'operating',
        capacityTonnes: 30_000,
        designatedAt: months[0],
        date: months[0],
      }),
    );
    await events.publish(...published);
    await events.close();
    await admin.post('/incidents').send({ kind: 'weather', title: '运城暴雨致部分乡镇投递中断', severity: 3, affectedRegions: ['140821'] });
    const { enterprise, courier } = await courierFor(platform, admin);
    const filing = await courier.post('/outlets').send(outletInput(enterprise.id));
    if (filing.status !== 201) throw new Error(`outlet filing: ${filing.status} ${JSON.stringify(filing.body)}`);
    pendingOutlet = filing.body.name;
    await eventually(
      () => admin.get(`/supervision/overview?year=${year}`),
      (res) => res.body.indicators?.find((i: { key: string }) => i.key === 'provincial_cold_chain_bases')?.value === 1,
    );
    // this month's city bulletin, built and published by the admin (province level)
    const built = await admin.post('/bulletins').send({ period: today.slice(0, 7), level: 'city' });
    if (built.status !== 201) throw new Error(`bulletin: ${built.status} ${JSON.stringify(built.body)}`);
    expect((await admin.post(`/bulletins/${built.body.id}/publish`)).status).toBe(200);
    bulletin = { id: built.body.id, title: built.body.title };
    context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: CHROMIUM_FLAGS,
      viewport: { width: 1440, height: 1000 },
      locale: 'zh-CN',
    });
    page = await context.newPage();
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await platform.stop();
    rmSync(profile, { recursive: true, force: true });
  });

  const chartPoints = () =>
    page.evaluate(() => {
      const w = window as unknown as { echarts: { getInstanceByDom(el: Element | null): { getOption(): { series: Array<{ data: unknown[] }> } } } };
      return ['trend-chart', 'children-chart', 'progress-chart'].map((id) => {
        const data = w.echarts.getInstanceByDom(document.getElementById(id)).getOption().series[0].data;
        return data.filter((d) => Number(typeof d === 'object' && d !== null ? (d as { value: number }).value : d) > 0).length;
      });
    });

  it('signs in, shows the key figures against targets with non-empty charts, and drills down to a county', async () => {
    await page.goto(platform.url);
    await page.waitForSelector('#login-form', { state: 'visible' });
    expect(await page.title()).toBe('智慧快递监管平台');
    await page.fill('#username', ADMIN_USERNAME);
    await page.fill('#password', 'wrong-password');
    await page.click('#login-button');
    await page.waitForFunction(() => document.getElementById('login-error')?.textContent === '用户名或密码错误');
    await page.fill('#password', ADMIN_PASSWORD);
    await page.click('#login-button');

    await page.waitForSelector('#kpis .kpi[data-key="provincial_cold_chain_bases"]');
    // the title and heading follow the deployment's province (PROVINCE_CODE, 14 here)
    expect(await page.title()).toBe('山西省智慧快递监管平台');
    expect(await page.textContent('#platform-title')).toBe('山西省智慧快递监管平台');
    const bases = await page.textContent('#kpis .kpi[data-key="provincial_cold_chain_bases"]');
    expect(bases).toContain('1 个');
    expect(bases).toMatch(/目标 ≥ \d+ 个/);
    expect(await page.getAttribute('#kpis .kpi[data-key="provincial_cold_chain_bases"]', 'title')).toMatch(/省级冷链物流仓储基地达到\d+个/);
    expect(await page.textContent('#kpis .kpi[data-key="rural_subsidy_avg_per_item"]')).toContain('45');
    await page.waitForFunction(() => (document.getElementById('regions-body')?.children.length ?? 0) === 11);
    const [trend, cities, progress] = await chartPoints();
    expect(trend).toBe(months.length);
    expect(cities).toBe(3);
    expect(progress).toBeGreaterThan(0);
    expect(await page.textContent('#list-claims')).toContain('待省级审批');
    expect(await page.textContent('#list-incidents')).toContain('运城暴雨');
    expect(await page.textContent('#list-outlets')).toContain(pendingOutlet);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'dashboard-province.png'), fullPage: true });

    await page.click('#regions-body tr[data-region-code="1408"]');
    await page.waitForFunction(() => document.getElementById('regions-title')?.textContent === '运城市下级区划');
    expect(await page.textContent('#breadcrumb')).toBe('山西省›运城市');
    await page.waitForSelector('#regions-body tr[data-region-code="140821"]');
    expect(await page.$$eval('#regions-body tr', (rows) => rows.length)).toBe(13);

    await page.click('#regions-body tr[data-region-code="140821"]');
    await page.waitForFunction(() => document.getElementById('regions-title')?.textContent === '临猗县');
    expect(await page.textContent('#breadcrumb')).toBe('山西省›运城市›临猗县');
    expect(await page.getAttribute('#main-view', 'data-region')).toBe('140821');
    await eventually(chartPoints, ([t, c]) => t === months.length && c === 1);
    expect(await page.textContent('#children-title')).toContain('县级');
    expect(await page.textContent('#kpis .kpi[data-key="township_outlet_coverage"]')).toMatch(/%/);
    const file = join(SCREENSHOTS, 'dashboard-county.png');
    await page.screenshot({ path: file, fullPage: true });
    expect(statSync(file).size).toBeGreaterThan(50_000);

    await page.click('#breadcrumb a[data-depth="0"]');
    await page.waitForFunction(() => document.getElementById('regions-title')?.textContent === '山西省下级区划');
  });

  it('shows the latest published bulletin with its ranking and opens its PDF', async () => {
    await page.goto(platform.url);
    await page.waitForSelector('#bulletin-pdf:not([hidden])');
    expect(await page.textContent('#bulletin-title')).toContain(bulletin.title);
    expect(await page.getAttribute('#bulletin-pdf', 'data-bulletin-id')).toBe(bulletin.id);
    const ranking = await page.$$eval('#bulletin-ranking li', (items) => items.map((li) => li.textContent ?? ''));
    expect(ranking).toHaveLength(5);
    expect(ranking[0]).toMatch(/^第1名 \S+市（\d+\.\d{2} 分）$/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#bulletin-pdf')]);
    expect(download.suggestedFilename()).toMatch(/^bulletin-\d{4}-\d{2}-city-14\.pdf$/);
    expect(
      readFileSync(await download.path())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    await page.screenshot({ path: join(SCREENSHOTS, 'dashboard-bulletin.png'), fullPage: true });
  });

  it('shows a courier its open matters when it signs in, a rectification order among them, earliest due first', async () => {
    const admin = api(platform).as({ token: await platform.adminToken() });
    const created = await admin.post('/enterprises').send(enterpriseInput());
    const org = await admin
      .post('/organisations')
      .send({ name: `${created.body.name}山西网点管理`, kind: 'courier', regionCode: '14', uscc: created.body.uscc });
    const username = `matters.${randomUUID().slice(0, 8)}`;
    await admin.post('/users').send({ username, password: 'a-long-password-7', role: 'courier', orgId: org.body.id });
    const courier = api(platform).as({ token: await platform.login(username, 'a-long-password-7') });
    const filing = await courier.post('/outlets').send(outletInput(created.body.id));
    expect(filing.status).toBe(201);
    const order = await admin.post('/rectifications').send({
      subjectType: 'enterprise',
      subjectId: created.body.id,
      finding: '未按规定公示末端网点备案信息',
      basis: '《快递市场管理办法》',
      dueDate: addDays(today, 60),
    });
    expect(order.status).toBe(201);

    const own = await context.newPage(); // a tab of its own: the admin's session stays in the other
    try {
      await own.goto(platform.url);
      await own.waitForSelector('#login-form', { state: 'visible' });
      await own.fill('#username', username);
      await own.fill('#password', 'a-long-password-7');
      await own.click('#login-button');
      await own.waitForSelector('#matters-body tr[data-kind="rectification"]');
      expect(await own.isHidden('#main-view')).toBe(true);
      const rows = await own.$$eval('#matters-body tr', (trs) =>
        trs.map((tr) => ({ kind: tr.getAttribute('data-kind'), cells: [...tr.children].map((td) => td.textContent) })),
      );
      // the filing's decision is due in 5 working days, the order in 60 days
      expect(rows.map((r) => r.kind)).toEqual(['outlet_filing', 'rectification']);
      expect(rows[1].cells).toEqual([
        addDays(today, 60),
        `责令整改：责令整改 ${order.body.number}（${created.body.name}）`,
        '待整改',
        expect.stringMatching(/^party: /),
      ]);
      expect(rows[0].cells[1]).toContain(filing.body.name);
    } finally {
      await own.close();
    }
  });

  it('serves ECharts from the gateway itself under the default content security policy', async () => {
    const res = await fetch(`${platform.url}/assets/vendor/echarts.min.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    const page = await fetch(platform.url);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
  });
});
