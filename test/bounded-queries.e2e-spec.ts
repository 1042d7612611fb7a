import pg from 'pg';
import { TestPlatform } from './support/platform.js';
import { api } from './support/http.js';

const REQUEST_TIMEOUT_MS = 2000;
/** statementTimeoutFor(2000) */
const STATEMENT_TIMEOUT_MS = 1800;
/** scheduling slack for the backend's own timer on a loaded machine */
const SLACK_MS = 300;

type Client = ReturnType<ReturnType<typeof api>['as']>;

/**
 * Every query is bounded: a lock held on a supervision table blocks its queries, the gateway
 * answers 503 after NATS_REQUEST_TIMEOUT_MS, PostgreSQL cancels every statement a little
 * before that (statement_timeout) so no backend of the service runs on and the pool never
 * stays exhausted, and the service answers again as soon as the lock goes.
 */
describe('bounded queries: a blocked supervision table', () => {
  const platform = new TestPlatform({ apps: ['supervision', 'gateway'], env: { NATS_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS) } });
  let admin: Client;

  beforeAll(async () => {
    await platform.start();
    admin = api(platform).as({ token: await platform.adminToken() });
  }, 120_000);
  afterAll(() => platform.stop());

  const timed = async (path: string) => {
    const started = Date.now();
    const res = await admin.get(path);
    return { status: res.status, ms: Date.now() - started };
  };
  const wave = (n: number) => Promise.all(Array.from({ length: n }, () => timed('/enterprises?limit=5')));

  it('answers 503 within the timeout while the lock is held, runs no statement past its timeout, and recovers within 2 s', async () => {
    expect((await timed('/enterprises?limit=5')).status).toBe(200);
    const settings = await new pg.Client({ connectionString: platform.databaseUrl });
    await settings.connect();
    const locker = new pg.Client({ connectionString: platform.databaseUrl });
    await locker.connect();
    try {
      // the service's own connections carry the bounds
      const [row] = (
        await settings.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'supervision'`)
      ).rows as Array<{ n: number }>;
      expect(row.n).toBeGreaterThan(0);

      await locker.query('BEGIN');
      await locker.query('LOCK TABLE supervision.enterprises IN ACCESS EXCLUSIVE MODE');

      // watch the service's backends while requests pile up: three waves of three times its pool
      let longestMs = 0;
      let watching = true;
      const watcher = (async () => {
        while (watching) {
          const { rows } = await settings.query(
            `SELECT coalesce(max(extract(epoch FROM clock_timestamp() - query_start) * 1000), 0)::float AS ms
               FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'supervision' AND state = 'active'`,
          );
          longestMs = Math.max(longestMs, (rows[0] as { ms: number }).ms);
          await new Promise((r) => setTimeout(r, 20));
        }
      })();
      const blocked = [];
      for (let i = 0; i < 3; i++) blocked.push(...(await wave(12)));
      watching = false;
      await watcher;

      expect(blocked.map((r) => r.status)).toEqual(blocked.map(() => 503));
      const slowest = Math.max(...blocked.map((r) => r.ms));
      expect(slowest).toBeLessThan(REQUEST_TIMEOUT_MS + 1500);
      expect(longestMs).toBeGreaterThan(STATEMENT_TIMEOUT_MS / 2);
      expect(longestMs).toBeLessThanOrEqual(STATEMENT_TIMEOUT_MS + SLACK_MS);
      process.stdout.write(`blocked: ${blocked.length} requests, all 503, slowest ${slowest} ms; longest supervision statement ${Math.round(longestMs)} ms\n`);

      await locker.query('COMMIT');
      const released = Date.now();
      let recoveredMs = -1;
      while (Date.now() - released < 10_000) {
        const results = await wave(12);
        if (results.every((r) => r.status === 200)) {
          recoveredMs = Date.now() - released;
          break;
        }
      }
      expect(recoveredMs).toBeGreaterThanOrEqual(0);
      expect(recoveredMs).toBeLessThan(2000);
      expect((await wave(12)).map((r) => r.status)).toEqual(Array(12).fill(200));
      process.stdout.write(`every request succeeds again ${recoveredMs} ms after the lock went\n`);
    } finally {
      await locker.end();
      await settings.end();
    }
  }, 120_000);
});
