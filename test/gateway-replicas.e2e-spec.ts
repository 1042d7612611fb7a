import request from 'supertest';
import { AppHandle, freePort, startApp } from '../scripts/platform.mjs';
import { withDb } from './support/db.js';
import { TestPlatform } from './support/platform.js';

const LOGIN_RATE_LIMIT = 6;
const RATE_LIMIT = 20;

/**
 * Two gateway processes on one database: the login limit is counted in PostgreSQL, so a
 * client alternating between replicas gets the limit once, not once per replica; behind a
 * trusted proxy (TRUST_PROXY, loopback by default) each client address has its own. The
 * general limit is counted in memory and shared through PostgreSQL at each flush (about
 * every second): a replica that has flushed knows the other's hits.
 */
describe('gateway replicas share one login rate limit per client', () => {
  const platform = new TestPlatform({ apps: ['gateway'], env: { LOGIN_RATE_LIMIT: String(LOGIN_RATE_LIMIT), RATE_LIMIT: String(RATE_LIMIT) } });
  let second: AppHandle;
  let secondUrl: string;

  beforeAll(async () => {
    await platform.start();
    const port = await freePort();
    second = await startApp('gateway', {
      ...platform.env,
      DATABASE_URL: platform.appDatabaseUrl('gateway'),
      ...platform.natsCredentials('gateway'),
      PORT: String(port),
    });
    secondUrl = `http://127.0.0.1:${port}`;
  }, 120_000);

  afterAll(async () => {
    await second?.stop();
    await platform.stop();
  });

  const attempt = (url: string, client: string) =>
    request(url).post('/api/v1/auth/login').set('X-Forwarded-For', client).send({ username: 'nobody', password: 'wrong-password' });

  it('refuses the attempt past the limit whichever replica it reaches, and keeps other clients apart', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < LOGIN_RATE_LIMIT + 2; i++) statuses.push((await attempt(i % 2 === 0 ? platform.url : secondUrl, '203.0.113.7')).status);
    console.log(`login attempts of one client alternating over two gateways (limit ${LOGIN_RATE_LIMIT}): ${statuses.join(' ')}`);
    expect(statuses.slice(0, LOGIN_RATE_LIMIT)).toEqual(Array(LOGIN_RATE_LIMIT).fill(401));
    expect(statuses.slice(LOGIN_RATE_LIMIT)).toEqual([429, 429]);
    const limited = await attempt(platform.url, '203.0.113.7');
    expect(limited.body.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);

    expect((await attempt(secondUrl, '203.0.113.8')).status).toBe(401);
    expect((await attempt(platform.url, '203.0.113.8')).status).toBe(401);
  });

  it('shares the general limit: a replica that flushed refuses once both together reach it', async () => {
    const health = (url: string) => request(url).get('/health').set('X-Forwarded-For', '203.0.113.20');
    // the window's row, counted over both replicas (keys are hashed: the one the address's /health hits made)
    const shared = () =>
      withDb(platform.databaseUrl, async (db) => {
        const { rows } = await db.query<{ hits: number }>(`SELECT hits FROM gateway.rate_limits WHERE key NOT LIKE '%login:%' ORDER BY hits DESC`);
        return rows.map((r) => r.hits);
      });
    const until = async (what: string, probe: () => Promise<boolean>) => {
      const deadline = Date.now() + 15_000;
      while (!(await probe())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const first = 12;
    for (let i = 0; i < first; i++) expect((await health(platform.url)).status).toBe(200);
    await until('the first replica to flush its hits', async () => (await shared()).includes(first));
    const second = RATE_LIMIT - first;
    for (let i = 0; i < second; i++) expect((await health(secondUrl)).status).toBe(200);
    // the second replica flushes its 8 and learns the first's 12
    await until('the second replica to flush its hits', async () => (await shared()).includes(RATE_LIMIT));
    // alone, the second replica would allow 12 more; knowing the shared count it refuses at once
    // (allowing for one request that may reach it just before it reads the flush's answer)
    const answers: number[] = [];
    for (let i = 0; i < 2 && !answers.includes(429); i++) answers.push((await health(secondUrl)).status);
    expect(answers).toContain(429);
    // the first replica learns the block with its next flush
    let refused: request.Response | undefined;
    await until('the first replica to refuse', async () => {
      const res = await health(platform.url);
      if (res.status === 429) refused = res;
      return res.status === 429;
    });
    expect(refused?.body.code).toBe('RATE_LIMITED');
    expect(Number(refused?.headers['retry-after'])).toBeGreaterThan(0);
    // another address is counted apart
    expect((await request(secondUrl).get('/health').set('X-Forwarded-For', '203.0.113.21')).status).toBe(200);
  });
});
