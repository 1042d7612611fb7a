// `npm run bench`: waybill ingest end to end against a raw COPY, in one run on one machine.
//
// Starts a platform the way the tests do (its own nats-server, a throwaway database, the
// supervision and subsidies services and the gateway as separate processes from dist/), or
// uses a running one when BENCH_URL (gateway), BENCH_DATABASE_URL and ADMIN_PASSWORD are set
// (its waybills table must be empty; the benchmark's rows are deleted afterwards). Then:
//   1. COPY: the benchmark's distinct rows into subsidies.waybills (partitioned by month) with
//      psql's \copy, timed, then removed again; for reference also their numbers into
//      subsidies.waybill_numbers, the second table the ingest writes (not part of the ratio);
//   2. the floor (bench-ingest-floor.mjs): the very same HTTP requests as step 3, at the same
//      concurrency, to one node:http process written by hand that parses them and does the
//      least the contract needs in PostgreSQL (the rows into a staging table by COPY, their new
//      numbers into subsidies.waybill_numbers, the rows that got theirs into subsidies.waybills,
//      in one transaction; text COPY, or binary with BENCH_FLOOR_COPY=binary): the most any
//      ingest with this schema can reach on this machine; its rows are counted as step 3's,
//      then removed, so step 3 starts from the same state;
//   3. end to end: 1,000,000 waybills (1% repeating numbers of the previous request, so the
//      province-wide dedup has work) as 20 JSON requests of 50,000 through
//      HTTP → gateway → NATS → subsidies → PostgreSQL, BENCH_CONCURRENCY (2) at a time.
// Prints the rates and their ratios to the COPY (the goal is 0.5 end to end), the CPU per row of
// the floor and its database backends, and the CPU per row of the gateway, the subsidies service
// and the database backends serving them during the end-to-end run, those by the application
// holding the connection (and of supervision and
// nats-server, which read and carry the waybill events) (from /proc: a figure that
// load on the machine hardly moves; with BENCH_URL, or a database on another machine, not shown). BENCH_ROWS and BENCH_BATCH shrink it for a quick look;
// BENCH_PROFILE=<dir> writes CPU profiles (node --cpu-prof) of the gateway and the subsidies
// service there; BENCH_PLATFORM_ROOT=<checkout> runs the platform built in another checkout
// (e.g. main's, for a before/after in the same conditions).
import { execFileSync } from 'node:child_process';
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { ROOT, which, withPg } from './platform.mjs';
import { build, ensureInstalled } from './prepare.mjs';
import { adminAuth, benchProcess, cpuSeconds, fmt, http, ownPlatform, run, scratchDir } from './bench-support.mjs';

const log = (line) => console.log(`[bench] ${line}`);
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 50_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 2);
const REPEAT_EVERY = 100;
const PLATFORM_ROOT = process.env.BENCH_PLATFORM_ROOT ?? ROOT;
const BRANDS = ['EMS', 'SF', 'ZTO', 'YTO', 'STO', 'YUNDA', 'JT', 'JD', 'DEPPON'];

const psql = which('psql');
if (!psql) {
  console.error('[bench] the raw COPY baseline needs psql (Debian/Ubuntu: apt-get install postgresql-client)');
  process.exit(1);
}

ensureInstalled(log);
// another checkout's build (BENCH_PLATFORM_ROOT) runs as it is: this one is not rebuilt under tests that may be running from it
if (PLATFORM_ROOT === ROOT) build(log);

const scratch = scratchDir();

function reusedPlatform() {
  if (!process.env.BENCH_DATABASE_URL || !process.env.ADMIN_PASSWORD) {
    throw new Error('with BENCH_URL, set BENCH_DATABASE_URL (the platform database) and ADMIN_USERNAME/ADMIN_PASSWORD too');
  }
  log(`using the platform at ${process.env.BENCH_URL}`);
  return { url: process.env.BENCH_URL, databaseUrl: process.env.BENCH_DATABASE_URL, password: process.env.ADMIN_PASSWORD, own: false };
}

/**
 * Per brand, a courier organisation with an API key, as a courier company's system would post:
 * its credit code is a registered enterprise of that brand (a courier uploads its own brand only).
 */
