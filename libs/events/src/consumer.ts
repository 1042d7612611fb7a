import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { AckPolicy, ConsumerMessages, DeliverPolicy, JetStreamApiCodes, JetStreamApiError, JsMsg } from '@nats-io/jetstream';
import { DataSource, EntityManager } from 'typeorm';
import { DomainEvent, EVENT_STREAM, eventSubject } from '@app/contracts';
import { EVENTS_SCHEMA, JETSTREAM } from './tokens.js';
import { readEvent, type Rejection } from './read-event.js';
import type { JetStreamHandles } from './stream.js';
import { consumerDurables, deadLettered, eventApplyFailures } from './metrics.js';

export interface ConsumerDefinition {
  /** durable consumer name, unique on the stream (e.g. `supervision-read-models`) */
  durable: string;
  /** event types to receive: exact types or NATS wildcards, e.g. `outlets.>`; default all */
  filter?: string;
  /** applies one event inside a transaction; the event is acked after it commits */
  handle(event: DomainEvent, manager: EntityManager): Promise<void>;
}

const ACK_WAIT_NS = 30 * 1e9;
const RETRY_DELAY_MS = 2000;
/** Longest body kept in a dead-letter record. */
const DEAD_LETTER_BODY_LIMIT = 64 * 1024;

@Injectable()
export class EventConsumers implements OnApplicationShutdown {
  private readonly logger = new Logger(EventConsumers.name);
  private readonly loops: Array<{ messages: ConsumerMessages; done: Promise<void> }> = [];

  constructor(
    private readonly dataSource: DataSource,
    @Inject(EVENTS_SCHEMA) private readonly schema: string,
    @Inject(JETSTREAM) private readonly jetstream: JetStreamHandles,
  ) {}

  async start(definition: ConsumerDefinition): Promise<void> {
    const { jsm, js } = this.jetstream;
    const config = {
      durable_name: definition.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: ACK_WAIT_NS,
      max_ack_pending: 1000,
      filter_subject: eventSubject(definition.filter ?? '>'),
    };
    try {
      await jsm.consumers.info(EVENT_STREAM, definition.durable);
      await jsm.consumers.update(EVENT_STREAM, definition.durable, { filter_subject: config.filter_subject });
    } catch (err) {
      if (!(err instanceof JetStreamApiError && err.code === JetStreamApiCodes.ConsumerNotFound)) throw err;
      await jsm.consumers.add(EVENT_STREAM, config);
    }
    consumerDurables.add(definition.durable);
    const consumer = await js.consumers.get(EVENT_STREAM, definition.durable);
    const messages = await consumer.consume({ max_messages: 200 });
    const done = (async () => {
      for await (const msg of messages) {
        const event = readEvent(msg.subject, msg.data);
        try {
          if ('reason' in event) {
            await this.deadLetter(definition.durable, msg, event);
            msg.term();
            continue;
          }
          await this.apply(definition, event);
          msg.ack();
        } catch (err) {
          eventApplyFailures.inc({ durable: definition.durable });
          this.logger.error({ err, seq: msg.seq, subject: msg.subject, consumer: definition.durable }, 'event not applied; redelivering');
          msg.nak(RETRY_DELAY_MS);
        }
      }
    })();
    this.loops.push({ messages, done });
  }

  /** Keeps a refused message (once per consumer and stream sequence), logs and counts it. */
  async deadLetter(consumer: string, msg: Pick<JsMsg, 'subject' | 'seq' | 'data'>, rejection: Rejection): Promise<void> {
    const body = new TextDecoder().decode(msg.data.subarray(0, DEAD_LETTER_BODY_LIMIT));
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO "${this.schema}".dead_letters (consumer, stream_seq, subject, reason, detail, body)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id`,
      [consumer, msg.seq, msg.subject, rejection.reason, rejection.detail, body],
    );
    if (inserted.length === 0) return;
    deadLettered.inc({ consumer, reason: rejection.reason });
    this.logger.error(
      { consumer, seq: msg.seq, subject: msg.subject, reason: rejection.reason, detail: rejection.detail },
      'event refused: kept in dead_letters',
    );
  }

  /** Applies an event once per consumer; returns false when it had been applied before. */
  async apply(definition: ConsumerDefinition, event: DomainEvent): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO "${this.schema}".applied_events (consumer, event_id) VALUES ($1, $2)
         ON CONFLICT DO NOTHING RETURNING event_id`,
        [definition.durable, event.id],
      );
      if (inserted.length === 0) return false;
      await definition.handle(event, manager);
      return true;
    });
  }

  async onApplicationShutdown(): Promise<void> {
    for (const loop of this.loops) await loop.messages.close();
    await Promise.all(this.loops.map((l) => l.done));
  }
}
