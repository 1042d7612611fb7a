import { DataSource, DataSourceOptions, MixedList, EntitySchema } from 'typeorm';

export interface SchemaOptions {
  /** the service's own PostgreSQL schema */
  schema: string;
  url: string;
  poolSize?: number;
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
    extra: { max: options.poolSize ?? 10, application_name: options.schema },
  };
}

/**
 * Creates the service's schema if missing (normally its role already owns it: see
 * scripts/platform.mjs createServiceRoles) and runs its pending migrations. An advisory
 * lock keyed by the schema name keeps replicas that start together from racing.
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
