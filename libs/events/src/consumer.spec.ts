import type { DataSource, EntityManager } from 'typeorm';
import { Role, type DomainEvent } from '@app/contracts';
import { EventConsumers, type ConsumerDefinition } from './consumer.js';
import type { JetStreamHandles } from './stream.js';

const event = (id: string): DomainEvent => ({
  id,
  type: 'outlets.outlet.filed',
  occurredAt: '2026-11-29T08:00:00.000Z',
  correlationId: 'c',
  actor: { sub: 'u', role: Role.Staff, orgId: null, regionCode: '14' },
  data: { outletId: 'o1' },
});

/** A database whose applied_events table holds `applied` (consumer|event id), as ON CONFLICT DO NOTHING would. */
function consumersOver(applied: Set<string>) {
  const statements: Array<{ sql: string; params: unknown[] }> = [];
  const manager = {
    query: async (sql: string, params: unknown[] = []) => {
      statements.push({ sql, params });
      if (sql.includes('applied_events')) {
        const key = `${String(params[0])}|${String(params[1])}`;
        if (applied.has(key)) return [];
        applied.add(key);
        return [{ event_id: params[1] }];
      }
      return [];
    },
  } as unknown as EntityManager;
  const dataSource = {
    transaction: async <T>(work: (m: EntityManager) => Promise<T>) => work(manager),
    query: (sql: string, params: unknown[]) => manager.query(sql, params),
  } as unknown as DataSource;
  return { consumers: new EventConsumers(dataSource, 'supervision', {} as JetStreamHandles), statements };
}

describe('EventConsumers.apply', () => {
  it('applies a new event once, recording its id for the consumer in the same transaction', async () => {
    const handled: string[] = [];
    const definition: ConsumerDefinition = { durable: 'supervision-read-models', handle: async (e) => void handled.push(e.id) };
    const { consumers, statements } = consumersOver(new Set());
    await expect(consumers.apply(definition, event('e1'))).resolves.toBe(true);
    expect(handled).toEqual(['e1']);
    expect(statements[0].sql).toContain('INSERT INTO "supervision".applied_events (consumer, event_id)');
    expect(statements[0].sql).toContain('ON CONFLICT DO NOTHING');
    expect(statements[0].params).toEqual(['supervision-read-models', 'e1']);
  });

  it('skips an event id the consumer has applied before: the handler does not run again', async () => {
    const handled: string[] = [];
    const definition: ConsumerDefinition = { durable: 'supervision-read-models', handle: async (e) => void handled.push(e.id) };
    const { consumers } = consumersOver(new Set(['supervision-read-models|e1']));
    await expect(consumers.apply(definition, event('e1'))).resolves.toBe(false);
    await expect(consumers.apply(definition, event('e2'))).resolves.toBe(true);
    await expect(consumers.apply(definition, event('e2'))).resolves.toBe(false);
    expect(handled).toEqual(['e2']);
  });

  it('keeps the applied ids per consumer: another durable applies the same event', async () => {
    const handled: string[] = [];
    const { consumers } = consumersOver(new Set(['supervision-read-models|e1']));
    const other: ConsumerDefinition = { durable: 'supervision-credit', handle: async (e) => void handled.push(e.id) };
    await expect(consumers.apply(other, event('e1'))).resolves.toBe(true);
    expect(handled).toEqual(['e1']);
  });

  it('fails with the handler, so the event is redelivered', async () => {
    const { consumers } = consumersOver(new Set());
    const failing: ConsumerDefinition = { durable: 'd', handle: async () => Promise.reject(new Error('handler failed')) };
    await expect(consumers.apply(failing, event('e3'))).rejects.toThrow('handler failed');
  });
});
