#!/usr/bin/env node
// `npm start`: the whole platform on one machine. Installs what is missing, builds, finds or
// starts NATS (JetStream) and PostgreSQL, starts every service and the gateway as separate
// processes (each runs its own migrations), prints where things are, and stops everything
// cleanly on Ctrl-C.
import { join } from 'node:path';
import { apps, createDatabase, databaseUrl, freePort, portAnswers, startApp, startNatsServer } from './platform.mjs';
import { DATA_DIR, build, ensureInstalled, findPostgres, localSecret } from './prepare.mjs';

const log = (line) => console.log(`[start] ${line}`);
const started = Date.now();
ensureInstalled(log);
build(log);
const buildDone = Date.now();

const stoppers = [];
let stopping = false;
async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  log('stopping …');
  for (const stop of stoppers.reverse()) {
    try {
      await stop();
    } catch (err) {
      console.error(err);
    }
  }
  log('stopped');
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

try {
  let natsUrl = process.env.NATS_URL;
  if (!natsUrl) {
    if (await portAnswers('127.0.0.1', 4222)) {
      natsUrl = 'nats://127.0.0.1:4222';
      log(`using the NATS server at ${natsUrl}`);
    } else {
      const nats = await startNatsServer({ port: 4222, storeDir: join(DATA_DIR, 'jetstream'), log });
      stoppers.push(() => nats.stop());
      natsUrl = nats.url;
      log(`started nats-server with JetStream at ${natsUrl}`);
    }
  }

  const postgres = await findPostgres(log);
  stoppers.push(() => postgres.stop());
  await createDatabase(postgres.adminUrl, postgres.database, { ifMissing: true });

  const port = process.env.PORT ?? ((await portAnswers('127.0.0.1', 3000)) ? String(await freePort()) : '3000');
  const env = {
    NATS_URL: natsUrl,
    DATABASE_URL: process.env.DATABASE_URL ?? databaseUrl(postgres.adminUrl, postgres.database),
    JWT_SECRET: process.env.JWT_SECRET ?? localSecret('jwt-secret'),
    ADMIN_PASSWORD_FILE: process.env.ADMIN_PASSWORD_FILE ?? join(DATA_DIR, 'admin-password.txt'),
    PORT: port,
  };
  const names = apps();
  const services = names.filter((n) => n !== 'gateway');
  const handles = await Promise.all(services.map((name) => startApp(name, env, { output: 'inherit' })));
  for (const h of handles) stoppers.push(() => h.stop());
  const gateway = await startApp('gateway', env, { output: 'inherit' });
  stoppers.push(() => gateway.stop());
  for (const h of [...handles, gateway]) {
    void h.exited.then(({ code, signal }) => {
      if (!stopping) {
        log(`${h.name} exited (${code ?? signal}); stopping the platform`);
        void stopAll(1);
      }
    });
  }

  const ready = Date.now();
  log(`ready in ${((ready - buildDone) / 1000).toFixed(1)} s after the build (${((ready - started) / 1000).toFixed(1)} s in all)`);
  log(`dashboard:  http://127.0.0.1:${port}/`);
  log(`API docs:   http://127.0.0.1:${port}/docs   (OpenAPI JSON: /docs-json)`);
  log(`readiness:  http://127.0.0.1:${port}/health/ready   metrics: /metrics`);
  log(`first admin: "${process.env.ADMIN_USERNAME ?? 'admin'}"; a generated password is in ${env.ADMIN_PASSWORD_FILE}`);
  log('press Ctrl-C to stop everything');
} catch (err) {
  console.error(err);
  await stopAll(1);
}
