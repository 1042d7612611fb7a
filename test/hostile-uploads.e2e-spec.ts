import { readFileSync } from 'node:fs';
import { TestPlatform } from './support/platform.js';
import { xlsxBomb } from './support/zip.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Resident and peak resident memory of a process, in bytes (Linux /proc). */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

describe('uploads that cannot hurt the gateway (real gateway process)', () => {
  const platform = new TestPlatform({ apps: ['cold-chain', 'gateway'] });
  let token: string;

  beforeAll(async () => {
    await platform.start();
    token = await platform.adminToken();
  }, 180_000);

  afterAll(() => platform.stop());

  const upload = (path: string, type: string, body: string | Uint8Array<ArrayBuffer>) =>
    fetch(`${platform.url}/api/v1${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': type }, body });

  /**
   * The longest the gateway's event loop was held since the last call: prom-client samples it
   * with perf_hooks.monitorEventLoopDelay and resets the histogram at every scrape.
   */
  async function gatewayLoopDelayMs(): Promise<number> {
    const text = await (await fetch(`${platform.url}/metrics`)).text();
    return Number(/^nodejs_eventloop_lag_max_seconds (\S+)$/m.exec(text)?.[1]) * 1000;
  }

  /** Times GET /health again and again until `done` settles; the slowest answer, in ms. */
  async function slowestHealthWhile(done: Promise<unknown>): Promise<{ slowest: number; answers: number }> {
    let settled = false;
    void done.finally(() => (settled = true));
    let slowest = 0;
    let answers = 0;
    while (!settled || answers === 0) {
      const started = performance.now();
      const res = await fetch(`${platform.url}/health`);
      await res.arrayBuffer();
      expect(res.status).toBe(200);
      slowest = Math.max(slowest, performance.now() - started);
      answers += 1;
    }
    return { slowest, answers };
  }

  it.each(['/parcel-counts', '/cold-chain/facilities/import'])(
    'answers a 200,000-character CSV header on %s with 4xx in under 1 s while /health answers in under 100 ms',
    async (path) => {
      // two kept-alive connections, one for the upload and one for /health, so no connection is opened while timing,
      // and /health once before, so its check against the document is compiled
      await Promise.all([gatewayLoopDelayMs(), gatewayLoopDelayMs(), fetch(`${platform.url}/health`).then((r) => r.arrayBuffer())]);
      const started = performance.now();
      const refused = upload(path, 'text/csv', `${'('.repeat(200_000)}\n1\n`).then(async (res) => ({
        res,
        body: await res.json(),
        ms: performance.now() - started,
      }));
      const health = await slowestHealthWhile(refused);
      const { res, body, ms } = await refused;
      expect(res.status).toBe(413);
      expect(body).toMatchObject({ code: 'SHEET_TOO_LARGE', errors: [{ field: 'headerChars' }] });
      expect(ms).toBeLessThan(1000);
      expect(health.slowest).toBeLessThan(100);
      expect(await gatewayLoopDelayMs()).toBeLessThan(100);
    },
  );

  it('keeps the gateway event loop under 100 ms while it reads a 4 MB CSV of 2,000 rows', async () => {
    const header = Array.from({ length: 60 }, (_, i) => `column_${i}`).join(',');
    const row = Array.from({ length: 60 }, (_, i) => `value-${i}-${'x'.repeat(20)}`).join(',');
    const csv = [header, ...Array.from({ length: 2000 }, () => row)].join('\n');
    expect(csv.length).toBeGreaterThan(3_500_000);
    await gatewayLoopDelayMs();
    const res = await upload('/cold-chain/facilities/import', 'text/csv', csv);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(await gatewayLoopDelayMs()).toBeLessThan(100);
  });

  it('refuses a 1 GiB XLSX zip bomb in under 1 s, the gateway growing by less than 100 MB', async () => {
    const bomb = new Uint8Array(xlsxBomb(1024));
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const gateway = platform.running.get('gateway')?.child.pid as number;
    const before = memoryOf(gateway);
    await gatewayLoopDelayMs();
    for (const path of ['/parcel-counts', '/cold-chain/facilities/import']) {
      const started = performance.now();
      const res = await upload(path, XLSX, bomb);
      const body = await res.json();
      expect(performance.now() - started).toBeLessThan(1000);
      expect(res.status).toBe(413);
      expect(body).toMatchObject({ code: 'SHEET_TOO_LARGE', errors: [{ field: 'xlsxUncompressedBytes' }] });
    }
    const liar = await upload('/cold-chain/facilities/import', XLSX, new Uint8Array(xlsxBomb(1024, 4096)));
    expect(liar.status).toBe(400);
    expect(await gatewayLoopDelayMs()).toBeLessThan(100);
    const after = memoryOf(gateway);
    // the peak counts only when these uploads raised it
    const growth = (after.peak > before.peak ? after.peak : after.rss) - before.rss;
    expect(growth).toBeLessThan(100 * 1024 * 1024);
  });

  it('answers in Chinese for Accept-Language: zh and in English otherwise, with the same code and fields', async () => {
    const post = (path: string, type: string, body: string, language?: string) =>
      fetch(`${platform.url}/api/v1${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': type, ...(language ? { 'accept-language': language } : {}) },
        body,
      }).then(async (res) => ({ status: res.status, body: await res.json() }));
    const header = `${'('.repeat(5000)}\n1\n`;
    const zh = await post('/cold-chain/facilities/import', 'text/csv', header, 'zh-CN,zh;q=0.9,en;q=0.5');
    const en = await post('/cold-chain/facilities/import', 'text/csv', header);
    expect([zh.status, zh.body.code, zh.body.errors]).toEqual([en.status, en.body.code, [{ field: 'headerChars', message: '至多 4096' }]]);
    expect(zh.body.title).toBe('内容过大');
    expect(zh.body.detail).toBe('表格超过上限：headerChars 至多 4096');
    expect(en.body.detail).toMatch(/the cap headerChars is 4096/);

    const badZh = await post('/cold-chain/facilities', 'application/json', JSON.stringify({ name: 7, extra: true }), 'zh');
    const badEn = await post('/cold-chain/facilities', 'application/json', JSON.stringify({ name: 7, extra: true }), 'en');
    expect(badZh.body.code).toBe('VALIDATION_FAILED');
    expect(badZh.body.errors.map((e: { field: string }) => e.field)).toEqual(badEn.body.errors.map((e: { field: string }) => e.field));
    expect(badZh.body.detail).toBe('请求未通过校验，见 errors 中各字段');
    expect(badZh.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'extra', message: '不允许的字段 extra' },
        { field: 'name', message: 'name 必须是字符串' },
      ]),
    );
    expect(badEn.body.errors).toEqual(expect.arrayContaining([{ field: 'extra', message: 'property extra should not exist' }]));
  });
});
