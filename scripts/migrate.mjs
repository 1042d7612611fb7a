#!/usr/bin/env node
// `npm run migrate`: runs the migrations of every app of nest-cli.json against DATABASE_URL
// (each in its own schema, under the same advisory lock the apps take at start) and exits:
// 0 when every schema is up to date, 1 on the first failure. For a Kubernetes Job before a
// rollout (deploy/k8s/migrate/), with MIGRATE_AT_START=false on the apps. Runs dist/: `npm
// run build` first (the image has it built). DATABASE_URL_<APP> (e.g. DATABASE_URL_COLD_CHAIN),
// when set, is the URL of that app's own role (deploy/postgres/roles.sql): its migrations run
// as that role, which owns its schema (the Kubernetes Job: no owner credentials needed).
// Otherwise DATABASE_URL; where a schema belongs to the service's own role (npm start and the
// tests create them), what the migrations created is handed to that role, so the migrating
// user needs to be a member of it.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { apps, databaseUrlVariable, ownSchemaObjects, ROOT, withPg } from './platform.mjs';

const dist = (...parts) => pathToFileURL(join(ROOT, 'dist', ...parts)).href;
const { loadConfigOrExit, ServiceConfig } = await import(dist('libs', 'config', 'src', 'index.js'));
const { migrateSchema } = await import(dist('libs', 'database', 'src', 'index.js'));
const { schemaOptionsOf } = await import(dist('libs', 'messaging', 'src', 'index.js'));

const config = loadConfigOrExit(ServiceConfig);
const started = Date.now();
try {
  for (const app of apps()) {
    const mod = await import(dist('apps', app, 'src', `${app}.definition.js`));
    const definition = Object.values(mod).find((v) => v && typeof v === 'object' && v.name === app && Array.isArray(v.migrations));
    if (!definition) throw new Error(`apps/${app}/src/${app}.definition.ts exports no ServiceDefinition named ${app}`);
    const own = process.env[databaseUrlVariable(app)];
    if (own !== undefined && !/^postgres(ql)?:\/\/\S+$/.test(own)) {
      console.error(`[migrate] ${databaseUrlVariable(app)} must be postgres://user@host:port/database`);
      process.exit(78);
    }
    const options = schemaOptionsOf(definition, own ? { ...config, DATABASE_URL: own } : config);
    const applied = await migrateSchema(options);
    await withPg(options.url, async (c) => {
      const { rows } = await c.query('SELECT pg_get_userbyid(nspowner) AS owner FROM pg_namespace WHERE nspname = $1', [options.schema]);
      if (rows[0].owner !== (await c.query('SELECT current_user AS me')).rows[0].me) await ownSchemaObjects(c, options.schema, rows[0].owner);
    });
    console.log(`[migrate] ${app} (schema ${options.schema}): ${applied.length ? `applied ${applied.join(', ')}` : 'up to date'}`);
  }
  console.log(`[migrate] every schema is up to date (${Date.now() - started} ms)`);
  process.exit(0);
} catch (err) {
  console.error('[migrate] failed:', err);
  process.exit(1);
}
