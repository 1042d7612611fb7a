import { DomainError, Envelope, isServiceProblem, Principal, type RequestOf, type RequestSubject, type ResponseOf } from '@app/contracts';
import { NatsConnection, RequestError, TimeoutError, NoRespondersError } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';

export interface RequestMeta {
  principal: Principal | null;
  correlationId: string;
  idempotencyKey?: string;
}

/** Nest's NATS wire format for a request and its reply. */
interface NestReply<T> {
  id: string;
  response?: T;
  err?: unknown;
  isDisposed?: boolean;
}

/** Request data already encoded as JSON (a bulk message encoded once by its sender), sent as it is. */
export class JsonText {
  constructor(readonly json: string) {}
}

export type RequestObserver = (subject: string, seconds: number, outcome: 'ok' | 'error' | 'unavailable') => void;

/**
 * Request/reply to a service over NATS, speaking the Nest microservice wire format. A
 * service that does not answer in time, or has no responder at all, becomes a 503
 * DomainError at once; a service's own error comes back as the DomainError it threw. The
 * request and response types are those the access table declares for the subject.
 */
export class ServiceRequester {
  constructor(
    private readonly nc: NatsConnection,
    private readonly timeoutMs: number,
    private readonly observe?: RequestObserver,
  ) {}

  async request<S extends RequestSubject>(subject: S, data: RequestOf<S> | JsonText, meta: RequestMeta, timeoutMs = this.timeoutMs): Promise<ResponseOf<S>> {
    const envelope: Envelope = { principal: meta.principal, correlationId: meta.correlationId, data: data instanceof JsonText ? null : data };
    if (meta.idempotencyKey) envelope.idempotencyKey = meta.idempotencyKey;
    const packet =
      data instanceof JsonText ? packetAround(subject, envelope, data.json) : JSON.stringify({ pattern: subject, data: envelope, id: randomUUID() });
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    let reply: NestReply<ResponseOf<S>>;
    try {
      const msg = await this.nc.request(subject, packet, { timeout: timeoutMs });
      reply = msg.json<NestReply<ResponseOf<S>>>();
    } catch (err) {
      this.observe?.(subject, seconds(), 'unavailable');
      throw unavailable(subject, err);
    }
    if (reply.err !== undefined && reply.err !== null) {
      this.observe?.(subject, seconds(), 'error');
      if (isServiceProblem(reply.err)) throw DomainError.fromProblem(reply.err);
      throw new DomainError(500, 'REMOTE_ERROR', `${subject} failed`);
    }
    this.observe?.(subject, seconds(), 'ok');
    return reply.response as ResponseOf<S>;
  }
}

/** The wire packet of `envelope` whose `data` is the JSON text `json`, without encoding that text again. */
function packetAround(subject: string, envelope: Envelope, json: string): string {
  const head = JSON.stringify({ pattern: subject, id: randomUUID(), data: { ...envelope, data: undefined } });
  return `${head.slice(0, -2)},"data":${json}}}`;
}

function unavailable(subject: string, err: unknown): DomainError {
  const service = subject.split('.')[0];
  const noResponders = err instanceof NoRespondersError || (err instanceof RequestError && err.isNoResponders());
  const timedOut = err instanceof TimeoutError || (err instanceof RequestError && err.cause instanceof TimeoutError);
  const why = noResponders ? 'is not running' : timedOut ? 'did not answer in time' : 'could not be reached';
  return new DomainError(503, 'SERVICE_UNAVAILABLE', `the ${service} service ${why}; try again shortly`);
}
