import { DomainError } from '@app/contracts';
import type { RequestMeta } from '@app/messaging';
import type { PlatformRequest } from '../auth/request-context.js';

/**
 * The request's meta with the client's `Idempotency-Key` (when sent), so the subsidies
 * service can make a retried ingest exactly-once by itself.
 */
export function withIdempotencyKey(meta: RequestMeta, req: PlatformRequest): RequestMeta {
  const key = req.headers['idempotency-key'];
  if (key === undefined) return meta;
  if (typeof key !== 'string' || !/^[\x21-\x7e]{1,200}$/.test(key)) {
    throw new DomainError(400, 'BAD_IDEMPOTENCY_KEY', 'Idempotency-Key must be 1–200 visible ASCII characters', [
      { field: 'Idempotency-Key', message: 'invalid' },
    ]);
  }
  return { ...meta, idempotencyKey: key };
}
