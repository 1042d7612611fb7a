import { Logger } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { JetStreamApiError } from '@nats-io/jetstream';
import { PermissionViolationError, TimeoutError } from '@nats-io/transport-node';
import { eventSubject } from '@app/contracts';
import { OutboxRelay, rejectsTheRow } from './relay.js';
import type { JetStreamHandles } from './stream.js';

interface Row {
  id: string;
  type: string;
  /** the event's JSON text, as the claim selects it */
  event: string;
}

const row = (n: number, type = 'outlets.outlet.filed'): Row => {
  const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  return { id, type, event: JSON.stringify({ id, type }) };
};

/**
 * A database holding `pending` outbox rows: the claim returns them, and the statements that
 * mark them sent or count refusals are kept. JetStream answers each publish by `publish`.
 */
function relayOver(pending: Row[], publish: (subject: string, msgID: string) => Promise<unknown>, parkAfter = 5) {
  const statements: Array<{ sql: string; params: unknown[] }> = [];
  let claimed = false;
  const manager = {
    query: async (sql: string, params: unknown[] = []) => {
      statements.push({ sql, params });
      if (sql.includes('FOR UPDATE SKIP LOCKED')) {
        if (claimed) return [];
        claimed = true;
        return pending;
      }
      if (sql.includes('WITH counted AS')) {
        const [ids] = params as [string[]];
        return ids.map((id) => ({ id, type: 'outlets.outlet.filed', attempts: parkAfter, parked: true }));
      }
      return [];
    },
  } as unknown as EntityManager;
  const dataSource = { transaction: async <T>(work: (m: EntityManager) => Promise<T>) => work(manager) } as unknown as DataSource;
  const published: Array<{ subject: string; msgID: string; data: string }> = [];
  const jetstream = {
    js: {
      publish: async (subject: string, data: string, opts: { msgID: string }) => {
        published.push({ subject, msgID: opts.msgID, data });
        return publish(subject, opts.msgID);
      },
    },
  } as unknown as JetStreamHandles;
  const relay = new OutboxRelay(dataSource, 'outlets', jetstream, 'postgres://unused', parkAfter);
  return { relay, statements, published };
}

const refusal = () => new PermissionViolationError('Permissions Violation for Publish', 'publish', 'events.x');

describe('OutboxRelay', () => {
  // the relay logs each refusal and outage it meets; here they are the point of the test
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['log', 'error', 'warn']));

  it('claims unsent, unparked rows with SKIP LOCKED, publishes each with its id as Nats-Msg-Id, and marks exactly those sent', async () => {
    const rows = [row(1), row(2), row(3)];
    const { relay, statements, published } = relayOver(rows, async () => ({ seq: 1 }));
    await expect(relay.drain()).resolves.toBe(3);
    const claim = statements[0].sql;
    expect(claim).toContain('FROM "outlets".outbox');
    expect(claim).toMatch(/WHERE sent_at IS NULL AND parked_at IS NULL ORDER BY created_at, id LIMIT \d+ FOR UPDATE SKIP LOCKED/);
    // the row's JSON text is the message, as stored
    expect(published).toEqual(rows.map((r) => ({ subject: eventSubject(r.type), msgID: r.id, data: r.event })));
    const mark = statements.find((s) => s.sql.includes('SET sent_at'));
    expect(mark?.sql).toContain('UPDATE "outlets".outbox SET sent_at');
    expect(mark?.params).toEqual([rows.map((r) => r.id)]);
  });

  it('marks only the rows JetStream acknowledged; an outage counts no refusal', async () => {
    const rows = [row(1), row(2), row(3)];
    const { relay, statements } = relayOver(rows, async (_s, id) => (id === rows[1].id ? Promise.reject(new TimeoutError()) : { seq: 1 }));
    await expect(relay.drain()).resolves.toBe(2);
    expect(statements.find((s) => s.sql.includes('SET sent_at'))?.params).toEqual([[rows[0].id, rows[2].id]]);
    expect(statements.some((s) => s.sql.includes('attempts'))).toBe(false);
  });

  it('counts a refusal of the row itself, with the error and the park threshold, and marks nothing sent when nothing was', async () => {
    const rows = [row(1)];
    const { relay, statements } = relayOver(rows, async () => Promise.reject(refusal()), 3);
    await expect(relay.drain()).resolves.toBe(0);
    expect(statements.some((s) => s.sql.includes('SET sent_at'))).toBe(false);
    const counted = statements.find((s) => s.sql.includes('WITH counted AS'));
    expect(counted?.sql).toContain('parked_at = CASE WHEN o.attempts + 1 >= $3');
    expect(counted?.params).toEqual([[rows[0].id], ['Permissions Violation for Publish'], 3]);
  });

  it('tells a refusal of the row from an outage, through causes', () => {
    expect(rejectsTheRow(refusal())).toBe(true);
    expect(rejectsTheRow(new JetStreamApiError({ code: 400, err_code: 10054, description: 'bad message' }))).toBe(true);
    expect(rejectsTheRow(new Error('publish failed', { cause: refusal() }))).toBe(true);
    expect(rejectsTheRow(new TimeoutError())).toBe(false);
    expect(rejectsTheRow(new Error('connection closed'))).toBe(false);
    expect(rejectsTheRow('not an error')).toBe(false);
  });
});
