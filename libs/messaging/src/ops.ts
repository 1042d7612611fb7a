import { createServer, Server } from 'node:http';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** The Prometheus registry of this service process; what it measures registers here. */
export const serviceMetrics = new Registry();
collectDefaultMetrics({ register: serviceMetrics });

/** Time to handle a NATS request, by subject and outcome (MessageLoggingInterceptor). */
export const handlerDuration = new Histogram({
  name: 'nats_handler_duration_seconds',
  help: 'NATS requests handled by this service, by subject and outcome (ok, error)',
  labelNames: ['subject', 'outcome'],
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [serviceMetrics],
});

/** Rows a bulk path stored, by kind (waybills, parcel counts, facilities). */
export const rowsIngested = new Counter({
  name: 'rows_ingested_total',
  help: 'Rows stored by the bulk paths, by kind',
  labelNames: ['kind'],
  registers: [serviceMetrics],
});

/**
 * A service's operations port (OPS_PORT): `GET /livez` answers 200 while the process's event
 * loop runs, whatever its database or NATS do (the container's liveness); `GET /metrics` is
 * the Prometheus exposition of serviceMetrics. Services otherwise speak NATS only.
 */
export async function startOpsServer(port: number, host = '0.0.0.0'): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    } else if (path === '/livez') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"status":"ok"}');
    } else if (path === '/metrics') {
      serviceMetrics.metrics().then(
        (text) => res.writeHead(200, { 'Content-Type': serviceMetrics.contentType }).end(text),
        (err: unknown) => res.writeHead(500, { 'Content-Type': 'text/plain' }).end(String(err)),
      );
    } else {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found: /livez, /metrics');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  server.unref();
  return server;
}
