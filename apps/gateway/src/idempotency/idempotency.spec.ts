import type { PlatformRequest } from '../auth/platform-request.js';
import { keepRawBody, requestHash } from './idempotency.js';

/** A request as the body parser leaves it: the parsed value, and (for JSON) its bytes kept by keepRawBody. */
function parsed(text: string, url = '/api/v1/waybills'): PlatformRequest {
  const req = { method: 'POST', originalUrl: url, body: JSON.parse(text) as unknown } as PlatformRequest;
  keepRawBody(req, Buffer.from(text));
  return req;
}

describe('the Idempotency-Key request hash', () => {
  const rows = [{ waybillNo: 'ZT0000000001', brand: 'ZTO' }];

  it('hashes the body bytes as received, not the parsed value serialised again', () => {
    const compact = JSON.stringify(rows);
    expect(requestHash(parsed(compact))).toBe(requestHash(parsed(compact)));
    // the same value in other bytes is another request
    expect(requestHash(parsed(JSON.stringify(rows, null, 2)))).not.toBe(requestHash(parsed(compact)));
    // as is another value, another method or another URL
    expect(requestHash(parsed(JSON.stringify([{ ...rows[0], brand: 'SF' }])))).not.toBe(requestHash(parsed(compact)));
    expect(requestHash(parsed(compact, '/api/v1/parcel-counts'))).not.toBe(requestHash(parsed(compact)));
    expect(requestHash({ ...parsed(compact), method: 'PUT' } as PlatformRequest)).not.toBe(requestHash(parsed(compact)));
  });

  it('hashes text and binary bodies as they are, and a request without a body as null', () => {
    const text = (body: unknown) => ({ method: 'POST', originalUrl: '/api/v1/waybills', body }) as PlatformRequest;
    expect(requestHash(text('a\nb'))).toBe(requestHash(text('a\nb')));
    expect(requestHash(text(Buffer.from('a\nb')))).toBe(requestHash(text('a\nb')));
    expect(requestHash(text('a\nc'))).not.toBe(requestHash(text('a\nb')));
    expect(requestHash(text(undefined))).toBe(requestHash(text(null)));
    expect(requestHash(text(undefined))).not.toBe(requestHash(text('')));
  });
});
