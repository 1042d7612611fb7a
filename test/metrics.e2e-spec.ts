import pg from 'pg';
import { randomUUID } from 'node:crypto';
import { freePort } from '../scripts/platform.mjs';
import { TestPlatform } from './support/platform.js';
import { api } from './support/http.js';
import { eventually } from './support/outlets.js';
import { enterpriseInput } from './support/factories.js';
import { COUNTY_A, subsidyActors, waybills } from './support/subsidies.js';

type Client = ReturnType<ReturnType<typeof api>['as']>;

/** The value of a sample of the Prometheus text exposition, or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const m = line.match(/^([a-zA-Z_:][\w:]*)(\{[^}]*\})? (\S+)$/);
    if (!m || m[1] !== name) continue;
    const found = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(m[3]);
  }
  return undefined;
}

/**
 * Every service's /metrics on its operations port (OPS_PORT), read while events flow: NATS
 * handler latency by subject, the database pool, the outbox backlog and the age of its oldest
 * unsent event, consumer lag per durable, events that fail to apply, rows ingested.
 */
describe('service metrics on the operations port', () => {
  const ports: Record<string, number> = {};
  let platform: TestPlatform;
  let admin: Client;

  const scrape = async (service: string) => {
    const res = await fetch(`http://127.0.0.1:${ports[service]}/metrics`);
    expect(res.status).toBe(200);
    return res.text();
  };
  /** registers an enterprise: an event into supervision's outbox, then its read-model consumer */
  const register = async () => {
    const res = await admin.post('/enterprises').send(enterpriseInput());
    expect(res.status).toBe(201);
  };

  beforeAll(async () => {
    for (const s of ['supervision', 'outlets', 'subsidies']) ports[s] = await freePort();
    platform = new TestPlatform({
      apps: ['supervision', 'outlets', 'subsidies', 'gateway'],
      // supervision keeps retrying its unpublishable event for the length of this test; outlets parks one after 2 refusals
      appEnv: Object.fromEntries(Object.entries(ports).map(([s, p]) => [s, { OPS_PORT: String(p), OUTBOX_PARK_AFTER: s === 'supervision' ? '1000' : '2' }])),
    });
    await platform.start();
    admin = api(platform).as({ token: await platform.adminToken() });
  }, 180_000);
  afterAll(() => platform.stop());

  it('shows handler latency by subject, the pool, the outbox backlog and its age, consumer lag and failed applies while events flow', async () => {
    await register();
    const first = await scrape('supervision');
    expect(sample(first, 'nats_handler_duration_seconds_count', { subject: 'supervision.enterprises.create', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(sample(first, 'db_pool_connections', { state: 'max' })).toBe(4);
    expect(sample(first, 'db_pool_connections', { state: 'total' })).toBeGreaterThanOrEqual(1);
    expect(sample(first, 'process_cpu_seconds_total')).toBeGreaterThan(0);
    await eventually(async () => expect(sample(await scrape('supervision'), 'outbox_pending_events')).toBe(0));
    expect(sample(await scrape('supervision'), 'outbox_published_total')).toBeGreaterThanOrEqual(1);
    // another service's port shows its own handlers
    expect(sample(await scrape('outlets'), 'nats_handler_duration_seconds_count', { subject: 'outlets.health.ping', outcome: 'ok' })).toBeGreaterThanOrEqual(1);

    const db = new pg.Client({ connectionString: platform.databaseUrl });
    await db.connect();
    try {
      // supervision's read-model consumer blocked by a lock, and an event the service may
      // not publish staying in its outbox while the others flow: backlog, age and lag show
      const poison = randomUUID();
      await db.query(`INSERT INTO supervision.outbox (id, type, event) VALUES ($1, 'outlets.test.poison', '{}')`, [poison]);
      await db.query('BEGIN');
      await db.query('LOCK TABLE supervision.applied_events IN ACCESS EXCLUSIVE MODE');
      for (let i = 0; i < 3; i++) await register();
      await eventually(async () => {
        const text = await scrape('supervision');
        expect(sample(text, 'outbox_pending_events')).toBe(1);
        expect(sample(text, 'outbox_published_total')).toBeGreaterThanOrEqual(4);
        expect(sample(text, 'outbox_oldest_pending_age_seconds')).toBeGreaterThan(1);
        expect(sample(text, 'event_consumer_lag_messages', { durable: 'supervision-read-models' })).toBeGreaterThanOrEqual(3);
        expect(sample(text, 'event_apply_failures_total', { durable: 'supervision-read-models' })).toBeGreaterThanOrEqual(1);
      }, 20_000);
      await db.query('DELETE FROM supervision.outbox WHERE id = $1', [poison]);
      await db.query('COMMIT');
      await eventually(async () => {
        const text = await scrape('supervision');
        expect(sample(text, 'outbox_pending_events')).toBe(0);
        expect(sample(text, 'event_consumer_lag_messages', { durable: 'supervision-read-models' })).toBe(0);
      }, 20_000);
    } finally {
      await db.end();
    }
  }, 120_000);

  it('parks an event the server keeps refusing after OUTBOX_PARK_AFTER refusals, and shows it', async () => {
    const db = new pg.Client({ connectionString: platform.databaseUrl });
    await db.connect();
    try {
      // outlets may not publish supervision's subjects (deploy/nats/permissions.json)
      const poison = randomUUID();
      await db.query(`INSERT INTO outlets.outbox (id, type, event) VALUES ($1, 'supervision.test.poison', '{}')`, [poison]);
      await eventually(async () => {
        const text = await scrape('outlets');
        expect(sample(text, 'outbox_parked_events')).toBe(1);
        expect(sample(text, 'outbox_parked_total')).toBe(1);
        expect(sample(text, 'outbox_pending_events')).toBe(0);
      }, 20_000);
      const [row] = (await db.query('SELECT attempts, last_error, parked_at FROM outlets.outbox WHERE id = $1', [poison])).rows;
      expect(row.attempts).toBe(2);
      expect(row.last_error).toMatch(/permission/i);
      expect(row.parked_at).toBeInstanceOf(Date);
    } finally {
      await db.end();
    }
  }, 60_000);

  it('counts rows ingested and answers /livez', async () => {
    const live = await fetch(`http://127.0.0.1:${ports.subsidies}/livez`);
    expect(live.status).toBe(200);
    const s = await subsidyActors(platform);
    const res = await s.centreA
      .post('/waybills')
      .send(waybills(`M${Date.now() % 1e6}`, 25, { brand: 'ZTO', date: '2023-06-01', direction: 'upstream', countyCode: COUNTY_A }));
    expect(res.status).toBe(201);
    expect(res.body.accepted).toBe(25);
    expect(sample(await scrape('subsidies'), 'rows_ingested_total', { kind: 'waybills' })).toBe(25);
  }, 60_000);
});
