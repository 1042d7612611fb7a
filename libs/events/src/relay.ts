import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import pg from 'pg';
import { InvalidArgumentError, InvalidSubjectError, PermissionViolationError } from '@nats-io/transport-node';
import { JetStreamApiError } from '@nats-io/jetstream';
import { eventSubject } from '@app/contracts';
import { EVENTS_SCHEMA, JETSTREAM, OUTBOX_PARK_AFTER } from './tokens.js';
import type { JetStreamHandles } from './stream.js';
import { outboxChannel } from './outbox.js';
import { outboxParked, outboxPublished } from './metrics.js';

const BATCH = 500;
const POLL_MS = 1000;

/**
 * Whether a publish failed for the row itself (a subject this service may not publish, one
 * the client rejects, JetStream's refusal of the message), not for the connection or the
 * stream being unavailable (timeouts, no responders, a closed connection), which never
 * count towards parking: an outage must not park the whole outbox.
 */
export function rejectsTheRow(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; e instanceof Error && depth < 5; depth++, e = e.cause) {
    if (e instanceof PermissionViolationError || e instanceof InvalidSubjectError || e instanceof InvalidArgumentError || e instanceof JetStreamApiError)
      return true;
  }
  return false;
}

/**
 * Publishes committed outbox rows to JetStream with the event id as Nats-Msg-Id and marks
 * them sent only after JetStream acknowledged them. Rows are claimed with SKIP LOCKED, so
 * replicas share the work. A crash between publish and marking makes the next run publish
 * again: JetStream drops the copy inside its duplicate window, and consumers skip event ids
 * they have applied. Each row is published on its own account: one that cannot be published
 * holds back neither its batch nor later rows; when the server refuses it OUTBOX_PARK_AFTER
 * times (rejectsTheRow) it is parked (parked_at, last_error), counted in outbox_parked_total and
 * shown by outbox_parked_events, and left for an operator (deploy/README.md).
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
    /** refusals of one row after which it is parked (OUTBOX_PARK_AFTER) */
    @Optional() @Inject(OUTBOX_PARK_AFTER) private readonly parkAfter: number = 5,
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
      const { published, failed } = await this.dataSource.transaction(async (manager) => {
        // the event as JSON text, published as it comes (not parsed and serialised again here)
        const rows: Array<{ id: string; type: string; event: string }> = await manager.query(
          `SELECT id, type, event::text AS event FROM "${this.schema}".outbox
           WHERE sent_at IS NULL AND parked_at IS NULL ORDER BY created_at, id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
        );
        if (rows.length === 0) return { published: 0, failed: 0 };
        const results = await Promise.allSettled(rows.map((row) => this.jetstream.js.publish(eventSubject(row.type), row.event, { msgID: row.id })));
        const sent = rows.filter((_, i) => results[i].status === 'fulfilled').map((r) => r.id);
        if (sent.length > 0) {
          await manager.query(`UPDATE "${this.schema}".outbox SET sent_at = clock_timestamp() WHERE id = ANY($1::uuid[])`, [sent]);
        }
        const refused = rows.flatMap((row, i) => {
          const result = results[i];
          return result.status === 'rejected' && rejectsTheRow(result.reason)
            ? [{ id: row.id, error: String((result.reason as Error)?.message ?? result.reason) }]
            : [];
        });
        if (refused.length > 0) await this.countRefusals(manager, refused);
        const failed = rows.length - sent.length;
        if (failed > refused.length) {
          const reason = results.find((r): r is PromiseRejectedResult => r.status === 'rejected' && !rejectsTheRow(r.reason))?.reason as unknown;
          this.logger.warn({ err: reason }, `outbox relay: ${failed - refused.length} events not published now; will retry`);
        }
        return { published: sent.length, failed };
      });
      total += published;
      outboxPublished.inc(published);
      // rows that failed are tried again at the next poll, not in a loop now
      if (failed > 0 || published < BATCH) return total;
    }
  }

  /** Counts a refusal of each row; parks those refused parkAfter times. */
  private async countRefusals(manager: EntityManager, refused: Array<{ id: string; error: string }>): Promise<void> {
    const rows: Array<{ id: string; type: string; attempts: number; parked: boolean }> = await manager.query(
      // (a SELECT around the UPDATE: TypeORM gives an UPDATE's rows with its count)
      `WITH counted AS (
         UPDATE "${this.schema}".outbox o
         SET attempts = o.attempts + 1, last_error = r.error,
             parked_at = CASE WHEN o.attempts + 1 >= $3 THEN clock_timestamp() END
         FROM unnest($1::uuid[], $2::text[]) AS r(id, error)
         WHERE o.id = r.id
         RETURNING o.id, o.type, o.attempts, o.parked_at IS NOT NULL AS parked)
       SELECT * FROM counted`,
      [refused.map((r) => r.id), refused.map((r) => r.error), this.parkAfter],
    );
    for (const row of rows.filter((r) => r.parked)) {
      outboxParked.inc();
      this.logger.error(`outbox event ${row.id} (${row.type}) parked after ${row.attempts} refusals: ${refused.find((r) => r.id === row.id)?.error}`);
    }
  }
}
