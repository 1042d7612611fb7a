import { DataSource, DataSourceOptions, EntityManager, MixedList, EntitySchema } from 'typeorm';

export interface SchemaOptions {
  /** the service's own PostgreSQL schema */
  schema: string;
  url: string;
  poolSize?: number;
  /**
   * statement_timeout of every connection of the pool, in ms (0: none), and also how long a
   * request waits for a free connection; see statementTimeoutFor.
   */
  statementTimeoutMs?: number;
  /** idle_in_transaction_session_timeout of every connection, in ms (0: none) */
  idleInTransactionTimeoutMs?: number;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
}

/** TypeORM options for one service's schema. Schemas change only through migrations. */
export function schemaDataSourceOptions(options: SchemaOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    extra: {
      max: options.poolSize ?? 10,
      application_name: options.schema,
      statement_timeout: options.statementTimeoutMs ?? 0,
      idle_in_transaction_session_timeout: options.idleInTransactionTimeoutMs ?? 0,
      connectionTimeoutMillis: options.statementTimeoutMs ?? 0,
      // no JIT compilation: PostgreSQL compiles a statement whose estimated cost passes
      // jit_above_cost, and the estimate is only as good as the statistics. With the volume
      // bench's read models at scale 1 and statistics unknown, the overview's covered-township
      // probe (1,278 index probes, 10 ms) was costed at 549,000 and spent 300 ms compiling
      // (inlining and optimising) before it ran (the province overview's p95 at scale 1: 205 ms
      // unanalysed, 22 ms analysed). No statement a service runs for a request is long enough
      // for compiled expressions to pay that back.
      options: '-c jit=off',
    },
  };
}

/**
 * The statement_timeout for work whose caller waits `callerTimeoutMs`: a little under it
 * (a tenth less, at most one second less), so that PostgreSQL cancels a statement before
 * the caller answers 503 and no work the caller gave up on goes on holding a connection.
 */
export function statementTimeoutFor(callerTimeoutMs: number): number {
  return Math.max(50, callerTimeoutMs - Math.min(1000, Math.round(callerTimeoutMs / 10)));
}

/**
 * Bounds the statements of the current transaction by `ms` instead of the pool's
 * statement_timeout: for the requests that the gateway waits longer for (LongRequests in
 * @app/contracts: bulk ingest, imports, rebuilds).
 */
export async function setLocalStatementTimeout(manager: EntityManager, ms: number): Promise<void> {
  await manager.query(`SELECT set_config('statement_timeout', $1, true)`, [`${ms}ms`]);
}

/**
 * Creates the service's schema if missing (normally its role already owns it: see
 * scripts/platform.mjs createServiceRoles) and runs its pending migrations. An advisory
 * lock keyed by the schema name keeps replicas that start together from racing. Migrations
 * run on a connection of their own without the pool's statement timeouts.
 */
export async function migrateSchema(options: SchemaOptions): Promise<string[]> {
  const dataSource = new DataSource({ ...schemaDataSourceOptions(options), extra: { max: 1 } });
  await dataSource.initialize();
  try {
    await dataSource.query('SELECT pg_advisory_lock(hashtext($1))', [`migrate:${options.schema}`]);
    try {
      // A service's role owns its schema but may not create schemas: create only when missing.
      const found: unknown[] = await dataSource.query(`SELECT 1 FROM pg_namespace WHERE nspname = $1`, [options.schema]);
      if (found.length === 0) await dataSource.query(`CREATE SCHEMA "${options.schema}"`);
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await dataSource.query('SELECT pg_advisory_unlock(hashtext($1))', [`migrate:${options.schema}`]);
    }
  } finally {
    await dataSource.destroy();
  }
}
