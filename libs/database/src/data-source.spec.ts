import { schemaDataSourceOptions, statementTimeoutFor } from './data-source.js';

describe('statementTimeoutFor', () => {
  it('is a little under the time the caller waits: a tenth less, at most one second less', () => {
    expect(statementTimeoutFor(5000)).toBe(4500);
    expect(statementTimeoutFor(2000)).toBe(1800);
    expect(statementTimeoutFor(30_000)).toBe(29_000);
    expect(statementTimeoutFor(15 * 60_000)).toBe(15 * 60_000 - 1000);
    expect(statementTimeoutFor(100)).toBe(90);
    expect(statementTimeoutFor(10)).toBe(50);
    for (let ms = 100; ms <= 120_000; ms += 997) {
      const t = statementTimeoutFor(ms);
      expect(t).toBeLessThan(ms);
      expect(ms - t).toBeLessThanOrEqual(1000);
    }
  });

  it('puts the timeouts on every connection of the pool, and none when not given', () => {
    const base = { schema: 's', url: 'postgres://x@h/d', entities: [], migrations: [] };
    expect((schemaDataSourceOptions({ ...base, statementTimeoutMs: 4500, idleInTransactionTimeoutMs: 5000 }) as { extra: object }).extra).toMatchObject({
      statement_timeout: 4500,
      idle_in_transaction_session_timeout: 5000,
      connectionTimeoutMillis: 4500,
    });
    expect((schemaDataSourceOptions(base) as { extra: object }).extra).toMatchObject({ statement_timeout: 0, idle_in_transaction_session_timeout: 0 });
  });

  it('turns JIT compilation off on every connection of the pool', () => {
    const base = { schema: 's', url: 'postgres://x@h/d', entities: [], migrations: [] };
    expect((schemaDataSourceOptions(base) as { extra: object }).extra).toMatchObject({ options: '-c jit=off' });
  });
});
