// `npm run bench -- http`: the gateway's cost per request against a bare NestJS + Express app.
//
// In one run on one machine: a bare NestJS 12 + Express app answering GET /health
// (bench-bare.mjs) and the platform (supervision, subsidies and the gateway at the default
// log level), then autocannon (BENCH_CONNECTIONS, 10, for BENCH_SECONDS, 10, each) against:
//   - the bare app's /health (the baseline);
//   - the gateway's /health without credentials;
//   - an authenticated read the gateway answers alone (GET /api/v1/regions?parent=1401);
//   - an authenticated read through NATS to a service and PostgreSQL (GET /api/v1/enterprises?limit=20);
//   - a small authenticated write (POST /api/v1/enterprises, a new enterprise each time).
// Each is measured right after the bare app (the pair sees the same load from anything else
// on the machine); prints req/s, p99 and the ratio to that bare run with the goals. The
// rate limit is raised so that it is measured but never refuses. BENCH_PROFILE=1 starts the
// gateway under `node --cpu-prof` and leaves the profile in .data/profiles/.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { ROOT, freePort } from './platform.mjs';
import { build, ensureInstalled, DATA_DIR } from './prepare.mjs';
import { adminAuth, fmt, http, ownPlatform, run, stoppers } from './bench-support.mjs';

const log = (line) => console.log(`[bench] ${line}`);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

ensureInstalled(log);
build(log);
const { usccCheckChar } = await import(join(ROOT, 'dist/libs/contracts/src/uscc.js'));

function uscc() {
  let body = '91140100';
  while (body.length < 17) body += ALPHABET[randomBytes(1)[0] % ALPHABET.length];
  return body + usccCheckChar(body);
}

async function bareApp() {
  const port = await freePort();
  const child = spawn(process.execPath, [join(ROOT, 'scripts/bench-bare.mjs')], { cwd: ROOT, env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] });
  stoppers.push(async () => {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  });
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => String(d).includes('listening') && resolve());
    child.once('exit', (code) => reject(new Error(`the bare app exited with ${code}`)));
  });
  return `http://127.0.0.1:${port}`;
}

function cannon(url, options = {}) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, duration: SECONDS, ...options }, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

async function main() {
  const bare = await bareApp();
  const nodeArgs = {};
  if (process.env.BENCH_PROFILE) {
    const dir = join(DATA_DIR, 'profiles');
    mkdirSync(dir, { recursive: true });
    nodeArgs.gateway = ['--cpu-prof', `--cpu-prof-dir=${dir}`];
    log(`profiling the gateway into ${dir}`);
  }
  const platform = await ownPlatform(log, ['supervision', 'subsidies', 'gateway'], { LOG_LEVEL: 'info', RATE_LIMIT: '1000000000' }, nodeArgs);
  const auth = await adminAuth(platform);
  for (let i = 0; i < 20; i++) {
    await http(platform.url, 'POST', '/enterprises', {
      name: `山西压测快递有限公司${i}`,
      uscc: uscc(),
      brand: 'ZTO',
      licence: { number: `晋邮压测${i}`, validFrom: '2023-01-01', validTo: '2030-12-31', scope: '国内快递（省内异地、同城）' },
    }, auth);
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
    { label: 'bare NestJS + Express GET /health', url: `${bare}/health` },
    { label: 'gateway GET /health', url: `${platform.url}/health`, goal: 0.7 },
    { label: 'authenticated, gateway only: GET /regions?parent=1401', url: `${platform.url}/api/v1/regions?parent=1401`, headers: auth, goal: 0.6 },
    { label: 'authenticated, NATS → PostgreSQL: GET /enterprises?limit=20', url: `${platform.url}/api/v1/enterprises?limit=20`, headers: auth, goal: 0.35 },
    {
      label: 'authenticated write: POST /enterprises',
      url: `${platform.url}/api/v1/enterprises`,
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      setupRequest: (req) => ({ ...req, body: write() }),
      goal: 0.25,
    },
  ];
  // each case right after the bare app, so both of a pair see the same load from whatever else runs
  const results = [];
  for (const c of cases.slice(1)) {
    const pair = [];
    for (const one of [cases[0], c]) {
      await cannon(one.url, { headers: one.headers, duration: 1 }); // warm up
      const r = await cannon(one.url, { method: one.method ?? 'GET', headers: one.headers, requests: one.setupRequest ? [{ setupRequest: one.setupRequest }] : undefined });
      if (r.non2xx > 0 || r.errors > 0) log(`${one.label}: ${r.non2xx} non-2xx answers, ${r.errors} errors`);
      pair.push({ rps: r.requests.average, p99: r.latency.p99 });
    }
    results.push({ ...c, bare: pair[0], own: pair[1] });
    log(`${c.label}: ${fmt(pair[1].rps)} req/s, p99 ${pair[1].p99} ms; bare ${fmt(pair[0].rps)} req/s, p99 ${pair[0].p99} ms`);
  }
  console.log('');
  console.log(`| ${CONNECTIONS} connections, ${SECONDS} s each | req/s | p99 ms | bare req/s just before | bare p99 ms | ratio to bare | goal |`);
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    const ratio = r.own.rps / r.bare.rps;
    console.log(`| ${r.label} | ${fmt(r.own.rps)} | ${r.own.p99} | ${fmt(r.bare.rps)} | ${r.bare.p99} | ${ratio.toFixed(2)} | ${r.goal} ${ratio >= r.goal ? 'met' : 'missed'} |`);
  }
}

await run(main);
