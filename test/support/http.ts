import request from 'supertest';
import { checkResponse } from './contract.js';
import type { TestPlatform } from './platform.js';

/** A supertest request whose response is checked against the gateway's OpenAPI document before the test sees it. */
function checked(test: request.Test, method: string, url: string): request.Test {
  const then = test.then.bind(test);
  test.then = ((onFulfilled, onRejected) =>
    then(async (res) => {
      const body: unknown = res.body;
      const text = typeof res.text === 'string' ? res.text : Buffer.isBuffer(body) ? body.toString() : JSON.stringify(body ?? '');
      await checkResponse(url, method, res.status, (res.headers['content-type'] as string | undefined) ?? null, text);
      return res;
    }).then(onFulfilled, onRejected)) as request.Test['then'];
  return test;
}

/** supertest against the running gateway, signed in as the given bearer token or API key. */
export function api(platform: TestPlatform) {
  const agent = request(platform.url);
  const raw = (method: 'get' | 'post' | 'put' | 'patch' | 'delete') => (path: string) => checked(agent[method](path), method, `${platform.url}${path}`);
  return {
    /** without credentials, paths in full */
    raw: { get: raw('get'), post: raw('post'), put: raw('put'), patch: raw('patch'), delete: raw('delete') },
    as(auth: { token?: string; apiKey?: string }) {
      const headers: Record<string, string> = {};
      if (auth.token) headers.authorization = `Bearer ${auth.token}`;
      if (auth.apiKey) headers['x-api-key'] = auth.apiKey;
      const call = (method: 'get' | 'post' | 'put' | 'patch' | 'delete') => (path: string) => raw(method)(`/api/v1${path}`).set(headers);
      return { get: call('get'), post: call('post'), put: call('put'), patch: call('patch'), delete: call('delete') };
    },
  };
}

/** supertest buffers a binary body (PDF, XLSX) when told to: `.buffer(true).parse(binary)`. */
export function binary(res: request.Response, callback: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}
