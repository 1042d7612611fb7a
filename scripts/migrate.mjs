#!/usr/bin/env node
// `npm run migrate`: runs the migrations of every app of nest-cli.json against DATABASE_URL
// (each in its own schema, under the same advisory lock the apps take at start) and exits:
// 0 when every schema is up to date, 1 on the first failure. For a Kubernetes Job before a
// rollout (deploy/k8s/migrate/), with MIGRATE_AT_START=false on the apps. Runs dist/: `npm
// run build` first (the image has it built).
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { apps, ROOT } from './platform.mjs';

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
    console.log(`[migrate] ${app} (schema ${options.schema}): ${applied.length ? `applied ${applied.join(', ')}` : 'up to date'}`);
  }
  console.log(`[migrate] every schema is up to date (${Date.now() - started} ms)`);
  process.exit(0);
} catch (err) {
  console.error('[migrate] failed:', err);
  process.exit(1);
}
