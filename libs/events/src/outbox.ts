import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { DomainEvent } from '@app/contracts';
import type { RequestMeta } from '@app/messaging';
import { EVENTS_SCHEMA } from './tokens.js';

export function outboxChannel(schema: string): string {
  return `outbox_${schema}`;
}

/**
 * Writes domain events into the service's outbox inside the caller's transaction: the
 * event exists exactly when the change it reports was committed. The relay publishes it
 * to JetStream after the commit (woken by NOTIFY, which PostgreSQL delivers only on commit).
 */
@Injectable()
export class Outbox {
  constructor(@Inject(EVENTS_SCHEMA) private readonly schema: string) {}

  async add<T>(manager: EntityManager, type: string, data: T, meta: RequestMeta): Promise<DomainEvent<T>> {
    const event: DomainEvent<T> = {
      id: randomUUID(),
      type,
      occurredAt: new Date().toISOString(),
      correlationId: meta.correlationId,
      actor: meta.principal,
      data,
    };
    // the row and the relay's wake-up in one round trip
    await manager.query(
      `WITH added AS (INSERT INTO "${this.schema}".outbox (id, type, event) VALUES ($1, $2, $3) RETURNING 1) SELECT pg_notify($4, '') FROM added`,
      [event.id, type, JSON.stringify(event), outboxChannel(this.schema)],
    );
    return event;
  }

  /** Writes one event of `type` per payload in one statement (bulk paths). */
  async addMany<T>(manager: EntityManager, type: string, data: T[], meta: RequestMeta): Promise<Array<DomainEvent<T>>> {
    if (data.length === 0) return [];
    const occurredAt = new Date().toISOString();
    const events = data.map<DomainEvent<T>>((item) => ({
      id: randomUUID(),
      type,
      occurredAt,
      correlationId: meta.correlationId,
      actor: meta.principal,
      data: item,
    }));
    await manager.query(
      `WITH added AS (
         INSERT INTO "${this.schema}".outbox (id, type, event)
         SELECT e.id, $1, e.event FROM unnest($2::uuid[], $3::jsonb[]) AS e(id, event)
         RETURNING 1)
       SELECT pg_notify($4, '') WHERE EXISTS (SELECT 1 FROM added)`,
      [type, events.map((e) => e.id), events.map((e) => JSON.stringify(e)), outboxChannel(this.schema)],
    );
    return events;
  }
}
