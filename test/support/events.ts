import { randomUUID } from 'node:crypto';
import { connect, NatsConnection } from '@nats-io/transport-node';
import { jetstream, JetStreamClient, jetstreamManager } from '@nats-io/jetstream';
import { DomainEvent, EVENT_STREAM, eventSubject } from '@app/contracts';

/**
 * Publishes domain events into JetStream exactly as a producer's outbox relay does
 * (libs/events/src/relay.ts): stream EVENTS, subject `events.<type>`, the JSON DomainEvent
 * as the body and the event id as Nats-Msg-Id. Tests use it to stand in for services
 * whose code is not on this branch.
 */
export class EventPublisher {
  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
  ) {}

  static async connect(natsUrl: string): Promise<EventPublisher> {
    const nc = await connect({ servers: natsUrl, name: 'test-event-publisher' });
    return new EventPublisher(nc, jetstream(nc));
  }

  event<T>(type: string, data: T, occurredAt = new Date().toISOString()): DomainEvent<T> {
    return { id: randomUUID(), type, occurredAt, correlationId: `test-${randomUUID()}`, actor: null, data };
  }

  /** Publishes in order, awaiting each acknowledgement; returns how many JetStream stored (not dropped as duplicates). */
  async publish(...events: DomainEvent[]): Promise<number> {
    let stored = 0;
    for (const event of events) {
      const ack = await this.js.publish(eventSubject(event.type), JSON.stringify(event), { msgID: event.id });
      if (!ack.duplicate) stored++;
    }
    return stored;
  }

  /** The events of a type in the stream, read back with an ordered consumer. */
  async read<T>(type: string): Promise<Array<DomainEvent<T>>> {
    const jsm = await jetstreamManager(this.nc);
    const info = await jsm.streams.info(EVENT_STREAM);
    if (info.state.last_seq === 0) return [];
    const consumer = await this.js.consumers.get(EVENT_STREAM, { filter_subjects: eventSubject(type) });
    const out: Array<DomainEvent<T>> = [];
    const pending = (await consumer.info()).num_pending;
    if (pending === 0) return out;
    const messages = await consumer.fetch({ max_messages: pending, expires: 2000 });
    for await (const msg of messages) {
      out.push(msg.json<DomainEvent<T>>());
      if (out.length >= pending) break;
    }
    return out;
  }

  get connection(): NatsConnection {
    return this.nc;
  }

  async close(): Promise<void> {
    await this.nc.drain();
  }
}

/** Polls `probe` until it returns a value `accept` takes, or fails after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await probe();
  while (!accept(last)) {
    if (Date.now() > deadline) throw new Error(`condition not reached within ${timeoutMs} ms; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
    last = await probe();
  }
  return last;
}
