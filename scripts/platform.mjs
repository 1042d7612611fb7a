// Finding, starting and stopping the platform's processes and its NATS and PostgreSQL.
// Plain JavaScript with Node's standard library only, so that `npm start` can use it before
// anything is installed; `npm test`'s harness uses the same functions.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

/** The apps of nest-cli.json; the gateway last, as it starts after the services. */
export function apps() {
  const cli = JSON.parse(readFileSync(join(ROOT, 'nest-cli.json'), 'utf8'));
  const names = Object.entries(cli.projects)
    .filter(([, p]) => p.type === 'application')
    .map(([name]) => name);
  return [...names.filter((n) => n !== 'gateway'), 'gateway'];
}

export function portAnswers(host, port, timeoutMs = 500) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export async function waitFor(what, probe, timeoutMs = 30_000, intervalMs = 100) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export function which(command) {
  try {
    return execFileSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

/**
 * Makes sure `file` exists, installing Debian package `pkg` when it is missing and apt-get
 * is there (as root); returns false, after saying what to install, where it cannot.
 */
export function ensureDebianPackage(pkg, file, log = console.log) {
  if (existsSync(file)) return true;
  if (which('apt-get') && process.getuid?.() === 0) {
    log(`${file} is missing: installing Debian package ${pkg} …`);
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', pkg], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    return existsSync(file);
  }
  log(`${file} is missing: install Debian package ${pkg} (sudo apt-get install ${pkg}) or the equivalent for this system`);
  return false;
}

/** nats-server's path, installing Debian's package when it is missing and apt-get is there. */
export function ensureNatsServer(log = console.log) {
  const found = which('nats-server') ?? (existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : null);
  if (found) return found;
  if (ensureDebianPackage('nats-server', '/usr/sbin/nats-server', log)) return which('nats-server') ?? '/usr/sbin/nats-server';
  throw new Error(
    'No NATS server answers and nats-server is not installed. Install it (Debian/Ubuntu: `sudo apt-get install nats-server`; ' +
      'elsewhere: https://docs.nats.io/running-a-nats-service/introduction/installation) or set NATS_URL.',
  );
}

function aptInstall(log, packages) {
  log(`installing Debian package(s) ${packages.join(' ')} …`);
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

function hasChineseFont() {
  try {
    return execFileSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' }).trim().length > 0;
  } catch {
    return false;
  }
}

/**
 * Chromium for the dashboard's browser test (`CHROMIUM_PATH`, or Debian's package), with a
 * font that has Chinese glyphs; installed with apt-get when missing, as nats-server is.
 */
export function ensureChromium(log = console.log) {
  const canInstall = which('apt-get') && process.getuid?.() === 0;
  const found = process.env.CHROMIUM_PATH ?? which('chromium') ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : null);
  if (!found) {
    if (!canInstall) {
      throw new Error('The browser test needs Chromium: install it (Debian/Ubuntu: `sudo apt-get install chromium fonts-noto-cjk`) or set CHROMIUM_PATH.');
    }
    aptInstall(log, hasChineseFont() ? ['chromium'] : ['chromium', 'fonts-noto-cjk']);
    return which('chromium') ?? '/usr/bin/chromium';
  }
  if (!hasChineseFont() && canInstall) aptInstall(log, ['fonts-noto-cjk']);
  return found;
}

/**
 * Starts a nats-server with JetStream; resolves once it accepts connections. With a
 * configFile (see localNatsConfig in nats-config.mjs), JetStream and its store directory come
 * from the file and `env` carries the variables it references (the users' passwords).
 */
export async function startNatsServer({ port, storeDir, configFile, env = {}, log = () => {} }) {
  const binary = ensureNatsServer(log);
  mkdirSync(storeDir, { recursive: true });
  const args = configFile ? ['-c', configFile, '-a', '127.0.0.1', '-p', String(port)] : ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir];
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await waitFor('nats-server', async () => {
    if (child.exitCode !== null) throw new Error(`nats-server exited: ${output}`);
    return portAnswers('127.0.0.1', port);
  });
  return {
    url: `nats://127.0.0.1:${port}`,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Runs SQL through psql-free means: a tiny client over the pg package (installed by then). */
export async function withPg(url, fn) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export function databaseUrl(baseUrl, database) {
  const url = new URL(baseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function createDatabase(adminUrl, name, { ifMissing = false } = {}) {
  await withPg(adminUrl, async (c) => {
    if (ifMissing) {
      const found = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (found.rowCount > 0) return;
    }
    await c.query(`CREATE DATABASE "${name}"`);
  });
}

export async function dropDatabase(adminUrl, name, { roles = [] } = {}) {
  await withPg(adminUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    for (const role of roles) await c.query(`DROP ROLE IF EXISTS "${role}"`);
  });
}

/** An app's PostgreSQL schema: its name with `_` for `-`. */
export function schemaOf(app) {
  return app.replace(/-/g, '_');
}

/** The PostgreSQL role of an app on a database: `<database>_<schema>` (roles are per server, databases share it). */
export function serviceRole(database, app) {
  return `${database}_${schemaOf(app)}`;
}

/** `DATABASE_URL_COLD_CHAIN` for `cold-chain`: the URL of an app's own role, for `npm run migrate`. */
export function databaseUrlVariable(app) {
  return `DATABASE_URL_${app.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/**
 * One role per app on `database`, owning the app's schema and nothing else (least privilege):
 * it may connect and use its own schema; it cannot create schemas nor read another app's.
 * Each role gets a fresh random password; an existing schema (and what is in it) is handed to
 * its role. Resolves to each app's DATABASE_URL. The SQL is deploy/postgres/roles.sql's.
 */
export async function createServiceRoles(adminUrl, database, names) {
  const { randomBytes } = await import('node:crypto');
  const urls = {};
  await withPg(databaseUrl(adminUrl, database), async (c) => {
    await c.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
    await c.query(`REVOKE ALL ON DATABASE "${database}" FROM PUBLIC`);
    for (const app of names) {
      const role = serviceRole(database, app);
      const schema = schemaOf(app);
      const password = `p${randomBytes(18).toString('hex')}`;
      const exists = (await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role])).rowCount > 0;
      await c.query(`${exists ? 'ALTER' : 'CREATE'} ROLE "${role}" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '${password}'`);
      await c.query(`GRANT CONNECT, TEMPORARY ON DATABASE "${database}" TO "${role}"`);
      await c.query(`CREATE SCHEMA IF NOT EXISTS "${schema}" AUTHORIZATION "${role}"`);
      await c.query(`ALTER SCHEMA "${schema}" OWNER TO "${role}"`);
      await ownSchemaObjects(c, schema, role);
      const url = new URL(databaseUrl(adminUrl, database));
      url.username = role;
      url.password = password;
      urls[app] = url.toString();
    }
  });
  return urls;
}

/**
 * Gives `role` every table, view and free-standing sequence of `schema` that another role
 * owns (those created by migrations run as an administrator: `npm run migrate`, or a start
 * before the service roles existed), so the service's own role can use them.
 */
export async function ownSchemaObjects(client, schema, role) {
  const owned = await client.query(
    `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND pg_get_userbyid(c.relowner) <> $2
       AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')))`,
    [schema, role],
  );
  for (const { relname } of owned.rows) await client.query(`ALTER TABLE "${schema}"."${relname}" OWNER TO "${role}"`);
}

/**
 * Node flags every app runs with (here and in the container image, deploy/entrypoint.sh):
 * AsyncLocalStorage (each request's logger, nestjs-pino) kept in the async context frame
 * instead of async hooks, which otherwise run on every promise the app makes; the gateway
 * spent about a seventh of its CPU per request in them. Node 24 does this by default.
 */
const NODE_FLAGS = ['--experimental-async-context-frame'];

/**
 * Starts one app from dist/ as its own process. Resolves when it is up: a service when its
 * health subject answers, the gateway when /health answers. `nodeArgs` go to node before the
 * entry (e.g. --cpu-prof); `wrap` is a command node runs under (e.g. taskset); `root` is the
 * checkout whose dist/ runs (this one by default); `output` is 'pipe' (kept for log()),
 * 'inherit' or a file descriptor.
 */
export async function startApp(name, env, { output = 'pipe', waitMs = 60_000, nodeArgs = [], root = ROOT, wrap = [] } = {}) {
  const entry = join(root, 'dist', 'apps', name, 'src', 'main.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run npm run build`);
  // Another app's NATS password (NATS_PASSWORD_<APP> given to npm start) stays out.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('NATS_PASSWORD_')));
  const [command, ...args] = [...wrap, process.execPath, ...NODE_FLAGS, ...nodeArgs, entry];
  const child = spawn(command, args, {
    cwd: root,
    env: { ...inherited, ...env },
    stdio: ['ignore', output, output],
  });
  let log = '';
  if (output === 'pipe') {
    child.stdout.on('data', (d) => (log = (log + d).slice(-20_000)));
    child.stderr.on('data', (d) => (log = (log + d).slice(-20_000)));
  }
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const handle = {
    name,
    child,
    exited,
    log: () => log,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
  try {
    await waitFor(
      `${name} to start`,
      async () => {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${name} exited with ${child.exitCode ?? child.signalCode}:\n${log}`);
        return name === 'gateway' ? httpOk(`http://127.0.0.1:${env.PORT}/health`) : natsPing(env, name);
      },
      waitMs,
      150,
    );
  } catch (error) {
    // not up in time: no caller holds its handle, so stop it here rather than leave it running
    await handle.stop();
    throw error;
  }
  return handle;
}

async function httpOk(url) {
  try {
    const res = await fetch(url);
    return res.ok;
  } catch {
    return false;
  }
}

let natsModule;
/**
 * Asks `<service>.health.ping` (or, with `instance`, `<service>.health.ping.<instance>`,
 * answered by that process alone) over NATS at env.NATS_URL as env.NATS_USER (over TLS
 * checked against env.NATS_TLS_CA_FILE when set), in the
 * platform's wire format (Nest's): `{ ok, detail }`, ok when the service answered without
 * an error, detail saying what answered or what failed.
 */
export async function natsHealth(env, service, { instance, timeoutMs = 1000 } = {}) {
  natsModule ??= await import('@nats-io/transport-node');
  const subject = instance ? `${service}.health.ping.${instance}` : `${service}.health.ping`;
  let nc;
  try {
    nc = await natsModule.connect({
      servers: env.NATS_URL.split(','),
      timeout: timeoutMs,
      ...(env.NATS_USER ? { user: env.NATS_USER, pass: env.NATS_PASSWORD ?? '', inboxPrefix: `_INBOX.${env.NATS_USER}` } : {}),
      ...(env.NATS_TLS_CA_FILE ? { tls: { caFile: env.NATS_TLS_CA_FILE } } : {}),
    });
    const packet = JSON.stringify({ pattern: subject, data: { principal: null, correlationId: 'probe', data: {} }, id: 'probe' });
    const reply = (await nc.request(subject, packet, { timeout: timeoutMs })).json();
    return reply.err
      ? { ok: false, detail: `${subject}: ${JSON.stringify(reply.err)}` }
      : { ok: true, detail: `${subject}: ${JSON.stringify(reply.response)}` };
  } catch (err) {
    return { ok: false, detail: `${subject}: ${err instanceof Error ? err.message : String(err)}` };
  } finally {
    await nc?.close();
  }
}

export async function natsPing(env, service, options) {
  return (await natsHealth(env, service, options)).ok;
}

/**
 * Keeps one app running, as `npm start` does for every app: `start()` starts it (resolving
 * with its handle once it answers, like startApp); when it exits while not being stopped,
 * it is started again after a back-off that doubles with each crash in the window (from
 * `baseDelayMs` up to `maxDelayMs`), and logged. After `maxCrashes` crashes within
 * `windowMs` (a start that fails counts as one) it is left down, and that is logged; the
 * others keep running. `stop()` stops it for good.
 */
export function supervise(name, start, { log = console.log, maxCrashes = 5, windowMs = 60_000, baseDelayMs = 250, maxDelayMs = 8_000 } = {}) {
  let handle;
  let pending;
  let stopped = false;
  let timer;
  const crashes = [];
  let gaveUp = false;

  const crashed = (why) => {
    const now = Date.now();
    crashes.push(now);
    while (crashes.length && crashes[0] < now - windowMs) crashes.shift();
    if (crashes.length >= maxCrashes) {
      gaveUp = true;
      log(`${name} ${why}: ${crashes.length} crashes within ${windowMs / 1000} s, not restarting it again (the other apps keep running)`);
      return;
    }
    const delay = Math.min(maxDelayMs, baseDelayMs * 2 ** (crashes.length - 1));
    log(`${name} ${why}: restarting it in ${delay} ms (crash ${crashes.length} of at most ${maxCrashes} within ${windowMs / 1000} s)`);
    timer = setTimeout(() => void run(), delay);
  };

  const watch = (h) => {
    void h.exited.then(({ code, signal }) => {
      if (!stopped && handle === h) crashed(`exited (${signal ?? `code ${code}`})`);
    });
  };

  const run = async () => {
    if (stopped) return;
    try {
      pending = start();
      const h = await pending;
      if (stopped) return;
      handle = h;
      watch(h);
      if (crashes.length) log(`${name} is back (pid ${h.child.pid})`);
    } catch (err) {
      if (!stopped) crashed(`did not start (${String(err instanceof Error ? err.message : err).split('\n')[0]})`);
    }
  };

  return {
    name,
    /** the first start; rejects when it fails (npm start then stops everything) */
    async first() {
      handle = await start();
      watch(handle);
      return handle;
    },
    get handle() {
      return handle;
    },
    get gaveUp() {
      return gaveUp;
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      const starting = await pending?.catch(() => undefined);
      await Promise.all([starting?.stop(), handle?.stop()]);
    },
  };
}
