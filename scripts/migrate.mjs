#!/usr/bin/env node
// `npm run migrate`: runs the migrations of every app of nest-cli.json against DATABASE_URL
// (each in its own schema, under the same advisory lock the apps take at start) and exits:
// 0 when every schema is up to date, 1 on the first failure. For a Kubernetes Job before a
// rollout (deploy/k8s/migrate/), with MIGRATE_AT_START=false on the apps. Runs dist/: `npm
// run build` first (the image has it built). Where a schema belongs to the service's own role
// (deploy/postgres/roles.sql; npm start and the tests create them), what the migrations
// created is handed to that role, so the migrating user needs to be a member of it.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { apps, ownSchemaObjects, ROOT, withPg } from './platform.mjs';

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
    const options = schemaOptionsOf(definition, config);
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
