import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase, databaseUrl, dropDatabase, freePort, ROOT, waitFor } from '../scripts/platform.mjs';
import { adminDatabaseUrl } from './support/platform.js';
import { enterpriseInput } from './support/factories.js';
import { withDb } from './support/db.js';

/** One list route per service, read through the gateway. */
const READS: Record<string, string> = {
  supervision: '/enterprises?limit=1',
  outlets: '/outlets?limit=1',
  subsidies: '/county-centres?limit=1',
  'cold-chain': '/cold-chain/facilities?limit=1',
  green: '/green-reports?limit=1',
};
const SERVICES = Object.keys(READS);
const ADMIN_PASSWORD = `test-${randomBytes(8).toString('hex')}`;

/**
 * `npm start` (scripts/start.mjs) as an operator runs it, on its own data directory and a
 * throwaway database: its supervisor restarts an app that dies while the others keep
 * serving, gives up on one that keeps crashing, keeps the JetStream history in its data
 * directory across restarts, and stops everything on Ctrl-C.
 */
describe('npm start: the supervisor', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'platform-start-'));
  const database = `test_start_${Date.now()}_${randomBytes(3).toString('hex')}`;
  let port = 0;
  let start: ChildProcess | undefined;
  let output = '';
  let token = '';

  const launch = async () => {
    output = '';
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('NATS_')));
    start = spawn(process.execPath, [join(ROOT, 'scripts', 'start.mjs'), '--no-build'], {
      cwd: ROOT,
      env: {
        ...env,
        PLATFORM_DATA_DIR: dataDir,
        DATABASE_URL: databaseUrl(adminDatabaseUrl(), database),
        PORT: String(port),
        ADMIN_PASSWORD,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    start.stdout?.on('data', (d) => (output += d));
    start.stderr?.on('data', (d) => (output += d));
    await waitFor(
      'npm start to be ready',
      async () => {
        if (start?.exitCode !== null) throw new Error(`npm start exited (${start?.exitCode}):\n${output.slice(-5000)}`);
        return (await ready()).status === 200;
      },
      180_000,
      250,
    );
    token = await login();
  };
  const stop = async (): Promise<number | null> => {
    const child = start;
    if (!child || child.exitCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    return exited;
  };

  const http = async (path: string, init: RequestInit = {}) => {
    try {
      const res = await fetch(`http://127.0.0.1:${port}${path}`, { ...init, signal: AbortSignal.timeout(8000) });
      return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, unknown> | null };
    } catch {
      return { status: 0, body: null };
    }
  };
  const ready = () => http('/health/ready');
  const login = async () => {
    const res = await http('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    if (res.status !== 200) throw new Error(`login: ${res.status}`);
    return String(res.body?.accessToken);
  };
  const read = (service: string) => http(`/api/v1${READS[service]}`, { headers: { authorization: `Bearer ${token}` } });
  /** the pid of an app: the child of npm start running dist/apps/<app>/src/main.js */
  const pidOf = (app: string): number | undefined => {
    const lines = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(start?.pid)], { encoding: 'utf8' }).split('\n');
    const line = lines.find((l) => l.includes(`/dist/apps/${app}/src/main.js`));
    return line ? Number(line.trim().split(/\s+/)[0]) : undefined;
  };

  beforeAll(async () => {
    port = await freePort();
    await createDatabase(adminDatabaseUrl(), database);
    await launch();
  }, 200_000);

  afterAll(async () => {
    await stop();
    await dropDatabase(adminDatabaseUrl(), database);
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('restarts each service SIGKILLed in turn within 10 s, names it in /health/ready meanwhile, keeps the others serving, and stores a retried write once', async () => {
    for (const s of SERVICES) expect({ s, status: (await read(s)).status }).toEqual({ s, status: 200 });
    const backIn: Record<string, number> = {};
    for (const victim of SERVICES) {
      const pid = pidOf(victim);
      expect(pid).toBeDefined();
      const killed = Date.now();
      process.kill(pid as number, 'SIGKILL');
      // a write to supervision while it is down, retried with its key once it is back
      const key = randomUUID();
      const title = `临猗暴雨${key.slice(0, 8)}`;
      const incident = () =>
        http('/api/v1/incidents', {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
          body: JSON.stringify({ kind: 'weather', title, severity: 3, affectedRegions: ['140821'] }),
        });
      const during = victim === 'supervision' ? await incident() : undefined;
      // a write that answered 503 saw it down too: it may take the request timeout, by which time
      // the supervisor can have it back before readiness is first asked
      let sawDown = during?.status === 503;
      const others: number[] = [];
      await waitFor(
        `${victim} back and ready`,
        async () => {
          const r = await ready();
          const checks = (r.body?.checks ?? {}) as Record<string, string>;
          if (checks[victim] === 'down') {
            sawDown = true;
            expect(r.status).toBe(503);
            expect(
              Object.entries(checks)
                .filter(([, c]) => c === 'down')
                .map(([k]) => k),
            ).toEqual([victim]);
          }
          for (const other of SERVICES.filter((x) => x !== victim)) others.push((await read(other)).status);
          return sawDown && r.status === 200 && pidOf(victim) !== pid;
        },
        10_000,
        100,
      );
      backIn[victim] = Date.now() - killed;
      expect({ victim, others: [...new Set(others)] }).toEqual({ victim, others: [200] });
      expect((await read(victim)).status).toBe(200);
      if (during) {
        expect(during.status).toBe(503);
        const [retry, replay] = [await incident(), await incident()];
        expect([retry.status, replay.status]).toEqual([201, 201]);
        expect(replay.body?.id).toBe(retry.body?.id);
        const stored = await withDb(databaseUrl(adminDatabaseUrl(), database), (c) =>
          c.query('SELECT count(*)::int AS n FROM supervision.incidents WHERE title = $1', [title]),
        );
        expect(stored.rows[0].n).toBe(1);
      }
    }
    expect(output).toMatch(/green exited \(SIGKILL\): restarting it in \d+ ms/);
    process.stdout.write(`back and ready after SIGKILL (ms): ${JSON.stringify(backIn)}\n`);
  }, 120_000);

  it('restarts the gateway too', async () => {
    const pid = pidOf('gateway') as number;
    const killed = Date.now();
    process.kill(pid, 'SIGKILL');
    await waitFor('the gateway back', async () => pidOf('gateway') !== pid && (await ready()).status === 200, 10_000, 100);
    process.stdout.write(`gateway back and ready ${Date.now() - killed} ms after SIGKILL\n`);
  }, 30_000);

  it('keeps the JetStream history in its data directory across a restart of npm start, and stops everything on Ctrl-C', async () => {
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const created = await http('/api/v1/enterprises', {
      method: 'POST',
      headers: { ...auth, 'idempotency-key': `start-${Date.now()}` },
      body: JSON.stringify(enterpriseInput()),
    });
    expect(created.status).toBe(201);
    const rebuild = async () =>
      (await http('/api/v1/supervision/read-models/rebuild', { method: 'POST', headers: { ...auth, 'idempotency-key': `rb-${Date.now()}` } })).body;
    const before = await rebuild();
    expect(Number(before?.lastSequence)).toBeGreaterThan(0);

    const apps = [...SERVICES, 'gateway'].map((a) => pidOf(a) as number);
    expect(await stop()).toBe(0);
    expect(output).toContain('[start] stopped');
    for (const pid of apps) expect(() => process.kill(pid, 0)).toThrow();

    await launch();
    const after = await rebuild();
    expect(after).toMatchObject({ lastSequence: before?.lastSequence, replayed: before?.lastSequence });
  }, 240_000);

  it('gives up on an app that keeps crashing, says so, and keeps the others serving', async () => {
    const seen = new Set<number>();
    await waitFor(
      'green to give up',
      async () => {
        const pid = pidOf('green');
        if (pid && !seen.has(pid)) {
          seen.add(pid);
          process.kill(pid, 'SIGKILL');
        }
        return /green (exited \(SIGKILL\)|did not start \([^\n]*\)): 5 crashes within 60 s, not restarting it again/.test(output);
      },
      60_000,
      50,
    ).catch((err: Error) => {
      throw new Error(
        `${err.message}\n${output
          .split('\n')
          .filter((l) => l.startsWith('[start]'))
          .join('\n')}`,
      );
    });
    expect((await ready()).body?.checks).toMatchObject({ green: 'down', supervision: 'up', outlets: 'up' });
    for (const s of SERVICES.filter((x) => x !== 'green')) expect((await read(s)).status).toBe(200);
    expect(pidOf('green')).toBeUndefined();
  }, 90_000);
});
