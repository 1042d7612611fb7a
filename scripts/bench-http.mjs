// `npm run bench -- http`: the gateway's cost per request against a bare NestJS + Express app.
//
// In one run on one machine: a bare NestJS 12 + Express app answering GET /health
// (bench-bare.mjs) and the platform (supervision, subsidies and the gateway at the default
// log level), then autocannon (BENCH_CONNECTIONS, 10, for BENCH_SECONDS, 10, each, after a
// 2 s warm-up) against:
//   - the bare app's /health (the baseline);
//   - the gateway's /health without credentials;
//   - an authenticated read the gateway answers alone (GET /api/v1/regions?parent=1401);
//   - an authenticated read through NATS to a service and PostgreSQL (GET /api/v1/enterprises?limit=20);
//   - a small authenticated write (POST /api/v1/enterprises, a new enterprise each time);
//   - the floor (bench-floor.mjs): the NATS → PostgreSQL read again, by a node:http front and a
//     node responder written by hand with nothing of the platform: the ratio no gateway and
//     service pair can pass on this machine, shown beside the goal of 0.35.
// The CPU per request is the server's (the gateway's, plus supervision's where NATS is in the
// path, shown apart too).
// Each is measured right after the bare app (the pair sees the same load from anything else
// on the machine); prints req/s, p99 and the ratio to that bare run with the goals. The
// rate limit is raised so that it is measured but never refuses.
//
// Fairness: the bare app and the gateway run pinned (taskset) to the same one CPU,
// BENCH_CPU (default the last one), and this process (autocannon) to the others, so both
// servers get one core and never share it with the client; the services, nats-server and
// PostgreSQL are not pinned. The apps' logs go to files, not through a pipe into this
// process (reading them would take the client's CPU during the platform's runs only).
// BENCH_CPU=none pins nothing.
//
// BENCH_CASES=1,3 runs only those cases.
// BENCH_PLATFORM_ROOT=<checkout> runs the platform built in another checkout (e.g. main's,
// for a before/after in the same conditions); BENCH_PROFILE=1 starts the gateway and
// supervision under `node --cpu-prof` and leaves the profiles in .data/profiles/.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { ROOT, freePort, which } from './platform.mjs';
import { build, ensureInstalled, DATA_DIR } from './prepare.mjs';
import { adminAuth, cpuSeconds, fmt, http, ownPlatform, run, scratchDir, stoppers } from './bench-support.mjs';

const log = (line) => console.log(`[bench] ${line}`);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const PLATFORM_ROOT = process.env.BENCH_PLATFORM_ROOT ?? ROOT;
/** BENCH_CASES=1,3 measures only those cases (1 /health … 4 the write, 5 the floor), for a quicker look at one. */
const ONLY = process.env.BENCH_CASES ? process.env.BENCH_CASES.split(',').map(Number) : null;
const CPUS = availableParallelism();
const SERVER_CPU = process.env.BENCH_CPU ?? String(CPUS - 1);
const PINNED = SERVER_CPU !== 'none' && CPUS > 1 && which('taskset') !== null;
/** The command the bare app and the gateway run under: pinned to SERVER_CPU. */
const PIN = PINNED ? ['taskset', '-c', SERVER_CPU] : [];

ensureInstalled(log);
// another checkout's build (BENCH_PLATFORM_ROOT) runs as it is: this one is not rebuilt under tests that may be running from it
if (PLATFORM_ROOT === ROOT) build(log);
const { usccCheckChar } = await import(join(ROOT, 'dist/libs/contracts/src/uscc.js'));

function uscc() {
  let body = '91140100';
  while (body.length < 17) body += ALPHABET[randomBytes(1)[0] % ALPHABET.length];
  return body + usccCheckChar(body);
}

