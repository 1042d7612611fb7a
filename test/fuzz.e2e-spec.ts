import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { TestPlatform } from './support/platform.js';

/** Bodies per write route: 20 in `npm test`, more with FUZZ_RUNS. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 20);
/** The same bodies every run in `npm test` (a deterministic suite); FUZZ_SEED=random explores, printing its seed on failure. */
const SEED = process.env.FUZZ_SEED === 'random' ? undefined : Number(process.env.FUZZ_SEED ?? 20261129);

/** Hostile JSON: wrong types, huge strings, deep nesting, prototype keys, unicode, extreme numbers. */
const hostileValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(null, true, false, 0, -1, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 0.1, '', '0', 'null', '2023-02-30', '14', '\u0000', '💥'.repeat(50)),
    fc.double(),
    fc.integer(),
    fc.string({ unit: 'binary', maxLength: 50 }),
    fc.string({ minLength: 10_000, maxLength: 20_000 }),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('__proto__', 'constructor', 'prototype')), tie('value'), { maxKeys: 5 }),
  ),
})).value;

const nested = (depth: number): unknown => (depth === 0 ? 1 : { a: nested(depth - 1) });

const hostileBody = fc.oneof(
  hostileValue,
  fc.constant(JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}') as unknown),
  fc.constant(nested(500)),
);

describe('fuzzing every write route of the served document (fast-check)', () => {
  const platform = new TestPlatform({ env: { RATE_LIMIT: '1000000' } });
  let token: string;
  let routes: Array<{ method: string; path: string; takesBody: boolean }>;

  beforeAll(async () => {
    await platform.start();
    token = await platform.adminToken();
    const document = (await (await fetch(`${platform.url}/docs-json`)).json()) as { paths: Record<string, Record<string, { requestBody?: unknown }>> };
    routes = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([m]) => ['post', 'put', 'patch'].includes(m) && path !== '/api/v1/auth/login')
        .map(([method, operation]) => ({ method, path, takesBody: operation.requestBody !== undefined })),
    );
  }, 180_000);

  afterAll(() => platform.stop());

  it(`answers ${RUNS} hostile bodies on every write route with no 5xx but 503, every 4xx a problem document, no hostile body accepted`, async () => {
    let sent = 0;
    for (const route of routes) {
      await fc.assert(
        fc.asyncProperty(hostileBody, async (body) => {
          const url = platform.url + route.path.replace(/\{[^}]+\}/g, () => randomUUID());
          const res = await fetch(url, {
            method: route.method.toUpperCase(),
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify(body) ?? 'null',
          });
          const text = await res.text();
          sent += 1;
          const where = `${route.method.toUpperCase()} ${route.path} → ${res.status}: ${text.slice(0, 300)}`;
          if (res.status >= 500 && res.status !== 503) throw new Error(where);
          // an action without a body (e.g. rebuild a read model) may succeed whatever is sent; a body route may not
          if (res.status < 400 && route.takesBody) throw new Error(`a hostile body was accepted: ${where}`);
          if (res.status < 400) return;
          if (!(res.headers.get('content-type') ?? '').startsWith('application/problem+json')) throw new Error(`not a problem document: ${where}`);
          if (typeof (JSON.parse(text) as { code?: unknown }).code !== 'string') throw new Error(`problem without code: ${where}`);
        }),
        { numRuns: RUNS, seed: SEED },
      );
    }
    process.stdout.write(`fuzz: ${sent} bodies on ${routes.length} write routes\n`);
    expect(routes.length).toBeGreaterThan(40);
    expect(sent).toBe(routes.length * RUNS);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 600_000);
});
