import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import pg from 'pg';
import { DomainEvent, eventSubject } from '@app/contracts';
import { EVENTS_SCHEMA, JETSTREAM } from './tokens.js';
import type { JetStreamHandles } from './stream.js';
import { outboxChannel } from './outbox.js';
import { outboxPublished } from './metrics.js';

const BATCH = 500;
const POLL_MS = 1000;

/**
 * Publishes committed outbox rows to JetStream with the event id as Nats-Msg-Id and marks
 * them sent only after JetStream acknowledged them. Rows are claimed with SKIP LOCKED, so
 * replicas share the work. A crash between publish and marking makes the next run publish
 * again: JetStream drops the copy inside its duplicate window, and consumers skip event ids
 * they have applied.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private listener?: pg.Client;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(EVENTS_SCHEMA) private readonly schema: string,
    @Inject(JETSTREAM) private readonly jetstream: JetStreamHandles,
    @Inject('DATABASE_URL') private readonly databaseUrl: string,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.listener = new pg.Client({ connectionString: this.databaseUrl, application_name: `${this.schema}-outbox` });
    this.listener.on('notification', () => this.wake());
    this.listener.on('error', (err: Error) => this.logger.warn({ err }, 'outbox listener lost; polling continues'));
    await this.listener.connect();
    await this.listener.query(`LISTEN ${outboxChannel(this.schema)}`);
    this.timer = setInterval(() => this.wake(), POLL_MS);
    this.wake();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
    await this.listener?.end().catch(() => undefined);
  }

  /** Runs a drain now, or once more after the one under way. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .then(() => undefined)
      .catch((err) => this.logger.warn({ err }, 'outbox relay failed; will retry'))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  /** Publishes every pending row; returns how many were published. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const published = await this.dataSource.transaction(async (manager) => {
        const rows: Array<{ id: string; type: string; event: DomainEvent }> = await manager.query(
          `SELECT id, type, event FROM "${this.schema}".outbox
           WHERE sent_at IS NULL ORDER BY created_at, id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
        );
        if (rows.length === 0) return 0;
        await Promise.all(
          rows.map((row) => this.jetstream.js.publish(eventSubject(row.type), JSON.stringify(row.event), { msgID: row.id })),
        );
        await manager.query(`UPDATE "${this.schema}".outbox SET sent_at = clock_timestamp() WHERE id = ANY($1::uuid[])`, [
          rows.map((r) => r.id),
        ]);
        return rows.length;
      });
      total += published;
      outboxPublished.inc(published);
      if (published < BATCH) return total;
    }
  }
}
