// What the benches share: a platform started the way the tests do, JSON over HTTP, clean-up.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ROOT, createDatabase, databaseUrl, dropDatabase, freePort, startApp, startNatsServer, withPg } from './platform.mjs';
import { findPostgres } from './prepare.mjs';

export const fmt = (n) => Math.round(n).toLocaleString('en-US');

/** Clean-up steps, run in reverse by `run`. */
export const stoppers = [];

export function scratchDir() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-'));
  stoppers.push(async () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Its own nats-server, a throwaway database (kept for inspection with BENCH_KEEP_DATABASE)
 * and the given apps as separate processes from dist/ (the gateway last); `env` adds to
 * every app's environment; `nodeArgs[name]` go to one app's node; `startOptions(name)` adds to
 * startApp's options of one app (root, wrap, output). `existing` names a database a bench
 * kept before, used as it is and never dropped.
 */
export async function ownPlatform(log, apps, env = {}, nodeArgs = {}, startOptions = () => ({}), existing = undefined) {
  const scratch = scratchDir();
  const nats = await startNatsServer({ port: await freePort(), storeDir: join(scratch, 'jetstream') });
  stoppers.push(() => nats.stop());
  const postgres = await findPostgres(log, { dataDirName: 'postgres-test' });
  stoppers.push(() => postgres.stop());
  const database = existing ?? `bench_${Date.now()}_${randomBytes(3).toString('hex')}`;
  if (existing) log(`using database ${database} as it is`);
  else {
    await createDatabase(postgres.adminUrl, database);
    if (process.env.BENCH_KEEP_DATABASE) log(`keeping database ${database} (BENCH_KEEP_DATABASE)`);
    else stoppers.push(() => dropDatabase(postgres.adminUrl, database));
  }
  const port = await freePort();
  const password = `bench-${randomBytes(8).toString('hex')}`;
  if (existing) {
    // the gateway creates the first admin only in a database without one: give the kept one this run's password
    const { hashPassword } = await import(join(ROOT, 'dist/apps/gateway/src/auth/passwords.js'));
    const hash = await hashPassword(password);
    await withPg(databaseUrl(postgres.adminUrl, database), (c) => c.query(`UPDATE gateway.users SET password_hash = $1 WHERE username = 'admin'`, [hash]));
  }
  const appEnv = {
    NATS_URL: nats.url,
    DATABASE_URL: databaseUrl(postgres.adminUrl, database),
    PORT: String(port),
    JWT_SECRET: randomBytes(32).toString('hex'),
    ADMIN_USERNAME: 'admin',
    ADMIN_PASSWORD: password,
    ADMIN_PASSWORD_FILE: join(scratch, 'admin-password.txt'),
    LOG_LEVEL: 'warn',
    ...env,
  };
  const handles = {};
  for (const name of apps) {
    const app = await startApp(name, appEnv, { nodeArgs: nodeArgs[name] ?? [], ...startOptions(name) });
    stoppers.push(() => app.stop());
    handles[name] = app;
  }
  log(`started nats-server, ${apps.join(', ')} on database ${database}`);
  return { url: `http://127.0.0.1:${port}`, databaseUrl: appEnv.DATABASE_URL, natsUrl: nats.url, password, own: true, apps: handles, natsPid: nats.child.pid };
}

/**
 * One JSON request to the gateway's API; throws on a status other than 2xx. A request that
 * finds its pooled connection already closed by the gateway (idle past the server's
 * keep-alive while the bench built its next load in one synchronous stretch, so the client
 * never saw the close) is sent once more on a new connection.
 */
export async function http(url, method, path, body, headers = {}) {
  const send = () =>
    fetch(`${url}/api/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
  const res = await send().catch((err) => {
    if (err?.cause?.code !== 'UND_ERR_SOCKET') throw err;
    return send();
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json).slice(0, 500)}`);
  return json;
}

/**
 * A process of a bench (bench-bare.mjs, bench-floor.mjs, …) on a free PORT, run under `wrap`
 * (e.g. taskset) when given; resolves once it prints that it listens, and is stopped at the end.
 */
export async function benchProcess(script, args, env, wrap = []) {
  const port = await freePort();
  const [command, ...rest] = [...wrap, process.execPath, join(ROOT, 'scripts', script), ...args];
  const child = spawn(command, rest, { cwd: ROOT, env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] });
  stoppers.push(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  });
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => String(d).includes('listening') && resolve());
    child.once('exit', (code) => reject(new Error(`${script} ${args.join(' ')} exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, pid: child.pid };
}

/** Signs the admin in; returns the authorization header. */
export async function adminAuth(platform) {
  const login = await http(platform.url, 'POST', '/auth/login', { username: process.env.ADMIN_USERNAME ?? 'admin', password: platform.password });
  return { authorization: `Bearer ${login.accessToken}` };
}

/** Runs `main`, then every clean-up step; exits 1 when main threw. */
export async function run(main) {
  let code = 0;
  try {
    await main();
  } catch (err) {
    console.error(err);
    code = 1;
  }
  for (const stop of stoppers.reverse()) {
    try {
      await stop();
    } catch (err) {
      console.error(err);
    }
  }
  process.exit(code);
}

const TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/** CPU seconds (user + system) the processes have used so far, from /proc; a process that is gone counts 0. */
export function cpuSeconds(pids) {
  let ticks = 0;
  for (const pid of pids) {
    let stat;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue;
    }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
  }
  return ticks / TICKS;
}
