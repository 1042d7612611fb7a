// The floor of `npm run bench`: the least any server can do on this machine for "a JSON array
// of waybills over HTTP, each number stored once in the province", written by hand with
// nothing of the platform (no gateway, NATS, Nest, authentication, validation, batch or
// idempotency record, tallies, audit, events, logging or metrics), in one process.
//
// node:http on PORT takes any POST whose body is the API's JSON array of
// { waybillNo, brand, date, direction, countyCode, villageCode? } (the bench sends no times),
// parses it and, in one transaction on DATABASE_URL:
//   1. COPY the rows into a temporary staging table of the connection (emptied at commit);
//      text COPY, or binary with BENCH_FLOOR_COPY=binary (dates as days, so the server parses
//      none of them);
//   2. in one statement, claim their numbers in subsidies.waybill_numbers (INSERT … ON CONFLICT
//      DO NOTHING, in number order so two requests sharing numbers wait for each other instead
//      of deadlocking) and insert the rows that got theirs into subsidies.waybills (partitioned
//      by month), under one batch id per request;
// then answers { accepted, duplicates } (counts: a number repeated within the request is kept
// once, before the COPY). The same tables, columns and constraints as the platform's ingest.
// Its connections are named `ingest-floor` (application_name), so the bench tells their CPU.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';

const BINARY = process.env.BENCH_FLOOR_COPY === 'binary';
const COLUMNS = 'waybill_no, brand, date, direction, county_code, village_code';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, application_name: 'ingest-floor' });
pool.on('connect', (client) => {
  // queued ahead of the first query the new connection is given
  client
    .query(
      `CREATE TEMP TABLE staging (waybill_no text NOT NULL, brand text NOT NULL, date date NOT NULL, direction text NOT NULL,
         county_code text NOT NULL, village_code text) ON COMMIT DELETE ROWS`,
    )
    .catch((err) => console.error(err));
});

http
  .createServer(async (req, res) => {
    const body = [];
    for await (const chunk of req) body.push(chunk);
    const received = JSON.parse(Buffer.concat(body).toString());
    const seen = new Set();
    const rows = received.filter((r) => !seen.has(r.waybillNo) && seen.add(r.waybillNo));
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const copy = `COPY pg_temp.staging (${COLUMNS}) FROM STDIN${BINARY ? ' WITH (FORMAT binary)' : ''}`;
      await pipeline(Readable.from([BINARY ? binaryRows(rows) : textRows(rows)]), client.query(copyStreams.from(copy)));
      const { rowCount: accepted } = await client.query(
        `WITH claimed AS (
           INSERT INTO subsidies.waybill_numbers (waybill_no, date)
           SELECT waybill_no, date FROM pg_temp.staging ORDER BY waybill_no COLLATE "C"
           ON CONFLICT (waybill_no) DO NOTHING
           RETURNING waybill_no
         )
         INSERT INTO subsidies.waybills (${COLUMNS}, batch_id)
         SELECT ${COLUMNS}, $1 FROM pg_temp.staging JOIN claimed USING (waybill_no)`,
        [randomUUID()],
      );
      await client.query('COMMIT');
      const answer = JSON.stringify({ accepted, duplicates: received.length - accepted });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer) }).end(answer);
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      console.error(err);
      res.writeHead(500).end();
    } finally {
      client.release();
    }
  })
  .listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('ingest floor listening\n'));

/** COPY's text format: tab-separated, `\N` for null, backslash, tab and line breaks escaped. */
function textRows(rows) {
  const field = (v) => (/[\\\t\n\r]/.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]) : v);
  let text = '';
  for (const r of rows) {
    text += `${field(r.waybillNo)}\t${field(r.brand)}\t${field(r.date)}\t${field(r.direction)}\t${field(r.countyCode)}\t${r.villageCode == null ? '\\N' : field(r.villageCode)}\n`;
  }
  return Buffer.from(text);
}
const ESCAPES = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const POSTGRES_EPOCH_DAYS = 10_957; // 2000-01-01 after 1970-01-01

/** COPY's binary format: per row the field count, then each field's length and bytes (a date as its days since 2000-01-01). */
function binaryRows(rows) {
  let bound = SIGNATURE.length + 8 + 2;
  for (const r of rows)
    bound += 2 + 6 * 4 + 4 + 3 * (r.waybillNo.length + r.brand.length + r.direction.length + r.countyCode.length + (r.villageCode?.length ?? 0));
  const out = Buffer.allocUnsafe(bound);
  let at = SIGNATURE.copy(out, 0);
  at = out.writeInt32BE(0, out.writeInt32BE(0, at)); // flags, header extension
  const text = (v) => {
    if (v == null) return (at = out.writeInt32BE(-1, at));
    const n = out.write(v, at + 4);
    out.writeInt32BE(n, at);
    at += 4 + n;
  };
  const days = new Map();
  for (const r of rows) {
    at = out.writeInt16BE(6, at);
    text(r.waybillNo);
    text(r.brand);
    let d = days.get(r.date);
    if (d === undefined) {
      d = Date.parse(`${r.date}T00:00:00Z`) / 86_400_000 - POSTGRES_EPOCH_DAYS;
      if (!Number.isInteger(d)) throw new Error(`not a date: ${r.date}`); // as the server refuses it in text
      days.set(r.date, d);
    }
    at = out.writeInt32BE(d, out.writeInt32BE(4, at));
    text(r.direction);
    text(r.countyCode);
    text(r.villageCode);
  }
  at = out.writeInt16BE(-1, at);
  return out.subarray(0, at);
}
