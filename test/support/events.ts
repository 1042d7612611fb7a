import { randomUUID } from 'node:crypto';
import type { NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { DomainEvent, EVENT_STREAM, eventSubject } from '@app/contracts';
import type { TestPlatform } from './platform.js';

/**
 * Publishes domain events into JetStream exactly as a producer's outbox relay does
 * (libs/events/src/relay.ts): stream EVENTS, subject `events.<type>`, the JSON DomainEvent
 * as the body, the event id as Nats-Msg-Id, and the producing service's own NATS user (the
 * first segment of the type: `outlets.outlet.filed` is published as `outlets`). Tests use it
 * to stand in for services whose code is not on this branch.
 */
export class EventPublisher {
  private readonly connections = new Map<string, Promise<NatsConnection>>();

  constructor(private readonly platform: TestPlatform) {}

  event<T>(type: string, data: T, occurredAt = new Date().toISOString()): DomainEvent<T> {
    return { id: randomUUID(), type, occurredAt, correlationId: `test-${randomUUID()}`, actor: null, data };
  }

  /** Publishes in order, awaiting each acknowledgement; returns how many JetStream stored (not dropped as duplicates). */
  async publish(...events: DomainEvent[]): Promise<number> {
    let stored = 0;
    for (const event of events) {
      const js = jetstream(await this.as(event.type.split('.')[0]));
      const ack = await js.publish(eventSubject(event.type), JSON.stringify(event), { msgID: event.id });
      if (!ack.duplicate) stored++;
    }
    return stored;
  }

  /** The events of a type in the stream, read back message by message (as the supervision user, which may read the stream). */
  async read<T>(type: string): Promise<Array<DomainEvent<T>>> {
    const jsm = await jetstreamManager(await this.as('supervision'));
    const { first_seq, last_seq } = (await jsm.streams.info(EVENT_STREAM)).state;
    const out: Array<DomainEvent<T>> = [];
    for (let seq = Math.max(first_seq, 1); seq <= last_seq; seq++) {
      const msg = await jsm.streams.getMessage(EVENT_STREAM, { seq });
      if (msg?.subject === eventSubject(type)) out.push(msg.json<DomainEvent<T>>());
    }
    return out;
  }

  /** A request in the Nest microservice wire format, as another service (`user`) would send it. */
  async request<T>(user: string, subject: string, data: unknown): Promise<T> {
    const packet = JSON.stringify({ pattern: subject, id: randomUUID(), data: { principal: null, correlationId: `test-${randomUUID()}`, data } });
    const reply = (await (await this.as(user)).request(subject, packet, { timeout: 3000 })).json<{ response: T; err?: unknown }>();
    if (reply.err) throw new Error(`${subject} failed: ${JSON.stringify(reply.err)}`);
    return reply.response;
  }

  async close(): Promise<void> {
    for (const nc of this.connections.values()) await (await nc).drain();
  }

  private as(user: string): Promise<NatsConnection> {
    let nc = this.connections.get(user);
    if (!nc) {
      nc = this.platform.natsConnection(user);
      this.connections.set(user, nc);
    }
    return nc;
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
