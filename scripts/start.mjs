#!/usr/bin/env node
// `npm start`: the whole platform on one machine. Installs what is missing, builds, starts
// its own nats-server (JetStream, with the platform's NATS users and permissions from
// deploy/nats/auth.conf and fresh passwords) unless NATS_URL is set, finds or starts
// PostgreSQL, starts every service and the gateway as separate processes, each connecting
// to NATS as its own user and to PostgreSQL as its own role (and running its own
// migrations), keeps each of them running (an app that exits is restarted with a back-off,
// see supervise in platform.mjs), prints where things are, and stops everything cleanly on
// Ctrl-C.
//
//   npm start                  install what is missing, build, run
//   npm start -- --no-build    run what dist/ holds
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  apps,
  createDatabase,
  createServiceRoles,
  databaseUrl,
  freePort,
  portAnswers,
  serviceRole,
  startApp,
  startNatsServer,
  supervise,
} from './platform.mjs';
import { localNatsConfig, passwordVariable } from './nats-config.mjs';
import { DATA_DIR, build, ensureInstalled, ensureReceiptFont, findPostgres, localSecret } from './prepare.mjs';
import { onPlatformNode } from './node-line.mjs';

const log = (line) => console.log(`[start] ${line}`);

/** host-port-database of a PostgreSQL URL, safe as part of a file name */
function passwordFileTag(url) {
  const u = new URL(process.env.DATABASE_URL ?? url);
  return `${u.hostname}-${u.port || 5432}-${u.pathname.slice(1)}`.replace(/[^\w.-]/g, '_');
}
const started = Date.now();
if (!process.argv.includes('--no-build')) ensureInstalled(log);
// Node 22 from node_modules/node (scripts/node-line.mjs): this script goes on there
await onPlatformNode(log);
if (!process.argv.includes('--no-build')) build(log);
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
    // platform's permissions; on 4222 when it is free, else on a free port. JetStream keeps
    // its data in .data/jetstream whatever the port, so a restart keeps the event history;
    // only while another npm start of this checkout runs on it does this one use a folder
    // removed at stop.
    const port = (await portAnswers('127.0.0.1', 4222)) ? await freePort() : 4222;
    const owned = claimStore(join(DATA_DIR, 'jetstream'));
    const storeDir = owned ?? mkdtempSync(join(tmpdir(), 'platform-jetstream-'));
    const local = localNatsConfig(join(DATA_DIR, 'nats'), storeDir);
    const nats = await startNatsServer({ port, storeDir, configFile: local.configFile, env: local.serverEnv, log });
    stoppers.push(async () => {
      await nats.stop();
      if (owned) rmSync(storeLock(owned), { force: true });
      else rmSync(storeDir, { recursive: true, force: true });
    });
    natsUrl = nats.url;
    credentials = local.credentials;
    log(`started nats-server with JetStream and the platform's NATS users (deploy/nats/auth.conf) at ${natsUrl}, data in ${storeDir}`);
    if (!owned)
      log(
        `another npm start (pid ${readFileSync(storeLock(join(DATA_DIR, 'jetstream')), 'utf8').trim()}) uses ${join(DATA_DIR, 'jetstream')}: this run's JetStream data goes at stop`,
      );
  } else {
    const given = names.filter((name) => process.env[passwordVariable(name)]);
    if (given.length > 0 && given.length < names.length) {
      throw new Error(
        `NATS_URL is set with passwords for ${given.join(', ')} only: set ${names
          .filter((n) => !given.includes(n))
          .map(passwordVariable)
          .join(', ')} too`,
      );
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
    ADMIN_PASSWORD_FILE:
      process.env.ADMIN_PASSWORD_FILE ?? join(DATA_DIR, `admin-password-${passwordFileTag(databaseUrl(postgres.adminUrl, postgres.database))}.txt`),
    PORT: port,
  };
  const services = names.filter((n) => n !== 'gateway');
  const envOf = (name) => ({ ...env, DATABASE_URL: databaseUrls[name], ...credentials[name] });
  // Each app under a supervisor: one that exits is restarted while the others keep serving
  // (the gateway's /health/ready names the one that is down meanwhile).
  const supervised = (name) => supervise(name, () => startApp(name, envOf(name), { output: 'inherit' }), { log });
  const keepers = services.map(supervised);
  stoppers.push(() => Promise.all(keepers.map((k) => k.stop())));
  await Promise.all(keepers.map((k) => k.first()));
  const gateway = supervised('gateway');
  stoppers.push(() => gateway.stop());
  await gateway.first();

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

/** The lock file beside a JetStream store directory: the pid of the npm start using it. */
function storeLock(dir) {
  return `${dir}.pid`;
}

/** `dir` when no other running npm start holds it (taking it for this one), else undefined. */
function claimStore(dir) {
  mkdirSync(dir, { recursive: true });
  const lock = storeLock(dir);
  try {
    const holder = Number(readFileSync(lock, 'utf8'));
    if (holder && holder !== process.pid) {
      process.kill(holder, 0);
      return undefined;
    }
  } catch {
    // no lock, or its process is gone
  }
  writeFileSync(lock, String(process.pid));
  return dir;
}