async function courierKeys(platform) {
  const { usccCheckChar } = await import(join(ROOT, 'dist/libs/contracts/src/uscc.js'));
  const auth = await adminAuth(platform);
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const keys = {};
  for (const brand of BRANDS) {
    let body = '91140100';
    while (body.length < 17) body += alphabet[randomBytes(1)[0] % alphabet.length];
    const uscc = body + usccCheckChar(body);
    const licence = { number: `晋邮压测${brand}${Date.now()}`, validFrom: '2023-01-01', validTo: '2030-12-31', scope: '国内快递' };
    await http(platform.url, 'POST', '/enterprises', { name: `压测快递${brand}${Date.now()}`, uscc, brand, licence }, auth);
    const org = await http(platform.url, 'POST', '/organisations', { name: `压测快递${brand}${Date.now()}`, kind: 'courier', regionCode: '14', uscc }, auth);
    keys[brand] = (await http(platform.url, 'POST', '/api-keys', { orgId: org.id, role: 'courier', name: `bench-${brand}` }, auth)).key;
  }
  return keys;
}

/**
 * Row i, as a courier company's system would send them: request k holds one brand's
 * waybills of one day across every county and both directions; every REPEAT_EVERY-th row
 * after the first request repeats a number (never itself a repeat) of one request earlier,
 * under the request's brand.
 */
function rowsOf(counties) {
  const rows = new Array(ROWS);
  for (let i = 0; i < ROWS; i++) {
    const repeat = i >= BATCH && i % REPEAT_EVERY === REPEAT_EVERY - 1;
    const n = repeat ? i - BATCH - 1 : i;
    const k = Math.floor(n / BATCH);
    rows[i] = {
      waybillNo: `BM${String(n).padStart(12, '0')}`,
      brand: BRANDS[Math.floor(i / BATCH) % BRANDS.length],
      date: `2023-${String((Math.floor(k / 28) % 12) + 1).padStart(2, '0')}-${String((k % 28) + 1).padStart(2, '0')}`,
      direction: n % 3 === 0 ? 'upstream' : 'downstream',
      countyCode: counties[n % counties.length],
      repeat,
    };
  }
  return rows;
}

