/** The PostgreSQL schema of the service the events module serves. */
export const EVENTS_SCHEMA = Symbol('EVENTS_SCHEMA');
/** The service's JetStream handles (connection, client, manager). */
export const JETSTREAM = Symbol('JETSTREAM');
/** How long a service keeps an Idempotency-Key (IDEMPOTENCY_TTL_HOURS). */
export const IDEMPOTENCY_TTL_HOURS = Symbol('IDEMPOTENCY_TTL_HOURS');
/** Refusals of an outbox row after which the relay parks it (OUTBOX_PARK_AFTER). */
export const OUTBOX_PARK_AFTER = Symbol('OUTBOX_PARK_AFTER');
