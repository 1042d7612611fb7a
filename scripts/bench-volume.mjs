// `npm run bench -- volume`: a province-year through the public API, then the read side.
//
// Starts every app the way the tests do and loads, through the gateway (BENCH_SCALE, default
// 1, shrinks every figure for a quicker run):
//   - 10,000,000 waybills of 2024 as requests of 50,000 (each a stretch of days across the
//     121 counties), about 226 per county-day;
//   - the county centres' daily counts of 121 counties from 2023-09-01 to 2024-12-31, one
//     row per brand and direction (9 brands: 1,063,000 rows; at a smaller scale fewer
//     brands, never fewer than one per direction, so the county-day grid stays whole), 5,000
//     rows per upload; about one county-day in twenty differs from its waybills by a fifth;
//   - 100,000 outlets filed and accepted in the townships, 10,000 cold-chain facilities,
//     5,000 green reports filed and accepted, 2,000 subsidy claims (a third submitted);
// vacuums and analyses every minute while loading and once more at the end (as autovacuum
// would; the CI server has it off), waits until supervision has applied every event, then
// measures p50 and p95 of each read
// (BENCH_READS sequential requests, default 40, after 3 to warm up) twice: with the planner
// statistics of the platform's schemas wiped (pg_stat_reset, pg_statistic rows deleted,
// reltuples unknown: a database that was never analysed) and after ANALYZE. Prints the load
// rates and the table with the ratio of the two runs.
//
// BENCH_KEEP_DATABASE=1 keeps the database (its name is printed) for EXPLAIN afterwards;
// BENCH_DATABASE=<that name> starts the apps on it as it is and only measures, so that two
// builds can be compared on the same data.
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { clearInterval, setInterval } from 'node:timers';
import { ROOT, withPg } from './platform.mjs';
import { build, ensureInstalled } from './prepare.mjs';
import { adminAuth, cpuSeconds, fmt, http, ownPlatform, run } from './bench-support.mjs';

const log = (line) => console.log(`[bench] ${line}`);
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const READS = Number(process.env.BENCH_READS ?? 40);
const EXISTING = process.env.BENCH_DATABASE;
const WAYBILLS = Math.round(10_000_000 * SCALE);
const OUTLETS = Math.round(100_000 * SCALE);
const FACILITIES = Math.round(10_000 * SCALE);
const GREEN_REPORTS = Math.round(5_000 * SCALE);
const CLAIMS = Math.round(2_000 * SCALE);
const BATCH = 50_000;
const COUNT_UPLOAD = 5_000;
const CONCURRENCY = 4;
const BRANDS = ['EMS', 'SF', 'ZTO', 'YTO', 'STO', 'YUNDA', 'JT', 'JD', 'DEPPON'];
const COUNT_BRANDS = BRANDS.slice(0, Math.max(1, Math.min(BRANDS.length, Math.round(BRANDS.length * SCALE))));
const SCHEMAS = ['supervision', 'subsidies', 'outlets', 'cold_chain', 'green', 'gateway'];
const APPS = ['supervision', 'subsidies', 'outlets', 'cold-chain', 'green', 'gateway'];
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

ensureInstalled(log);
build(log);

const divisions = JSON.parse(readFileSync(join(ROOT, 'libs/regions/data/14.json'), 'utf8'));
const counties = divisions.counties.map(([code]) => code);
// townships county by county in turn (the first of each county, then the second, …): an
// acceptance numbers its receipt from its county's sequence row, so outlets filed side by
// side in the same county wait for each other's transaction
const byCounty = new Map();
for (const [code] of divisions.townships) byCounty.set(code.slice(0, 6), [...(byCounty.get(code.slice(0, 6)) ?? []), code]);
const townships = Array.from({ length: Math.max(...[...byCounty.values()].map((t) => t.length)) }, (_, k) =>
  [...byCounty.values()].flatMap((t) => (k < t.length ? [t[k]] : [])),
).flat();

/** Days from `from` to `to`, both included (YYYY-MM-DD). */
function days(from, to) {
  const out = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/** A deterministic number in [0, 1) from a string. */
function unit(key) {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return ((h >>> 0) % 1_000_000) / 1_000_000;
}

/** Runs `work` over `items`, `n` at a time. */
async function pool(items, n, work) {
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      for (let i = next++; i < items.length; i = next++) await work(items[i], i);
    }),
  );
}