async function main() {
  const startLoad = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROFILE] : [];
  const platform = process.env.BENCH_URL
    ? reusedPlatform()
    : await ownPlatform(log, ['supervision', 'subsidies', 'gateway'], {}, { gateway: profile, subsidies: profile }, () => ({ root: PLATFORM_ROOT }));
  if (PLATFORM_ROOT !== ROOT) log(`the platform runs from ${PLATFORM_ROOT}/dist`);
  const sql = (text, params) => withPg(platform.databaseUrl, (c) => c.query(text, params));
  const {
    rows: [{ n: before }],
  } = await sql('SELECT count(*)::int AS n FROM subsidies.waybills');
  if (before !== 0) throw new Error(`subsidies.waybills holds ${before} rows; the benchmark needs it empty`);
  const apiKeys = await courierKeys(platform);

  const counties = JSON.parse(readFileSync(join(ROOT, 'libs/regions/data/14.json'), 'utf8')).counties.map(([code]) => code);
  const rows = rowsOf(counties);
  const distinct = rows.filter((r) => !r.repeat);
  const batchId = randomUUID();
  const csvFile = join(scratch, 'waybills.csv');
  writeFileSync(csvFile, distinct.map((r) => `${r.waybillNo},${r.brand},${r.date},${r.direction},${r.countyCode},,${batchId}\n`).join(''));
  const numbersFile = join(scratch, 'numbers.csv');
  writeFileSync(numbersFile, distinct.map((r) => `${r.waybillNo},${r.date}\n`).join(''));
  const bodies = [];
  for (let start = 0; start < ROWS; start += BATCH) {
    bodies.push(
      JSON.stringify(
        rows
          .slice(start, start + BATCH)
          .map((r) => ({ waybillNo: r.waybillNo, brand: r.brand, date: r.date, direction: r.direction, countyCode: r.countyCode })),
      ),
    );
  }
  log(`${fmt(ROWS)} rows (${fmt(distinct.length)} distinct numbers), ${bodies.length} requests of ${fmt(BATCH)}`);

  // 1. the raw COPY of the same distinct rows into the same table, indexes and all
  const copyStarted = process.hrtime.bigint();
  execFileSync(
    psql,
    [
      '-X',
      '-q',
      '-v',
      'ON_ERROR_STOP=1',
      '-d',
      platform.databaseUrl,
      '-c',
      `\\copy subsidies.waybills (waybill_no, brand, date, direction, county_code, village_code, batch_id) FROM '${csvFile}' WITH (FORMAT csv)`,
    ],
    { stdio: 'inherit' },
  );
  const copySeconds = Number(process.hrtime.bigint() - copyStarted) / 1e9;
  const {
    rows: [{ n: copied }],
  } = await sql('SELECT count(*)::int AS n FROM subsidies.waybills');
  if (copied !== distinct.length) throw new Error(`COPY stored ${copied} rows, expected ${distinct.length}`);
  await sql('DELETE FROM subsidies.waybills WHERE batch_id = $1', [batchId]);
  const numbersStarted = process.hrtime.bigint();
  execFileSync(
    psql,
    [
      '-X',
      '-q',
      '-v',
      'ON_ERROR_STOP=1',
      '-d',
      platform.databaseUrl,
      '-c',
      `\\copy subsidies.waybill_numbers (waybill_no, date) FROM '${numbersFile}' WITH (FORMAT csv)`,
    ],
    { stdio: 'inherit' },
  );
  const numbersSeconds = Number(process.hrtime.bigint() - numbersStarted) / 1e9;
  await sql("DELETE FROM subsidies.waybill_numbers WHERE waybill_no LIKE 'BM%'");
  await sql('VACUUM (ANALYZE) subsidies.waybills, subsidies.waybill_numbers');

  /** Every body, CONCURRENCY at a time, as a courier company's system posts them (its brand's API key, a key per request). */
  const postAll = async (url, duplicatesOf) => {
    let accepted = 0;
    let duplicates = 0;
    let next = 0;
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let k = next++; k < bodies.length; k = next++) {
          const result = await http(url, 'POST', '/waybills', bodies[k], {
            'x-api-key': apiKeys[BRANDS[k % BRANDS.length]],
            'idempotency-key': `bench-${batchId}-${k}`,
          });
          accepted += result.accepted;
          duplicates += duplicatesOf(result);
        }
      }),
    );
    return { seconds: Number(process.hrtime.bigint() - started) / 1e9, accepted, duplicates };
  };
  // what the stored rows must add up to, whichever of a repeated number's rows (they differ in brand only) was stored
  const expected = { days: 0, counties: 0, upstream: 0 };
  for (const r of distinct) {
    expected.days += Date.parse(r.date) / 86_400_000;
    expected.counties += Number(r.countyCode);
    if (r.direction === 'upstream') expected.upstream++;
  }
  /** Each distinct row stored once in both tables with its date, county and direction, and answered so (throws otherwise). */
  const checkStored = async (what, { accepted, duplicates }) => {
    const {
      rows: [found],
    } = await sql(
      `SELECT (SELECT count(*) FROM subsidies.waybill_numbers WHERE waybill_no LIKE 'BM%')::int AS numbers, count(*)::int AS rows,
         sum(date - DATE '1970-01-01')::float8 AS days, sum(county_code::bigint)::float8 AS counties, (count(*) FILTER (WHERE direction = 'upstream'))::int AS upstream
       FROM subsidies.waybills`,
    );
    const { rows: stored, numbers } = found;
    const sameRows = found.days === expected.days && found.counties === expected.counties && found.upstream === expected.upstream;
    if (!sameRows || stored !== distinct.length || numbers !== distinct.length || accepted !== distinct.length || duplicates !== ROWS - distinct.length) {
      throw new Error(
        `${what} stored ${JSON.stringify(found)}, accepted ${accepted}, duplicates ${duplicates}; expected ${distinct.length} rows and numbers (${JSON.stringify(expected)}), ${ROWS - distinct.length} duplicates`,
      );
    }
  };
  // the database's backends, by the application that holds the connection (libs/database names it after the schema)
  const backends = async () =>
    (
      await sql(
        "SELECT pid, coalesce(nullif(application_name, ''), backend_type) AS app FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
      )
    ).rows;
  const backendCpuSince = async (before) => {
    const cpuOf = {};
    for (const { pid, app } of await backends()) cpuOf[app] = (cpuOf[app] ?? 0) + cpuSeconds([pid]) - (before.get(pid) ?? 0);
    return cpuOf;
  };
  const cpuNow = async () => new Map((await backends()).map(({ pid }) => [pid, cpuSeconds([pid])]));

  // 2. the floor: the same requests to one hand-written process; its connections open on the first
  const floorCopy = process.env.BENCH_FLOOR_COPY === 'binary' ? 'binary' : 'text';
  const floor = await benchProcess('bench-ingest-floor.mjs', [], { DATABASE_URL: platform.databaseUrl });
  const floorCpuBefore = cpuSeconds([floor.pid]);
  const floorBackendsBefore = await cpuNow();
  const floorRun = await postAll(floor.url, (result) => result.duplicates);
  const floorCpu = cpuSeconds([floor.pid]) - floorCpuBefore;
  const floorBackendCpu = (await backendCpuSince(floorBackendsBefore))['ingest-floor'] ?? 0;
  await checkStored('the floor', floorRun);
  await sql("DELETE FROM subsidies.waybills WHERE waybill_no LIKE 'BM%'");
  await sql("DELETE FROM subsidies.waybill_numbers WHERE waybill_no LIKE 'BM%'");
  await sql('VACUUM (ANALYZE) subsidies.waybills, subsidies.waybill_numbers');

  // 3. end to end through the gateway; CPU of the gateway, the subsidies service and the
  // database's backends serving them, from /proc (a figure that load on the machine hardly moves)
  // the gateway and subsidies serve the rows; supervision reads the waybill events, nats-server carries them
  const nodePids = platform.own
    ? [platform.apps.gateway.child.pid, platform.apps.subsidies.child.pid, platform.apps.supervision.child.pid, platform.natsPid]
    : [];
  const cpuBefore = nodePids.map((pid) => cpuSeconds([pid]));
  const backendsBefore = await cpuNow();
  const e2e = await postAll(platform.url, (result) => result.duplicates.length);
  const nodeCpu = nodePids.map((pid, i) => cpuSeconds([pid]) - cpuBefore[i]);
  const backendCpuOf = await backendCpuSince(backendsBefore);
  // the floor's connections stay open, idle
  delete backendCpuOf['ingest-floor'];
  const backendCpu = Object.values(backendCpuOf).reduce((a, b) => a + b, 0);
  await checkStored('end to end', e2e);
  if (!platform.own) {
    await sql("DELETE FROM subsidies.waybills WHERE waybill_no LIKE 'BM%'");
    await sql("DELETE FROM subsidies.waybill_numbers WHERE waybill_no LIKE 'BM%'");
  }

  const copyRate = distinct.length / copySeconds;
  const floorRate = ROWS / floorRun.seconds;
  const e2eRate = ROWS / e2e.seconds;
  const perRow = (s) => `${((s * 1e6) / ROWS).toFixed(1)} µs`;
  console.log('');
  console.log(`raw COPY (psql \\copy into subsidies.waybills):        ${fmt(distinct.length)} rows in ${copySeconds.toFixed(2)} s = ${fmt(copyRate)} rows/s`);
  console.log(
    `floor (HTTP → one node process → PG, ${floorCopy} COPY):    ${fmt(ROWS)} rows in ${floorRun.seconds.toFixed(2)} s = ${fmt(floorRate)} rows/s; ` +
      `ratio to COPY ${(floorRate / copyRate).toFixed(2)}; CPU per row: the process ${perRow(floorCpu)}, its database backends ${perRow(floorBackendCpu)}`,
  );
  console.log(`end to end (HTTP → gateway → NATS → subsidies → PG): ${fmt(ROWS)} rows in ${e2e.seconds.toFixed(2)} s = ${fmt(e2eRate)} rows/s`);
  console.log(
    `  ${bodies.length} requests of ${fmt(BATCH)}, ${CONCURRENCY} at a time; ${fmt(e2e.accepted)} accepted, ${fmt(e2e.duplicates)} province-wide duplicates reported`,
  );
  console.log(
    `ratio end to end / COPY: ${(e2eRate / copyRate).toFixed(2)} (goal 0.5); the floor's ${(floorRate / copyRate).toFixed(2)}; end to end / floor ${(e2eRate / floorRate).toFixed(2)}`,
  );
  const bothRate = distinct.length / (copySeconds + numbersSeconds);
  console.log(
    `  for reference: + COPY of the numbers into subsidies.waybill_numbers ${numbersSeconds.toFixed(2)} s; ratio to COPY into both tables ${(e2eRate / bothRate).toFixed(2)}`,
  );
  if (nodeCpu.length > 0) {
    console.log(
      `  CPU per row end to end: gateway ${perRow(nodeCpu[0])}, subsidies ${perRow(nodeCpu[1])}, database backends ${perRow(backendCpu)} ` +
        `(${Object.entries(backendCpuOf)
          .filter(([, seconds]) => seconds * 1e6 >= 0.05 * ROWS)
          .sort((a, b) => b[1] - a[1])
          .map(([app, seconds]) => `${app} ${perRow(seconds)}`)
          .join(', ')}); ` +
        `reading and carrying the events: supervision ${perRow(nodeCpu[2])}, nats-server ${perRow(nodeCpu[3])} (from /proc)`,
    );
  }
  console.log(
    `  load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (at the start: ${startLoad})`,
  );
}

await run(main);
