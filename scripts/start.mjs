#!/usr/bin/env node
// `npm start`: the whole platform on one machine. Installs what is missing, builds, starts
// its own nats-server (JetStream, with the platform's NATS users and permissions from
// deploy/nats/auth.conf and fresh passwords) unless NATS_URL is set, finds or starts
// PostgreSQL, starts every service and the gateway as separate processes, each connecting
// to NATS as its own user and to PostgreSQL as its own role (and running its own
// migrations), prints where things are, and
// stops everything cleanly on Ctrl-C.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apps, createDatabase, createServiceRoles, databaseUrl, freePort, portAnswers, serviceRole, startApp, startNatsServer } from './platform.mjs';
import { localNatsConfig, passwordVariable } from './nats-config.mjs';
import { DATA_DIR, build, ensureInstalled, ensureReceiptFont, findPostgres, localSecret } from './prepare.mjs';

const log = (line) => console.log(`[start] ${line}`);

/** host-port-database of a PostgreSQL URL, safe as part of a file name */
function passwordFileTag(url) {
  const u = new URL(process.env.DATABASE_URL ?? url);
  return `${u.hostname}-${u.port || 5432}-${u.pathname.slice(1)}`.replace(/[^\w.-]/g, '_');
}
const started = Date.now();
ensureInstalled(log);
build(log);
ensureReceiptFont(log);
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
  const names = apps();
  let natsUrl = process.env.NATS_URL;
  /** NATS_USER and NATS_PASSWORD per app */
  let credentials = {};
  if (!natsUrl) {
    // Our own server even when another answers on 4222, so that the apps run with the
    // platform's permissions. JetStream keeps its data in .data/jetstream on port 4222; on
    // another port (4222 taken, perhaps by another npm start) in a folder removed at stop.
    const onDefaultPort = !(await portAnswers('127.0.0.1', 4222));
    const port = onDefaultPort ? 4222 : await freePort();
    const storeDir = onDefaultPort ? join(DATA_DIR, 'jetstream') : mkdtempSync(join(tmpdir(), 'platform-jetstream-'));
    const local = localNatsConfig(join(DATA_DIR, 'nats'), storeDir);
    const nats = await startNatsServer({ port, storeDir, configFile: local.configFile, env: local.serverEnv, log });
    stoppers.push(async () => {
      await nats.stop();
      if (!onDefaultPort) rmSync(storeDir, { recursive: true, force: true });
    });
    natsUrl = nats.url;
    credentials = local.credentials;
    log(`started nats-server with JetStream and the platform's NATS users (deploy/nats/auth.conf) at ${natsUrl}`);
    if (!onDefaultPort) log(`port 4222 is taken: this run's JetStream data is in ${storeDir} and goes at stop`);
  } else {
    const given = names.filter((name) => process.env[passwordVariable(name)]);
    if (given.length > 0 && given.length < names.length) {
      throw new Error(`NATS_URL is set with passwords for ${given.join(', ')} only: set ${names.filter((n) => !given.includes(n)).map(passwordVariable).join(', ')} too`);
    }
    credentials = Object.fromEntries(given.map((name) => [name, { NATS_USER: name, NATS_PASSWORD: process.env[passwordVariable(name)] }]));
    log(`using the NATS server at ${natsUrl} ${given.length ? 'with each app as its own user' : 'without credentials (no NATS_PASSWORD_<APP> set)'}`);
  }

  const postgres = await findPostgres(log);
  stoppers.push(() => postgres.stop());
  await createDatabase(postgres.adminUrl, postgres.database, { ifMissing: true });
  // one role per app owning only its schema (deploy/postgres/roles.sql), fresh passwords each start
  const databaseUrls = await createServiceRoles(postgres.adminUrl, postgres.database, names);
  log(`each app connects to PostgreSQL as its own role (${names.map((n) => serviceRole(postgres.database, n)).join(', ')})`);

  const port = process.env.PORT ?? ((await portAnswers('127.0.0.1', 3000)) ? String(await freePort()) : '3000');
  const env = {
    NATS_URL: natsUrl,
    JWT_SECRET: process.env.JWT_SECRET ?? localSecret('jwt-secret'),
    // one file per database: a generated password belongs to the database its admin is in
    ADMIN_PASSWORD_FILE: process.env.ADMIN_PASSWORD_FILE ?? join(DATA_DIR, `admin-password-${passwordFileTag(databaseUrl(postgres.adminUrl, postgres.database))}.txt`),
    PORT: port,
  };
  const services = names.filter((n) => n !== 'gateway');
  const envOf = (name) => ({ ...env, DATABASE_URL: databaseUrls[name], ...credentials[name] });
  const handles = await Promise.all(services.map((name) => startApp(name, envOf(name), { output: 'inherit' })));
  stoppers.push(() => Promise.all(handles.map((h) => h.stop())));
  const gateway = await startApp('gateway', envOf('gateway'), { output: 'inherit' });
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
