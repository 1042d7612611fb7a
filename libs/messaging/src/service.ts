import 'reflect-metadata';
import { DynamicModule, INestMicroservice, Type } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EntitySchema, MixedList } from 'typeorm';
import { loadConfigOrExit, ServiceConfig } from '@app/config';
import { migrateSchema, schemaDataSourceOptions, SchemaOptions, statementTimeoutFor } from '@app/database';
import { startService } from './bootstrap.js';
import { loggerModule } from './logger.js';
import { healthController } from './health.js';
import { startOpsServer } from './ops.js';

/** What makes a service: its name (= its schema and queue group), tables and migrations. */
export interface ServiceDefinition<C extends ServiceConfig = ServiceConfig> {
  name: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  config: new () => C;
}

export function schemaOptionsOf(def: ServiceDefinition, config: ServiceConfig): SchemaOptions {
  return {
    schema: def.name.replace(/-/g, '_'),
    url: config.DATABASE_URL,
    poolSize: config.DATABASE_POOL_SIZE,
    // every statement ends before the caller gives up on the request (503), and no
    // transaction idles longer than a request may take
    statementTimeoutMs: statementTimeoutFor(config.NATS_REQUEST_TIMEOUT_MS),
    idleInTransactionTimeoutMs: config.NATS_REQUEST_TIMEOUT_MS,
    entities: def.entities,
    migrations: def.migrations,
  };
}

/** The imports every service module starts with: logs, its schema, its health subject. */
export function serviceImports(def: ServiceDefinition, config: ServiceConfig): DynamicModule[] {
  return [loggerModule(def.name, config.LOG_LEVEL), TypeOrmModule.forRoot(schemaDataSourceOptions(schemaOptionsOf(def, config)))];
}

export function serviceControllers(def: ServiceDefinition): Type[] {
  return [healthController(def.name)];
}

/**
 * Boot a service process: validate config, open its operations port (OPS_PORT, from the
 * first moment so that a long migration is not taken for a dead process), migrate its
 * schema (unless MIGRATE_AT_START=false), listen on NATS.
 */
export async function runService<C extends ServiceConfig>(def: ServiceDefinition<C>, moduleFor: (config: C) => Type): Promise<INestMicroservice> {
  const config = loadConfigOrExit(def.config);
  // unref'd: it never keeps a stopping process alive
  if (config.OPS_PORT) await startOpsServer(config.OPS_PORT);
  if (config.MIGRATE_AT_START === 'true') await migrateSchema(schemaOptionsOf(def, config));
  return startService(def.name, moduleFor(config), config);
}
