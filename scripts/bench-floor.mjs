// The floors of `npm run bench -- http`: the least any server can do on this machine for "an
// authenticated read through NATS to a service and PostgreSQL" and for "a small write", written
// by hand with nothing of the platform (no Nest, Express, authentication, validation, rate
// limit, logging or metrics):
//   node bench-floor.mjs front     — node:http on PORT; a GET is one NATS request to the
//                                    responder, its reply sent back as it came (200); a POST
//                                    sends its body as it came and answers 201 with the reply;
//   node bench-floor.mjs responder — answers the read with the same statement the platform's
//                                    GET /enterprises?limit=20 runs (supervision's registry,
//                                    newest first), as JSON; answers the write (the body of a
//                                    POST /enterprises) with what supervision's registration
//                                    stores, in one statement (so one round trip and one
//                                    transaction): the enterprise row, its audit record (the
//                                    response as `after`) and its supervision.enterprise.registered
//                                    event in the outbox with the relay's NOTIFY, into the same
//                                    tables under the same constraints (the unique credit code and
//                                    the known brand are the table's, as they are the platform's
//                                    last word); the platform's relay publishes the event as it
//                                    would its own. The actor is an admin named FLOOR_ACTOR (there
//                                    is no authentication), by which the bench finds and removes
//                                    these rows.
// All from NATS_URL, DATABASE_URL (as the platform's apps get them) and FLOOR_ACTOR. The ratio of this front
// to the bare app is the most the platform's own ratio could reach with the same processes.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';

const READ = 'bench.floor.enterprises';
const WRITE = 'bench.floor.enterprises.create';

if (process.argv[2] === 'front') {
  const nc = await connect({ servers: process.env.NATS_URL, noAsyncTraces: true });
  const answer = (res, status, data) => {
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': data.length });
    res.end(data);
  };
  http
    .createServer(async (req, res) => {
      try {
        if (req.method !== 'POST') return answer(res, 200, (await nc.request(READ, '{"limit":20}', { timeout: 5000 })).data);
        const body = [];
        for await (const chunk of req) body.push(chunk);
        const reply = await nc.request(WRITE, Buffer.concat(body), { timeout: 5000 });
        // the responder answers a stored enterprise as its JSON object, a refusal as its bare status (409, 500)
        if (reply.data[0] === 0x7b) answer(res, 201, reply.data);
        else res.writeHead(Number(reply.string())).end();
      } catch {
        res.writeHead(503).end();
      }
    })
    .listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('floor listening\n'));
} else {
  const nc = await connect({ servers: process.env.NATS_URL, noAsyncTraces: true });
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  nc.subscribe(READ, {
    queue: 'floor',
    callback: (err, msg) => {
      if (err) return;
      const { limit } = msg.json();
      pool
        .query(
          `SELECT id, name, uscc, brand, licence_number, licence_valid_from::text, licence_valid_to::text, licence_scope, licence_territory,
             licence_issued_by, licence_revoked_at, licence_cancelled_at, created_at, updated_at, version
           FROM supervision.enterprises ORDER BY created_at DESC, id DESC LIMIT $1`,
          [limit + 1],
        )
        .then(({ rows }) => msg.respond(JSON.stringify({ items: rows.slice(0, limit), nextCursor: null })))
        .catch(() => msg.respond('{"error":"query failed"}'));
    },
  });
  nc.subscribe(WRITE, { queue: 'floor', callback: (err, msg) => err || register(pool, msg) });
  await nc.flush();
  process.stdout.write('floor listening\n');
}

const FLOOR_ACTOR = process.env.FLOOR_ACTOR;
const PRINCIPAL = { sub: FLOOR_ACTOR, role: 'admin', orgId: null, regionCode: '14' };
const ISO_UTC = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/** One enterprise registered as supervision registers it: the row, the audit record and the outbox event in one statement. */
function register(pool, msg) {
  const input = msg.json();
  const { licence } = input;
  const territory = licence.territory ?? [PRINCIPAL.regionCode];
  const id = randomUUID();
  const correlationId = randomUUID();
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10); // Asia/Shanghai
  const status = today < licence.validFrom ? 'not_yet_valid' : today > licence.validTo ? 'expired' : 'valid';
  const response = {
    id,
    name: input.name,
    uscc: input.uscc,
    brand: input.brand,
    licence: {
      number: licence.number,
      validFrom: licence.validFrom,
      validTo: licence.validTo,
      scope: licence.scope,
      territory,
      issuedBy: PRINCIPAL.regionCode,
      status,
    },
  };
  const event = {
    id: randomUUID(),
    type: 'supervision.enterprise.registered',
    occurredAt: new Date().toISOString(),
    correlationId,
    actor: PRINCIPAL,
    data: { enterpriseId: id, name: input.name, uscc: input.uscc, brand: input.brand, licenceValidTo: licence.validTo },
  };
  pool
    .query(
      `WITH e AS (
         INSERT INTO supervision.enterprises
           (id, name, uscc, brand, licence_number, licence_valid_from, licence_valid_to, licence_scope, licence_territory, licence_issued_by, created_by, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1)
         RETURNING id, to_char(created_at AT TIME ZONE 'UTC', ${ISO_UTC}) AS created_at, to_char(updated_at AT TIME ZONE 'UTC', ${ISO_UTC}) AS updated_at),
       a AS (
         INSERT INTO supervision.audit_log (actor, org_id, role, action, object_type, object_id, after, correlation_id, region_code)
         SELECT $11, NULL, $12, 'enterprise.registered', 'enterprise', e.id, $13::jsonb || jsonb_build_object('createdAt', e.created_at, 'updatedAt', e.updated_at), $14, $10
         FROM e),
       o AS (INSERT INTO supervision.outbox (id, type, event) SELECT $15, $16, $17 FROM e)
       SELECT e.created_at, e.updated_at, pg_notify('outbox_supervision', '') FROM e`,
      [
        id,
        input.name,
        input.uscc,
        input.brand,
        licence.number,
        licence.validFrom,
        licence.validTo,
        licence.scope,
        territory,
        PRINCIPAL.regionCode,
        FLOOR_ACTOR,
        PRINCIPAL.role,
        JSON.stringify(response),
        correlationId,
        event.id,
        event.type,
        JSON.stringify(event),
      ],
    )
    .then(({ rows: [row] }) => msg.respond(JSON.stringify({ ...response, createdAt: row.created_at, updatedAt: row.updated_at })))
    .catch((err) => msg.respond(err.code === '23505' ? '409' : '500'));
}
