import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { EVENT_STREAM } from '@app/contracts';
import { serviceMetrics } from '@app/messaging';
import { EVENTS_SCHEMA, JETSTREAM } from './tokens.js';
import type { JetStreamHandles } from './stream.js';

/** Durable consumers started in this process (EventConsumers.start), for the lag gauge. */
export const consumerDurables = new Set<string>();

export const eventApplyFailures = new Counter({
  name: 'event_apply_failures_total',
  help: 'Events a consumer failed to apply (redelivered every 2 s until they apply), by durable',
  labelNames: ['durable'],
  registers: [serviceMetrics],
});

export const deadLettered = new Counter({
  name: 'events_dead_lettered_total',
  help: 'Event messages a consumer could not parse or validate, kept in dead_letters and terminated',
  labelNames: ['consumer', 'reason'],
  registers: [serviceMetrics],
});

export const outboxPublished = new Counter({
  name: 'outbox_published_total',
  help: 'Outbox events published to JetStream by this process',
  registers: [serviceMetrics],
});

export const outboxParked = new Counter({
  name: 'outbox_parked_total',
  help: 'Outbox events this process parked after the server refused them repeatedly (see outbox_parked_events)',
  registers: [serviceMetrics],
});

export const housekeepingPurged = new Counter({
  name: 'housekeeping_purged_rows_total',
  help: 'Rows purged by housekeeping: sent outbox rows past the duplicate window, applied-event ids past the stream retention',
  labelNames: ['table'],
  registers: [serviceMetrics],
});

interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options: { max: number };
}

/**
 * The events side of a service on its /metrics (OPS_PORT): outbox backlog and the age of
 * its oldest unsent event, events parked as unpublishable, consumer lag per durable, events that failed to apply (the dead
 * letters: a consumer redelivers them every 2 s until they apply), events published, and
 * the database pool. Gauges are read at scrape time.
 */
@Injectable()
export class EventMetrics {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(EVENTS_SCHEMA) private readonly schema: string,
    @Inject(JETSTREAM) private readonly jetstream: JetStreamHandles,
  ) {
    const pending: Gauge = new Gauge({
      name: 'outbox_pending_events',
      help: 'Outbox rows not yet published to JetStream',
      registers: [serviceMetrics],
      collect: async () => pending.set((await this.outbox()).pending),
    });
    const oldest: Gauge = new Gauge({
      name: 'outbox_oldest_pending_age_seconds',
      help: 'Age of the oldest outbox row not yet published (0 when none)',
      registers: [serviceMetrics],
      collect: async () => oldest.set((await this.outbox()).oldestSeconds),
    });
    const parked: Gauge = new Gauge({
      name: 'outbox_parked_events',
      help: 'Outbox rows parked because the server refused to take them (left for an operator)',
      registers: [serviceMetrics],
      collect: async () => parked.set((await this.outbox()).parked),
    });
    const lag: Gauge = new Gauge({
      name: 'event_consumer_lag_messages',
      help: 'Messages of the EVENTS stream a durable consumer has not yet delivered or had acked',
      labelNames: ['durable'],
      registers: [serviceMetrics],
      collect: async () => {
        lag.reset();
        for (const durable of consumerDurables) {
          const info = await this.jetstream.jsm.consumers.info(EVENT_STREAM, durable);
          lag.set({ durable }, info.num_pending + info.num_ack_pending);
        }
      },
    });
    const pool: Gauge = new Gauge({
      name: 'db_pool_connections',
      help: 'Connections of the database pool by state (total, idle, waiting requests, max)',
      labelNames: ['state'],
      registers: [serviceMetrics],
      collect: () => {
        const pg = (this.dataSource.driver as unknown as { master: PgPool }).master;
        pool.set({ state: 'total' }, pg.totalCount);
        pool.set({ state: 'idle' }, pg.idleCount);
        pool.set({ state: 'waiting' }, pg.waitingCount);
        pool.set({ state: 'max' }, pg.options.max);
      },
    });
  }

  private async outbox(): Promise<{ pending: number; oldestSeconds: number; parked: number }> {
    const [row]: Array<{ pending: number; oldest: number | null; parked: number }> = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE parked_at IS NULL)::int AS pending,
              extract(epoch FROM clock_timestamp() - min(created_at) FILTER (WHERE parked_at IS NULL))::float AS oldest,
              count(*) FILTER (WHERE parked_at IS NOT NULL)::int AS parked
       FROM "${this.schema}".outbox WHERE sent_at IS NULL`,
    );
    return { pending: row.pending, oldestSeconds: row.oldest ?? 0, parked: row.parked };
  }
}
