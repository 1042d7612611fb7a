import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Housekeeping, retention } from '@app/events';
import { serviceMetrics } from '@app/messaging';
import { freePort } from '../scripts/platform.mjs';
import { TestPlatform } from './support/platform.js';
import { eventually } from './support/outlets.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * Housekeeping: sent outbox rows go after the stream's duplicate window plus a margin,
 * applied-event ids after the stream's retention, in batches, counted in
 * housekeeping_purged_rows_total; unsent rows and recent ones stay.
 */
describe('housekeeping of the outbox and applied_events', () => {
  let opsPort = 0;
  let platform: TestPlatform;
  let db: DataSource;

  beforeAll(async () => {
    opsPort = await freePort();
    platform = new TestPlatform({ apps: ['supervision'], appEnv: { supervision: { OPS_PORT: String(opsPort) } } });
    await platform.start();
    db = await new DataSource({ type: 'postgres', url: platform.databaseUrl }).initialize();
  }, 120_000);
  afterAll(async () => {
    await db?.destroy();
    await platform.stop();
  });

  /** rows of both tables, `ago` ms in the past; returns their ids */
  const seed = async (n: number, sentAgo: number | null, createdAgo: number, appliedAgo: number) => {
    const ids = Array.from({ length: n }, () => randomUUID());
    for (const id of ids) {
      await db.query(
        `INSERT INTO supervision.outbox (id, type, event, created_at, sent_at)
         VALUES ($1, 'supervision.test.kept', '{}', clock_timestamp() - $2::interval, clock_timestamp() - $3::interval)`,
        [id, `${createdAgo} milliseconds`, sentAgo === null ? null : `${sentAgo} milliseconds`],
      );
      await db.query(
        `INSERT INTO supervision.applied_events (consumer, event_id, applied_at) VALUES ('housekeeping-test', $1, clock_timestamp() - $2::interval)`,
        [id, `${appliedAgo} milliseconds`],
      );
    }
    return ids;
  };
  const present = async (ids: string[]) => ({
    outbox: Number((await db.query(`SELECT count(*) AS n FROM supervision.outbox WHERE id = ANY($1::uuid[])`, [ids]))[0].n),
    applied: Number((await db.query(`SELECT count(*) AS n FROM supervision.applied_events WHERE event_id = ANY($1::uuid[])`, [ids]))[0].n),
  });

  it('keeps sent rows for the duplicate window and a margin, applied ids for the stream retention', () => {
    expect(retention.sentOutboxMs).toBe(2 * MINUTE + 10 * MINUTE);
    expect(retention.appliedEventsMs).toBe(400 * DAY);
  });

  it('purges in batches what is past its window and keeps the rest', async () => {
    const old = await seed(5, retention.sentOutboxMs + MINUTE, DAY, retention.appliedEventsMs + DAY);
    const recent = await seed(2, retention.sentOutboxMs - MINUTE, DAY, retention.appliedEventsMs - DAY);
    const unsent = await seed(1, null, DAY, 0);
    const before = (await (await serviceMetrics.getSingleMetric('housekeeping_purged_rows_total')?.get())?.values) ?? [];

    const purged = await new Housekeeping(db, 'supervision').purge(2);
    expect(purged.outbox).toBeGreaterThanOrEqual(5);
    expect(purged.appliedEvents).toBeGreaterThanOrEqual(5);
    expect(await present(old)).toEqual({ outbox: 0, applied: 0 });
    expect(await present(recent)).toEqual({ outbox: 2, applied: 2 });
    expect(await present(unsent)).toEqual({ outbox: 1, applied: 1 });

    const after = (await serviceMetrics.getSingleMetric('housekeeping_purged_rows_total')?.get())?.values ?? [];
    const count = (values: typeof after, table: string) => values.filter((v) => v.labels.table === table).reduce((a, v) => a + v.value, 0);
    expect(count(after, 'outbox') - count(before, 'outbox')).toBe(purged.outbox);
    expect(count(after, 'applied_events') - count(before, 'applied_events')).toBe(purged.appliedEvents);
  });

  it('runs in the service: at start and every minute, with its metric on /metrics', async () => {
    const old = await seed(3, retention.sentOutboxMs + MINUTE, DAY, retention.appliedEventsMs + DAY);
    await platform.stopApp('supervision');
    await platform.startApp('supervision');
    await eventually(async () => expect(await present(old)).toEqual({ outbox: 0, applied: 0 }), 15_000);
    const text = await (await fetch(`http://127.0.0.1:${opsPort}/metrics`)).text();
    expect(text).toMatch(/^housekeeping_purged_rows_total\{table="outbox"\} [1-9]\d*$/m);
    expect(text).toMatch(/^housekeeping_purged_rows_total\{table="applied_events"\} [1-9]\d*$/m);
  }, 60_000);
});
