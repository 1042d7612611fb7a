import { createServer, Server } from 'node:http';
import { collectDefaultMetrics, Registry } from 'prom-client';

/** The Prometheus registry of this service process; what it measures registers here. */
export const serviceMetrics = new Registry();
collectDefaultMetrics({ register: serviceMetrics });

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
