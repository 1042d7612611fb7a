import request from 'supertest';
import { AppHandle, freePort, startApp } from '../scripts/platform.mjs';
import { TestPlatform } from './support/platform.js';

const LOGIN_RATE_LIMIT = 6;

/**
 * Two gateway processes on one database: the login limit is counted in PostgreSQL, so a
 * client alternating between replicas gets the limit once, not once per replica; behind a
 * trusted proxy (TRUST_PROXY, loopback by default) each client address has its own.
 */
describe('gateway replicas share one login rate limit per client', () => {
  const platform = new TestPlatform({ apps: ['gateway'], env: { LOGIN_RATE_LIMIT: String(LOGIN_RATE_LIMIT) } });
  let second: AppHandle;
  let secondUrl: string;

  beforeAll(async () => {
    await platform.start();
    const port = await freePort();
    second = await startApp('gateway', { ...platform.env, DATABASE_URL: platform.appDatabaseUrl('gateway'), ...platform.natsCredentials('gateway'), PORT: String(port) });
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
});