/** A process of this bench (bench-bare.mjs, bench-floor.mjs) on a free PORT, pinned with the gateway when `pinned`; resolves once it listens. */
async function benchProcess(script, args, env, pinned) {
  const port = await freePort();
  const [command, ...rest] = [...(pinned ? PIN : []), process.execPath, join(ROOT, 'scripts', script), ...args];
  const child = spawn(command, rest, { cwd: ROOT, env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] });
  stoppers.push(async () => {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  });
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => String(d).includes('listening') && resolve());
    child.once('exit', (code) => reject(new Error(`${script} ${args.join(' ')} exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, pid: child.pid };
}

function cannon(url, options = {}) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, duration: SECONDS, ...options }, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

/** Pins this process (autocannon) to every CPU but SERVER_CPU. */
function pinClient() {
  if (!PINNED) return log('not pinning (BENCH_CPU=none, one CPU or no taskset): the servers and the client share the CPUs');
  const others = [...Array(CPUS).keys()].filter((cpu) => String(cpu) !== SERVER_CPU).join(',');
  execFileSync('taskset', ['-a', '-p', '-c', others, String(process.pid)], { stdio: 'ignore' });
  log(`the bare app and the gateway pinned to CPU ${SERVER_CPU}, autocannon to CPU ${others}; services, NATS and PostgreSQL not pinned`);
}

async function main() {
  const { url: bare, pid: barePid } = await benchProcess('bench-bare.mjs', [], {}, true);
  const nodeArgs = {};
  if (process.env.BENCH_PROFILE) {
    const dir = join(DATA_DIR, 'profiles');
    mkdirSync(dir, { recursive: true });
    for (const app of ['gateway', 'supervision']) nodeArgs[app] = ['--cpu-prof', `--cpu-prof-dir=${join(dir, app)}`];
    log(`profiling the gateway and supervision into ${dir}`);
  }
  const logs = scratchDir();
  if (PLATFORM_ROOT !== ROOT) log(`the platform runs from ${PLATFORM_ROOT}/dist`);
  const startOptions = (name) => ({
    root: PLATFORM_ROOT,
    output: openSync(join(logs, `${name}.log`), 'a'),
    wrap: name === 'gateway' ? PIN : [],
  });
  const platform = await ownPlatform(log, ['supervision', 'subsidies', 'gateway'], { LOG_LEVEL: 'info', RATE_LIMIT: '1000000000' }, nodeArgs, startOptions);
  // the floor's responder runs as the services do (not pinned), its front as the gateway does (pinned)
  const floorEnv = { NATS_URL: platform.natsUrl, DATABASE_URL: platform.databaseUrl };
  const { pid: responderPid } = await benchProcess('bench-floor.mjs', ['responder'], floorEnv, false);
  const { url: floor, pid: floorPid } = await benchProcess('bench-floor.mjs', ['front'], floorEnv, true);
  // only now: the processes started before (nats-server, the services) would inherit the client's CPUs
  pinClient();
  const auth = await adminAuth(platform);
  const gatewayPid = platform.apps.gateway.child.pid;
  const supervisionPid = platform.apps.supervision.child.pid;
  for (let i = 0; i < 20; i++) {
    await http(
      platform.url,
      'POST',
      '/enterprises',
      {
        name: `山西压测快递有限公司${i}`,
        uscc: uscc(),
        brand: 'ZTO',
        licence: { number: `晋邮压测${i}`, validFrom: '2023-01-01', validTo: '2030-12-31', scope: '国内快递（省内异地、同城）' },
      },
      auth,
    );
  }
  let serial = 0;
  const write = () =>
    JSON.stringify({
      name: `山西压测写入快递有限公司${serial++}`,
      uscc: uscc(),
      brand: 'ZTO',
      licence: { number: `晋邮写${serial}`, validFrom: '2023-01-01', validTo: '2030-12-31', scope: '国内快递（省内异地、同城）' },
    });
  const cases = [
    { label: 'bare NestJS + Express GET /health', url: `${bare}/health`, pids: [barePid] },
    { label: 'gateway GET /health', url: `${platform.url}/health`, goal: 0.7, pids: [gatewayPid] },
    {
      label: 'authenticated, gateway only: GET /regions?parent=1401',
      url: `${platform.url}/api/v1/regions?parent=1401`,
      headers: auth,
      goal: 0.6,
      pids: [gatewayPid],
    },
    {
      label: 'authenticated, NATS → PostgreSQL: GET /enterprises?limit=20',
      url: `${platform.url}/api/v1/enterprises?limit=20`,
      headers: auth,
      goal: 0.35,
      pids: [gatewayPid, supervisionPid],
    },
    {
      label: 'authenticated write: POST /enterprises',
      url: `${platform.url}/api/v1/enterprises`,
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      setupRequest: (req) => ({ ...req, body: write() }),
      goal: 0.25,
      pids: [gatewayPid, supervisionPid],
    },
    {
      label: 'floor: node:http → NATS → node → PostgreSQL, the same read by hand (bench-floor.mjs)',
      url: floor,
      pids: [floorPid, responderPid],
    },
  ];
  // each case right after the bare app, so both of a pair see the same load from whatever else runs
  const results = [];
  for (const c of cases.slice(1).filter((_, i) => ONLY === null || ONLY.includes(i + 1))) {
    const pair = [];
    for (const one of [cases[0], c]) {
      const request = { method: one.method ?? 'GET', headers: one.headers, requests: one.setupRequest ? [{ setupRequest: one.setupRequest }] : undefined };
      await cannon(one.url, { ...request, duration: 2 }); // warm up, with the same requests
      const cpuBefore = one.pids.map((pid) => cpuSeconds([pid]));
      const r = await cannon(one.url, request);
      const perPid = one.pids.map((pid, i) => ((cpuSeconds([pid]) - cpuBefore[i]) * 1e6) / Math.max(1, r.requests.total));
      const cpuUs = perPid.reduce((a, b) => a + b, 0);
      if (r.non2xx > 0 || r.errors > 0) log(`${one.label}: ${r.non2xx} non-2xx answers, ${r.errors} errors`);
      pair.push({ rps: r.requests.average, p99: r.latency.p99, cpuUs, perPid });
    }
    results.push({ ...c, bare: pair[0], own: pair[1] });
    log(
      `${c.label}: ${fmt(pair[1].rps)} req/s, p99 ${pair[1].p99} ms, ${fmt(pair[1].cpuUs)} µs CPU/request; ` +
        `bare ${fmt(pair[0].rps)} req/s, p99 ${pair[0].p99} ms, ${fmt(pair[0].cpuUs)} µs CPU/request` +
        (c.pids.length > 1 ? ` (front ${fmt(pair[1].perPid[0])}, service ${fmt(pair[1].perPid[1])} µs)` : ''),
    );
  }
  console.log('');
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(
    `| ${CONNECTIONS} connections, ${SECONDS} s each | req/s | p99 ms | CPU µs/request | of which the service | bare req/s just before | bare p99 ms | bare CPU µs/request | ratio to bare | CPU ratio | goal |`,
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    const ratio = r.own.rps / r.bare.rps;
    const cpuRatio = r.bare.cpuUs / r.own.cpuUs;
    console.log(
      `| ${r.label} | ${fmt(r.own.rps)} | ${r.own.p99} | ${fmt(r.own.cpuUs)} | ${r.own.perPid.length > 1 ? fmt(r.own.perPid[1]) : '–'} | ${fmt(r.bare.rps)} | ${r.bare.p99} | ${fmt(r.bare.cpuUs)} | ` +
        `${ratio.toFixed(2)} | ${cpuRatio.toFixed(2)} | ${r.goal === undefined ? '–' : `${r.goal} ${ratio >= r.goal ? 'met' : 'missed'}`} |`,
    );
  }
}

await run(main);
