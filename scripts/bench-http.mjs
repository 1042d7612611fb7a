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
//     service pair can pass on this machine, shown beside the goal of 0.35;
//   - the write floor (bench-floor.mjs again): the same write by that front and responder, the
//     body sent over NATS as it came and stored as supervision stores a registration (the
//     enterprise row, its audit record and its outbox event, in one statement), answered 201;
//     shown beside the write's goal of 0.25. Its rows are counted against its 201 answers, then
//     removed (its events were published by the platform's relay, as the write's are).
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
import { execFileSync } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { ROOT, which, withPg } from './platform.mjs';
import { build, ensureInstalled, DATA_DIR } from './prepare.mjs';
import { adminAuth, benchProcess, cpuSeconds, fmt, http, ownPlatform, run, scratchDir } from './bench-support.mjs';

const log = (line) => console.log(`[bench] ${line}`);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const PLATFORM_ROOT = process.env.BENCH_PLATFORM_ROOT ?? ROOT;
/** BENCH_CASES=1,3 measures only those cases (1 /health … 4 the write, 5 the floor, 6 the write floor), for a quicker look at one. */
const ONLY = process.env.BENCH_CASES ? process.env.BENCH_CASES.split(',').map(Number) : null;
const CPUS = availableParallelism();
const SERVER_CPU = process.env.BENCH_CPU ?? String(CPUS - 1);
const PINNED = SERVER_CPU !== 'none' && CPUS > 1 && which('taskset') !== null;
/** The command the bare app and the gateway run under: pinned to SERVER_CPU. */
const PIN = PINNED ? ['taskset', '-c', SERVER_CPU] : [];
/** The write floor's actor (bench-floor.mjs), by which its rows are found again. */
const FLOOR_ACTOR = 'bench-floor';

ensureInstalled(log);
// another checkout's build (BENCH_PLATFORM_ROOT) runs as it is: this one is not rebuilt under tests that may be running from it
if (PLATFORM_ROOT === ROOT) build(log);
const { usccCheckChar } = await import(join(ROOT, 'dist/libs/contracts/src/uscc.js'));

function uscc() {
  let body = '91140100';
  while (body.length < 17) body += ALPHABET[randomBytes(1)[0] % ALPHABET.length];
  return body + usccCheckChar(body);
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
  const { url: bare, pid: barePid } = await benchProcess('bench-bare.mjs', [], {}, PIN);
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
  const floorEnv = { NATS_URL: platform.natsUrl, DATABASE_URL: platform.databaseUrl, FLOOR_ACTOR };
  const { pid: responderPid } = await benchProcess('bench-floor.mjs', ['responder'], floorEnv);
  const { url: floor, pid: floorPid } = await benchProcess('bench-floor.mjs', ['front'], floorEnv, PIN);
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
      goal: 0.35,
      floor: true,
      pids: [floorPid, responderPid],
    },
    {
      label: 'write floor: node:http → NATS → node → PostgreSQL, the same write by hand (bench-floor.mjs)',
      url: floor,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      setupRequest: (req) => ({ ...req, body: write() }),
      goal: 0.25,
      floor: true,
      pids: [floorPid, responderPid],
      after: (answered) => floorWritesCheckedAndRemoved(platform.databaseUrl, answered),
    },
  ];
  // each case right after the bare app, so both of a pair see the same load from whatever else runs
  const results = [];
  for (const c of cases.slice(1).filter((_, i) => ONLY === null || ONLY.includes(i + 1))) {
    const pair = [];
    for (const one of [cases[0], c]) {
      const request = { method: one.method ?? 'GET', headers: one.headers, requests: one.setupRequest ? [{ setupRequest: one.setupRequest }] : undefined };
      const warmUp = await cannon(one.url, { ...request, duration: 2 }); // with the same requests
      const cpuBefore = one.pids.map((pid) => cpuSeconds([pid]));
      const r = await cannon(one.url, request);
      await one.after?.(warmUp['2xx'] + r['2xx']);
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
        `${ratio.toFixed(2)} | ${cpuRatio.toFixed(2)} | ${r.goal === undefined ? '–' : `${r.goal} ${verdict(r, ratio)}`} |`,
    );
  }
}

/** A case against its goal; a floor (the most the platform could reach) tells whether the goal is reachable at all. */
function verdict(c, ratio) {
  if (c.floor) return ratio >= c.goal ? 'reachable' : 'out of reach';
  return ratio >= c.goal ? 'met' : 'missed';
}

/**
 * The write floor stored one enterprise, one audit record and one outbox event per 201 it
 * answered, and for at most one more request per connection of each run (the warm-up and the
 * measurement), in flight when autocannon stopped (throws otherwise); then they are removed,
 * so later cases and runs read the registry as the platform left it.
 */
async function floorWritesCheckedAndRemoved(databaseUrl, answered) {
  await withPg(databaseUrl, async (c) => {
    // the relay publishes the events after the measurement: wait for it, so none is removed under it
    const pending = `SELECT count(*)::int AS n FROM supervision.outbox WHERE type = 'supervision.enterprise.registered' AND sent_at IS NULL AND event->'actor'->>'sub' = $1`;
    for (let tries = 0; (await c.query(pending, [FLOOR_ACTOR])).rows[0].n > 0; tries++) {
      if (tries === 600) throw new Error('the relay left write floor events unpublished for a minute');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const {
      rows: [counts],
    } = await c.query(
      `SELECT (SELECT count(*) FROM supervision.enterprises WHERE created_by = $1)::int AS enterprises,
              (SELECT count(*) FROM supervision.audit_log WHERE actor = $1 AND action = 'enterprise.registered')::int AS audit,
              (SELECT count(*) FROM supervision.outbox WHERE type = 'supervision.enterprise.registered' AND event->'actor'->>'sub' = $1)::int AS events`,
      [FLOOR_ACTOR],
    );
    const stored = counts.enterprises;
    if (counts.audit !== stored || counts.events !== stored || stored < answered || stored > answered + 2 * CONNECTIONS) {
      throw new Error(`the write floor answered 201 ${answered} times but stored ${JSON.stringify(counts)}`);
    }
    await c.query(`DELETE FROM supervision.outbox WHERE type = 'supervision.enterprise.registered' AND event->'actor'->>'sub' = $1`, [FLOOR_ACTOR]);
    await c.query(`DELETE FROM supervision.audit_log WHERE actor = $1`, [FLOOR_ACTOR]);
    await c.query(`DELETE FROM supervision.enterprises WHERE created_by = $1`, [FLOOR_ACTOR]);
    log(`write floor: ${fmt(stored)} enterprises, audit records and outbox events stored (${fmt(answered)} answered 201), all published; removed`);
  });
}

await run(main);
