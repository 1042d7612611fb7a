// The floor of `npm run bench -- http`: the least any server can do for "an authenticated read
// through NATS to a service and PostgreSQL" on this machine, written by hand with nothing of
// the platform (no Nest, Express, authentication, validation, rate limit, logging or metrics):
//   node bench-floor.mjs front   — node:http on PORT; each request one NATS request to the
//                                   responder, its reply sent back as it came;
//   node bench-floor.mjs responder — answers that subject with the same statement the
//                                   platform's GET /enterprises?limit=20 runs (supervision's
//                                   registry, newest first), as JSON.
// Both from NATS_URL and DATABASE_URL as the platform's apps get them. The ratio of this front
// to the bare app is the most the platform's own ratio could reach with the same processes.
import http from 'node:http';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';

const SUBJECT = 'bench.floor.enterprises';
const nc = await connect({ servers: process.env.NATS_URL, noAsyncTraces: true });

if (process.argv[2] === 'front') {
  http
    .createServer(async (req, res) => {
      try {
        const reply = await nc.request(SUBJECT, '{"limit":20}', { timeout: 5000 });
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': reply.data.length });
        res.end(reply.data);
      } catch {
        res.writeHead(503).end();
      }
    })
    .listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('floor listening\n'));
} else {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  nc.subscribe(SUBJECT, {
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
  await nc.flush();
  process.stdout.write('floor listening\n');
}
