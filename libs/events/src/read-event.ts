import { DomainEvent, EVENT_SUBJECT_PREFIX, eventSubject } from '@app/contracts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Why a message is not an event a consumer may apply. */
export interface Rejection {
  reason: 'NOT_JSON' | 'INVALID' | 'WRONG_PRODUCER';
  detail: string;
}

/**
 * The event a message of the EVENTS stream carries, or why it is refused. The producing
 * service is the one in the subject (`events.<service>.…`: NATS lets each service publish
 * only its own), so the body's type must be exactly the subject's: a body that claims
 * another service's type, a body that is not JSON or lacks the envelope's fields is refused.
 */
export function readEvent(subject: string, body: Uint8Array): DomainEvent | Rejection {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch (err) {
    return { reason: 'NOT_JSON', detail: (err as Error).message };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { reason: 'INVALID', detail: 'the body is not a JSON object' };
  const e = parsed as Partial<Record<keyof DomainEvent, unknown>>;
  const missing = [
    typeof e.id === 'string' && UUID.test(e.id) ? null : 'id (uuid)',
    typeof e.type === 'string' && e.type.split('.').length >= 2 ? null : 'type',
    typeof e.occurredAt === 'string' && !Number.isNaN(Date.parse(e.occurredAt)) ? null : 'occurredAt',
    e.data !== undefined && e.data !== null ? null : 'data',
  ].filter((f) => f !== null);
  if (missing.length > 0) return { reason: 'INVALID', detail: `missing or malformed: ${missing.join(', ')}` };
  const event = parsed as DomainEvent;
  if (subject !== eventSubject(event.type)) {
    const producer = subject.startsWith(`${EVENT_SUBJECT_PREFIX}.`) ? subject.split('.')[1] : '?';
    return { reason: 'WRONG_PRODUCER', detail: `published by ${producer} on ${subject} but claims type ${event.type}` };
  }
  return event;
}

/**
 * Durable JetStream consumers that apply each event id once: the handler runs in a
 * transaction that also records (consumer, event id) in applied_events; an id already
 * there is acked and skipped. The ack comes only after the commit, so a crash before it
 * redelivers the event and the dedup row makes the second delivery a no-op. A message that
 * is not a valid event of the service in its subject (readEvent) is kept in `dead_letters`,
 * logged, counted (`events_dead_lettered_total`) and terminated: never redelivered forever,
 * never stopping the consumer.
 */
