import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EVENTS_SCHEMA } from './tokens.js';
import { eventStreamConfig } from './stream.js';
import { housekeepingPurged } from './metrics.js';

const NS_PER_MS = 1e6;
/** sent outbox rows outlive the stream's duplicate window by this much (clock skew, slow relays) */
const OUTBOX_MARGIN_MS = 10 * 60_000;
const INTERVAL_MS = 60_000;
const BATCH = 1000;

/** How long sent outbox rows and applied-event ids are kept, from the EVENTS stream's limits. */
export const retention = {
  /** a re-publish of a sent row after JetStream's duplicate window would not be dropped: keep it that long, and a margin */
  sentOutboxMs: eventStreamConfig(1).duplicate_window / NS_PER_MS + OUTBOX_MARGIN_MS,
  /** an event older than the stream's max_age can no longer be delivered: its dedup row can go */
  appliedEventsMs: eventStreamConfig(1).max_age / NS_PER_MS,
};

/**
 * Purges, every minute and in batches (short transactions, no long locks), the outbox rows
 * sent longer ago than retention.sentOutboxMs and the applied_events rows older than
 * retention.appliedEventsMs; counted in housekeeping_purged_rows_total{table}.
 */
@Injectable()
export class Housekeeping implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(Housekeeping.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(EVENTS_SCHEMA) private readonly schema: string,
  ) {}

  onApplicationBootstrap(): void {
    const run = () => {
      this.running ??= this.purge()
        .catch((err: unknown) => this.logger.warn({ err }, 'housekeeping failed; will retry'))
        .finally(() => (this.running = undefined));
    };
    this.timer = setInterval(run, INTERVAL_MS);
    this.timer.unref();
    run();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass over both tables; returns the rows purged from each. */
  async purge(batch = BATCH): Promise<{ outbox: number; appliedEvents: number }> {
    const outbox = await this.inBatches(
      'outbox',
      `DELETE FROM "${this.schema}".outbox WHERE id IN (
         SELECT id FROM "${this.schema}".outbox WHERE sent_at < clock_timestamp() - $1::interval LIMIT $2)`,
      `${retention.sentOutboxMs} milliseconds`,
      batch,
    );
    const appliedEvents = await this.inBatches(
      'applied_events',
      `DELETE FROM "${this.schema}".applied_events WHERE (consumer, event_id) IN (
         SELECT consumer, event_id FROM "${this.schema}".applied_events WHERE applied_at < clock_timestamp() - $1::interval LIMIT $2)`,
      `${retention.appliedEventsMs} milliseconds`,
      batch,
    );
    return { outbox, appliedEvents };
  }

  private async inBatches(table: string, sql: string, age: string, batch: number): Promise<number> {
    let total = 0;
    for (;;) {
      const [, deleted] = (await this.dataSource.query(sql, [age, batch])) as [unknown, number];
      total += deleted;
      housekeepingPurged.inc({ table }, deleted);
      if (deleted < batch) return total;
    }
  }
}