async function timed(label, count, unitName, work) {
  const started = process.hrtime.bigint();
  await work();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const line = `${label}: ${fmt(count)} ${unitName} in ${seconds.toFixed(1)} s = ${fmt(count / seconds)} ${unitName}/s`;
  log(line);
  return line;
}

function uscc(division) {
  const { usccCheckChar } = usccModule;
  let body = `91${division}`;
  while (body.length < 17) body += ALPHABET[randomBytes(1)[0] % ALPHABET.length];
  return body + usccCheckChar(body);
}
const usccModule = await import(join(ROOT, 'dist/libs/contracts/src/uscc.js'));

/**
 * Loads the province-year through the gateway (see the top of the file) while vacuuming and
 * analysing every minute; returns the lines of load rates.
 */
async function load(platform, api, sql) {
  const rates = [];
  // autovacuum's work while loading, which the CI server leaves undone (autovacuum = off):
  // without it every poll of an outbox relay reads each event ever sent through the pending
  // index (bitmap scans do not mark dead entries): 2,674 rows a poll after 2,600 outlets,
  // some 7 polls a second, growing with every event
  let vacuuming = null;
  const autovacuum = setInterval(() => {
    vacuuming ??= sql('VACUUM ANALYZE')
      .catch((err) => log(`vacuum: ${err.message}`))
      .finally(() => (vacuuming = null));
  }, 60_000);

  // county centres, one per county
  const centreOrgs = await Promise.all(
    counties.map((county) => api('POST', '/organisations', { name: `县级寄递物流中心${county}`, kind: 'county_centre', regionCode: county })),
  );
  await pool(counties, CONCURRENCY, (county, i) =>
    api('POST', '/county-centres', { name: `${county}县级寄递物流中心`, countyCode: county, orgId: centreOrgs[i].id }),
  );

  // waybills of 2024, county-day by county-day; a few county-days get counts a fifth off
  const year = days('2024-01-01', '2024-12-31');
  const perCountyDay = Math.max(1, Math.round(WAYBILLS / (year.length * counties.length)));
  const waybillsOf = new Map();
  let serial = 0;
  // a courier uploads its own brand only: each request holds one brand's waybills
  const bodies = [];
  const current = new Map(BRANDS.map((brand) => [brand, []]));
  for (const date of year) {
    for (const county of counties) {
      const n = Math.max(1, Math.round(perCountyDay * (0.7 + 0.6 * unit(`${county}${date}`))));
      waybillsOf.set(`${county}|${date}`, n);
      for (let i = 0; i < n; i++) {
        const brand = BRANDS[i % BRANDS.length];
        const rows = current.get(brand);
        rows.push({
          waybillNo: `VB${String(serial++).padStart(12, '0')}`,
          brand,
          date,
          direction: i % 3 === 0 ? 'upstream' : 'downstream',
          countyCode: county,
        });
        if (rows.length === BATCH) {
          bodies.push({ brand, body: JSON.stringify(rows) });
          current.set(brand, []);
        }
      }
    }
  }
  for (const [brand, rows] of current) if (rows.length > 0) bodies.push({ brand, body: JSON.stringify(rows) });
  // per brand, a courier organisation whose credit code is a registered enterprise of that brand
  const keys = {};
  for (const brand of BRANDS) {
    const code = uscc('140100');
    const licence = { number: `晋邮压测${brand}`, validFrom: '2023-01-01', validTo: '2030-12-31', scope: '国内快递' };
    await api('POST', '/enterprises', { name: `压测快递${brand}`, uscc: code, brand, licence });
    const courierOrg = await api('POST', '/organisations', { name: `压测快递${brand}`, kind: 'courier', regionCode: '14', uscc: code });
    keys[brand] = (await api('POST', '/api-keys', { orgId: courierOrg.id, role: 'courier', name: `bench-${brand}` })).key;
  }
  rates.push(
    await timed('waybills', serial, 'rows', () =>
      pool(bodies, 2, ({ brand, body }, k) => http(platform.url, 'POST', '/waybills', body, { 'x-api-key': keys[brand], 'idempotency-key': `volume-${k}` })),
    ),
  );

  // counts: per county, 2023-09-01 to 2024-12-31, one row per brand and direction
  const uploads = [];
  for (const county of counties) {
    let rows = [];
    for (const date of days('2023-09-01', '2024-12-31')) {
      const waybills = waybillsOf.get(`${county}|${date}`) ?? perCountyDay;
      const off = unit(`off${county}${date}`) < 0.05 ? 1.2 : 1;
      const share = Math.round((waybills * off) / (COUNT_BRANDS.length * 2));
      for (const brand of COUNT_BRANDS) {
        for (const direction of ['upstream', 'downstream']) {
          rows.push({ date, brand, direction, items: share });
          if (rows.length === COUNT_UPLOAD) {
            uploads.push({ county, rows });
            rows = [];
          }
        }
      }
    }
    if (rows.length > 0) uploads.push({ county, rows });
  }
  const countRows = uploads.reduce((a, u) => a + u.rows.length, 0);
  rates.push(
    await timed('counts', countRows, 'rows', () => pool(uploads, 2, (u) => api('POST', `/parcel-counts?countyCode=${u.county}`, { reports: u.rows }))),
  );

  // enterprises with licences, for outlets and green reports
  const enterprises = await Promise.all(
    BRANDS.map((brand, i) =>
      api('POST', '/enterprises', {
        name: `山西压测快递有限公司${i}`,
        uscc: uscc('140100'),
        brand,
        licence: { number: `晋邮压测${i}`, validFrom: '2023-01-01', validTo: '2030-12-31', scope: '国内快递（省内异地、同城）' },
      }),
    ),
  );

  // outlets: filed and accepted, spread over the townships; CPU per outlet of every app and of
  // the database backends serving them, from /proc (load on the machine hardly moves it)
  const appPids = Object.fromEntries(APPS.map((name) => [name, platform.apps[name].child.pid]));
  const backends = async () =>
    (await sql('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()')).rows.map((r) => r.pid);
  const appCpuBefore = Object.fromEntries(APPS.map((name) => [name, cpuSeconds([appPids[name]])]));
  const backendCpuBefore = new Map((await backends()).map((pid) => [pid, cpuSeconds([pid])]));
  rates.push(
    await timed('outlets (file + accept)', OUTLETS, 'outlets', () =>
      pool(
        Array.from({ length: OUTLETS }, (_, i) => i),
        CONCURRENCY * 2,
        async (i) => {
          const township = townships[i % townships.length];
          const outlet = await api('POST', '/outlets', {
            kind: i % 5 === 0 ? 'smart_locker' : 'terminal_outlet',
            name: `压测快递服务站${i}`,
            enterpriseId: enterprises[i % enterprises.length].id,
            regionCode: township,
            address: `压测路${i}号`,
            location: { lat: 34.6 + 6 * unit(`lat${i}`), lng: 110.3 + 4.2 * unit(`lng${i}`) },
            ...(i % 5 === 0 ? { compartments: { small: 20, medium: 10, large: 4 } } : {}),
          });
          await api('POST', `/outlets/${outlet.id}/decision`, { decision: 'accept' });
        },
      ),
    ),
  );
  const perOutlet = (seconds) => `${((seconds * 1000) / OUTLETS).toFixed(1)} ms`;
  const appCpu = APPS.map((name) => `${name} ${perOutlet(cpuSeconds([appPids[name]]) - appCpuBefore[name])}`);
  const backendCpu = (await backends()).reduce((a, pid) => a + cpuSeconds([pid]) - (backendCpuBefore.get(pid) ?? 0), 0);
  rates.push(`  CPU per filed and accepted outlet: ${appCpu.join(', ')}, database backends ${perOutlet(backendCpu)} (from /proc)`);
  log(rates[rates.length - 1]);

  // cold-chain facilities
  const kinds = ['origin_cold_storage', 'origin_cold_storage', 'origin_cold_storage', 'origin_consolidation_centre', 'sales_consolidation_centre'];
  rates.push(
    await timed('cold-chain facilities', FACILITIES, 'facilities', () =>
      pool(
        Array.from({ length: FACILITIES }, (_, i) => i),
        CONCURRENCY * 2,
        (i) =>
          api('POST', '/cold-chain/facilities', {
            kind: kinds[i % kinds.length],
            name: `压测冷库${i}`,
            operator: '压测农业合作社',
            regionCode: counties[i % counties.length],
            location: { lat: 34.6 + 6 * unit(`flat${i}`), lng: 110.3 + 4.2 * unit(`flng${i}`) },
            capacityTonnes: 500,
            temperatureZones: [{ zone: 'chilled', minC: 0, maxC: 4, capacityTonnes: 500 }],
            commodities: ['fruit'],
            status: 'operating',
            statusDate: `2024-${String((i % 12) + 1).padStart(2, '0')}-01`,
          }),
      ),
    ),
  );

  // green reports: enterprise × county × period, filed by the admin for the enterprise, then accepted
  const periods = ['annual', 'Q1', 'Q2', 'Q3', 'Q4'];
  rates.push(
    await timed('green reports (file + accept)', GREEN_REPORTS, 'reports', () =>
      pool(
        Array.from({ length: GREEN_REPORTS }, (_, i) => i),
        CONCURRENCY * 2,
        async (i) => {
          const slot = Math.floor(i / periods.length);
          const q = i % periods.length === 0 ? 1 : 4; // a quarter is a quarter of the year
          const report = await api('POST', '/green-reports', {
            year: 2024,
            period: periods[i % periods.length],
            regionCode: counties[slot % counties.length],
            enterpriseId: enterprises[Math.floor(slot / counties.length) % enterprises.length].id,
            parcels: 1_000_000 / q,
            eWaybills: 990_000 / q,
            transitBagsTotal: 20_000 / q,
            recyclableTransitBags: 15_000 / q,
            plasticBagsUsed: 300_000 / q,
            plasticBagsRecovered: 60_000 / q,
            vehicles: { total: 100, newEnergy: 30 },
            energy: { dieselL: 12000 / q, gasolineL: 3000 / q, electricityKWh: 50000 / q, cngM3: 1500 / q },
          });
          await api('POST', `/green-reports/${report.id}/accept`, {});
        },
      ),
    ),
  );

  // subsidy claims: a programme for 2024, then per county consecutive periods, a third submitted
  const programme = await api('POST', '/subsidy-programmes', {
    year: 2024,
    name: '2024年度农村寄递物流补助（压测）',
    directions: ['upstream', 'downstream'],
    rates: [
      { direction: 'upstream', rateFen: 30 },
      { direction: 'downstream', rateFen: 20 },
    ],
    avgCeilingFen: 50,
    basis: { document: '压测数据（非真实政策文件）', clause: '压测' },
    budgets: counties.map((countyCode) => ({ countyCode, amountFen: 1_000_000_000 })),
  });
  const perCounty = Math.ceil(CLAIMS / counties.length);
  const span = Math.max(1, Math.floor(year.length / perCounty));
  const claimSlots = Array.from({ length: CLAIMS }, (_, i) => ({ county: counties[i % counties.length], k: Math.floor(i / counties.length) }));
  rates.push(
    await timed('subsidy claims', CLAIMS, 'claims', () =>
      pool(claimSlots, CONCURRENCY, async ({ county, k }, i) => {
        const claim = await api('POST', '/subsidy-claims', {
          programmeId: programme.id,
          countyCode: county,
          periodStart: year[k * span],
          periodEnd: year[Math.min(year.length - 1, (k + 1) * span - 1)],
        });
        if (i % 3 === 0) await api('POST', `/subsidy-claims/${claim.id}/submit`, {});
      }),
    ),
  );

  // supervision applies every event of every service
  const caughtUp = Date.now();
  for (;;) {
    const {
      rows: [r],
    } = await sql(
      `SELECT (SELECT count(*) FROM supervision.applied_events WHERE consumer = 'supervision-read-models')
            - (${SCHEMAS.filter((s) => s !== 'gateway')
              .map((s) => `(SELECT count(*) FROM ${s}.outbox)`)
              .join(' + ')}) AS behind`,
    );
    if (Number(r.behind) >= 0) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  log(`supervision caught up ${((Date.now() - caughtUp) / 1000).toFixed(1)} s after the last load`);
  clearInterval(autovacuum);
  await vacuuming;
  return rates;
}

async function main() {
  // loading is not what is measured: a slow upload on a busy machine must not time out, nor the bench be rate-limited
  const platform = await ownPlatform(log, APPS, { NATS_REQUEST_TIMEOUT_MS: '60000', RATE_LIMIT: '1000000000' }, {}, () => ({}), EXISTING);
  const auth = await adminAuth(platform);
  const api = (method, path, body, headers = {}) => http(platform.url, method, path, body, { ...auth, ...headers });
  const sql = (text, params) => withPg(platform.databaseUrl, (c) => c.query(text, params));
  const rates = EXISTING ? [`(loaded before: database ${EXISTING}, BENCH_DATABASE)`] : await load(platform, api, sql);

  const county = '140105';
  const reads = [
    ['overview province', '/supervision/overview?year=2024'],
    ['overview city', '/supervision/overview?year=2024&regionCode=1401'],
    ['overview county', `/supervision/overview?year=2024&regionCode=${county}`],
    ['indicators (day series, province)', '/supervision/indicators?metric=waybills_upstream&regionCode=14&period=day&from=2024-01-01&to=2024-12-31'],
    ['data quality province (year)', '/data-quality?from=2024-01-01&to=2024-12-31'],
    ['data quality county (year)', `/data-quality?regionCode=${county}&from=2024-01-01&to=2024-12-31`],
    ['actions province', '/supervision/actions?regionCode=14&from=2024-01-01&to=2024-12-31'],
    ['coverage province', '/outlets/coverage?regionCode=14&level=township'],
    ['claim list', '/subsidy-claims?limit=50'],
  ];
  const measure = async () => {
    const out = new Map();
    for (const [label, path] of reads) {
      for (let i = 0; i < 3; i++) await api('GET', path);
      const ms = [];
      for (let i = 0; i < READS; i++) {
        const started = process.hrtime.bigint();
        await api('GET', path);
        ms.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
      ms.sort((a, b) => a - b);
      out.set(label, { p50: ms[Math.floor(ms.length * 0.5)], p95: ms[Math.min(ms.length - 1, Math.ceil(ms.length * 0.95) - 1)] });
    }
    return out;
  };
  // what autovacuum does after a load (the CI server runs with autovacuum off): without it the
  // read models, whose rows are updated by every event, are read through their dead versions
  const vacuumed = Date.now();
  await sql(`VACUUM`);
  log(`vacuumed in ${((Date.now() - vacuumed) / 1000).toFixed(1)} s`);
  const schemas = SCHEMAS.map((s) => `'${s}'`).join(', ');
  await sql(`SELECT pg_stat_reset()`);
  await sql(
    `DELETE FROM pg_statistic WHERE starelid IN (SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname IN (${schemas}))`,
  );
  await sql(`UPDATE pg_class SET reltuples = -1 WHERE relkind = 'r' AND relnamespace IN (SELECT oid FROM pg_namespace WHERE nspname IN (${schemas}))`);
  const stale = await measure();
  await sql(`ANALYZE`);
  const analysed = await measure();

  const {
    rows: [sizes],
  } = await sql(
    `SELECT (SELECT count(*) FROM subsidies.waybills) AS waybills, (SELECT count(*) FROM subsidies.parcel_counts) AS counts,
            (SELECT count(*) FROM supervision.rm_outlets) AS outlets, (SELECT count(*) FROM supervision.rm_facilities) AS facilities,
            (SELECT count(*) FROM supervision.rm_green_reports) AS green, (SELECT count(*) FROM supervision.rm_claims) AS claims`,
  );
  console.log('');
  console.log(
    `volume (${EXISTING ? `database ${EXISTING}` : `scale ${SCALE}`}): ${fmt(sizes.waybills)} waybills, ${fmt(sizes.counts)} count rows (${counties.length} counties), ` +
      `${fmt(sizes.outlets)} outlets, ${fmt(sizes.facilities)} facilities, ${fmt(sizes.green)} green reports, ${fmt(sizes.claims)} claims`,
  );
  for (const line of rates) console.log(`  ${line}`);
  console.log('');
  console.log(`| read (${READS} sequential requests) | p50 analysed ms | p95 analysed ms | p50 stale ms | p95 stale ms | p95 stale ÷ analysed |`);
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const [label] of reads) {
    const a = analysed.get(label);
    const s = stale.get(label);
    console.log(`| ${label} | ${a.p50.toFixed(1)} | ${a.p95.toFixed(1)} | ${s.p50.toFixed(1)} | ${s.p95.toFixed(1)} | ${(s.p95 / a.p95).toFixed(2)} |`);
  }
}

await run(main);
