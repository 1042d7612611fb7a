import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AckPolicy, DeliverPolicy, JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';
import { DataSource } from 'typeorm';
import { DomainError, EVENT_STREAM, LongRequests, RebuildResultDto } from '@app/contracts';
import { setLocalStatementTimeout, statementTimeoutFor } from '@app/database';
import { ConsumerDefinition, EventConsumers, JETSTREAM, type JetStreamHandles, readEvent } from '@app/events';
import { READ_MODEL_TABLES, ReadModelHandlers } from './read-model.handlers.js';

/** The durable consumer that keeps supervision's read models, over every event type. */
const READ_MODELS_CONSUMER = 'supervision-read-models';
const REBUILD_LOCK = 'supervision-read-models-rebuild';
/** The replay's consumer (deploy/nats/permissions.json lists it); the server drops it when idle this long. */
const REBUILD_CONSUMER = 'supervision-rebuild';
const REBUILD_CONSUMER_IDLE_NS = 5 * 60 * 1e9;
const DEADLOCK = '40P01';

@Injectable()
export class ReadModelsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(ReadModelsService.name);
  private readonly definition: ConsumerDefinition;

  constructor(
    private readonly consumers: EventConsumers,
    private readonly handlers: ReadModelHandlers,
    private readonly dataSource: DataSource,
    @Inject(JETSTREAM) private readonly jetstream: JetStreamHandles,
  ) {
    this.definition = {
      durable: READ_MODELS_CONSUMER,
      filter: '>',
      handle: (event, manager) => this.handlers.apply(event, manager),
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.start(this.definition);
  }

  /**
   * Empties the read models and replays the EVENTS stream from its first message up to the
   * last one at the start (consumer supervision-rebuild), through the same handlers and the same per-event dedup as the
   * live consumer. The live consumer keeps running: the reset is one transaction that
   * first truncates the read models (waiting for any event being applied) and then forgets
   * the applied ids, so every event ends up applied exactly once by one or the other.
   */
  async rebuild(): Promise<RebuildResultDto> {
    const started = Date.now();
    const lock = this.dataSource.createQueryRunner();
    await lock.connect();
    try {
      // raw SQL: a session-level advisory lock (pg_try_advisory_lock) so that one rebuild runs at a time
      const [{ locked }] = (await lock.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [REBUILD_LOCK])) as Array<{ locked: boolean }>;
      if (!locked) throw DomainError.conflict('REBUILD_RUNNING', 'a rebuild of the read models is already running');
      try {
        const lastSequence = (await this.jetstream.jsm.streams.info(EVENT_STREAM)).state.last_seq;
        await this.reset();
        let replayed = 0;
        let applied = 0;
        if (lastSequence > 0) {
          const consumer = await this.replayConsumer();
          const messages = await consumer.consume({ max_messages: 500 });
          try {
            for await (const msg of messages) {
              replayed++;
              const event = readEvent(msg.subject, msg.data); // a refused one is in dead_letters already
              if (!('reason' in event) && (await this.consumers.apply(this.definition, event))) applied++;
              if (msg.seq >= lastSequence) break;
            }
          } finally {
            await messages.close();
            await this.jetstream.jsm.consumers.delete(EVENT_STREAM, REBUILD_CONSUMER);
          }
        }
        // a rebuild rewrites every row: fresh statistics, so the first plans are not made on an empty table's
        // raw SQL: refreshes the planner's statistics of the rebuilt tables (ANALYZE)
        await this.dataSource.query(`ANALYZE ${READ_MODEL_TABLES.join(', ')}`);
        const result = { replayed, applied, lastSequence, ms: Date.now() - started };
        this.logger.log(result, 'read models rebuilt from the EVENTS stream');
        return result;
      } finally {
        // raw SQL: releases the advisory lock taken above (pg_advisory_unlock)
        await lock.query('SELECT pg_advisory_unlock(hashtext($1))', [REBUILD_LOCK]);
      }
    } finally {
      await lock.release();
    }
  }

  /**
   * The replay's own consumer, by the one name supervision's NATS user may use for it
   * (deploy/nats/permissions.json): ephemeral, no acks, from the first message; one left by
   * an interrupted rebuild is replaced.
   */
  private async replayConsumer() {
    const { jsm, js } = this.jetstream;
    await jsm.consumers.delete(EVENT_STREAM, REBUILD_CONSUMER).catch((err: unknown) => {
      if (!(err instanceof JetStreamApiError && err.code === JetStreamApiCodes.ConsumerNotFound)) throw err;
    });
    await jsm.consumers.add(EVENT_STREAM, {
      name: REBUILD_CONSUMER,
      ack_policy: AckPolicy.None,
      deliver_policy: DeliverPolicy.All,
      inactive_threshold: REBUILD_CONSUMER_IDLE_NS,
    });
    return js.consumers.get(EVENT_STREAM, REBUILD_CONSUMER);
  }

  private async reset(attempt = 1): Promise<void> {
    try {
      await this.dataSource.transaction(async (manager) => {
        // the TRUNCATE waits for the events being applied; the caller waits for the rebuild
        await setLocalStatementTimeout(manager, statementTimeoutFor(LongRequests.readModelsRebuildMs));
        // raw SQL: empties every read model in one statement (TRUNCATE)
        await manager.query(`TRUNCATE ${READ_MODEL_TABLES.join(', ')}`);
        // raw SQL: a set-based delete of the consumer's applied-event ids
        await manager.query(`DELETE FROM supervision.applied_events WHERE consumer = $1`, [READ_MODELS_CONSUMER]);
      });
    } catch (err) {
      const code = (err as { driverError?: { code?: string } }).driverError?.code;
      if (code === DEADLOCK && attempt < 5) return this.reset(attempt + 1);
      throw err;
    }
  }
}
