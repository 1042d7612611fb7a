import { AddressInfo } from 'node:net';
import { Counter } from 'prom-client';
import { serviceMetrics, startOpsServer } from './ops.js';

describe('a service operations port', () => {
  it('answers /livez without asking anything else, and /metrics with the registry', async () => {
    new Counter({ name: 'ops_spec_total', help: 'a counter of this spec', registers: [serviceMetrics] }).inc(3);
    const server = await startOpsServer(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const live = await fetch(`${base}/livez`);
      expect(live.status).toBe(200);
      expect(await live.json()).toEqual({ status: 'ok' });
      const metrics = await fetch(`${base}/metrics`);
      expect(metrics.headers.get('content-type')).toContain('text/plain');
      const text = await metrics.text();
      expect(text).toContain('ops_spec_total 3');
      expect(text).toContain('process_cpu_seconds_total');
      expect((await fetch(`${base}/other`)).status).toBe(404);
      expect((await fetch(`${base}/livez`, { method: 'POST' })).status).toBe(405);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
