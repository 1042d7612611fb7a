import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { TestPlatform } from './support/platform.js';
import { withDb } from './support/db.js';

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

/**
 * Row count and a digest of the rows of every table of every service's schema (business
 * tables, audit logs, outboxes and inboxes), so that an update shows as well as an insert,
 * but the gateway's rate-limit counters, which count refused requests by design.
 */
async function snapshot(platform: TestPlatform): Promise<Map<string, string>> {
  return withDb(platform.databaseUrl, async (db) => {
    const { rows: tables } = await db.query<{ name: string }>(
      `SELECT format('%I.%I', table_schema, table_name) AS name FROM information_schema.tables
        WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema', 'public')
          AND (table_schema, table_name) <> ('gateway', 'rate_limits')`,
    );
    const { rows } = await db.query<{ name: string; state: string }>(
      tables
        .map(
          ({ name }) =>
            `SELECT '${name}' AS name, count(*) || ' rows ' || md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) AS state FROM ${name} t`,
        )
        .join(' UNION ALL '),
    );
    return new Map(rows.map(({ name, state }) => [name, state]));
  });
}

/** The tables whose rows differ between two snapshots, with both states. */
function changed(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...after.keys()].filter((t) => before.get(t) !== after.get(t)).map((t) => `${t}: ${before.get(t)} → ${after.get(t)}`);
}

/** Waits until the accepted requests' own work (e.g. a read-model rebuild) has stopped writing, so that it is not charged to the next route. */
async function settled(platform: TestPlatform): Promise<Map<string, string>> {
  let last = await snapshot(platform);
  for (let i = 0; i < 60; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = await snapshot(platform);
    if (changed(last, now).length === 0) return now;
    last = now;
  }
  throw new Error('the database kept changing for 15 s after an accepted request');
}

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

  it(`answers ${RUNS} hostile bodies on every write route with no 5xx but 503, every 4xx a problem document, no hostile body accepted, nothing stored by a refused request`, async () => {
    let sent = 0;
    const stored: string[] = [];
    const acceptedRoutes: string[] = [];
    // each route is compared with the state the previous one left (nothing written in between escapes)
    let before = await snapshot(platform);
    const tables = before.size;
    for (const route of routes) {
      let accepted = 0;
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
          if (res.status < 400) {
            accepted += 1;
            return;
          }
          if (!(res.headers.get('content-type') ?? '').startsWith('application/problem+json')) throw new Error(`not a problem document: ${where}`);
          if (typeof (JSON.parse(text) as { code?: unknown }).code !== 'string') throw new Error(`problem without code: ${where}`);
        }),
        { numRuns: RUNS, seed: SEED },
      );
      const where = `${route.method.toUpperCase()} ${route.path}`;
      // a bodyless action that succeeded (e.g. rebuild a read model) may write; a route that refused every body may not
      if (accepted > 0) {
        acceptedRoutes.push(`${where} (${accepted} accepted)`);
        before = await settled(platform);
      } else {
        const after = await snapshot(platform);
        stored.push(...changed(before, after).map((c) => `${where}: ${c}`));
        before = after;
      }
    }
    // late writes (e.g. of an event consumer) after the last route: compared once the tables have stopped changing
    stored.push(...changed(before, await settled(platform)).map((c) => `after the last route: ${c}`));
    process.stdout.write(`fuzz: ${sent} bodies on ${routes.length} write routes; the rows of ${tables} tables compared before and after each route\n`);
    if (acceptedRoutes.length > 0) process.stdout.write(`fuzz: bodyless actions that succeeded: ${acceptedRoutes.join(', ')}\n`);
    expect(stored).toEqual([]);
    expect(routes.length).toBeGreaterThan(40);
    expect(sent).toBe(routes.length * RUNS);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 600_000);
});
