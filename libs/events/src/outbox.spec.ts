import type { EntityManager } from 'typeorm';
import { Role, type DomainEvent } from '@app/contracts';
import type { RequestMeta } from '@app/messaging';
import { Outbox, outboxChannel } from './outbox.js';

const meta: RequestMeta = { principal: { sub: 'u1', role: Role.Staff, orgId: null, regionCode: '1401' }, correlationId: 'corr-7' };

/** An EntityManager that keeps every statement the outbox sends inside the caller's transaction. */
function recordingManager() {
  const statements: Array<{ sql: string; params: unknown[] }> = [];
  const manager = { query: async (sql: string, params: unknown[] = []) => void statements.push({ sql, params }) } as unknown as EntityManager;
  return { manager, statements };
}

describe('Outbox', () => {
  it('writes the event into the schema outbox under its id, through the caller’s manager, and notifies the relay in the same statement', async () => {
    const { manager, statements } = recordingManager();
    const event = await new Outbox('green').add(manager, 'green.report.submitted', { reportId: 'r1' }, meta);
    expect(event).toMatchObject({ type: 'green.report.submitted', correlationId: 'corr-7', actor: meta.principal, data: { reportId: 'r1' } });
    expect(event.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number.isNaN(Date.parse(event.occurredAt))).toBe(false);
    expect(statements).toHaveLength(1);
    expect(statements[0].sql).toContain('INSERT INTO "green".outbox (id, type, event)');
    expect(statements[0].sql).toContain('pg_notify($4');
    const [id, type, body, channel] = statements[0].params as [string, string, string, string];
    expect([id, type, JSON.parse(body), channel]).toEqual([event.id, 'green.report.submitted', event, outboxChannel('green')]);
    expect(outboxChannel('green')).toBe('outbox_green');
  });

  it('writes many events in one statement with one id each, and nothing at all for none', async () => {
    const { manager, statements } = recordingManager();
    const events = await new Outbox('subsidies').addMany(manager, 'subsidies.count.recorded', [{ n: 1 }, { n: 2 }, { n: 3 }], meta);
    expect(events.map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(new Set(events.map((e) => e.id)).size).toBe(3);
    expect(statements).toHaveLength(1);
    expect(statements[0].sql).toContain('INSERT INTO "subsidies".outbox');
    expect(statements[0].sql).toContain('pg_notify($4');
    const [type, ids, bodies, channel] = statements[0].params as [string, string[], string[], string];
    expect(channel).toBe(outboxChannel('subsidies'));
    expect(type).toBe('subsidies.count.recorded');
    expect(ids).toEqual(events.map((e) => e.id));
    expect(bodies.map((b) => JSON.parse(b) as DomainEvent)).toEqual(events);

    const empty = recordingManager();
    await expect(new Outbox('subsidies').addMany(empty.manager, 'subsidies.count.recorded', [], meta)).resolves.toEqual([]);
    expect(empty.statements).toEqual([]);
  });
});
