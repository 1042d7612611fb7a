#!/usr/bin/env node
// Health probe of a service, for containers (Kubernetes exec probes, compose healthchecks):
//
//   node scripts/nats-health.mjs <service>          ask <service>.health.ping.<this host>
//   node scripts/nats-health.mjs <service> --any    ask <service>.health.ping (any replica)
//
// Services speak NATS only. Without --any the request goes to the subject that only the
// process on this host (the pod) answers, so a replica's probe is never answered by another
// replica of the queue group. Connects with the container's own NATS_URL, NATS_USER,
// NATS_PASSWORD and NATS_TLS_CA_FILE (a service may publish to its own health subjects). Exits 0 when the
// service and its database answer within 3 s, else 1, printing what it found.
import { hostname } from 'node:os';
import { natsHealth } from './platform.mjs';

const [service, ...flags] = process.argv.slice(2);
if (!service || service.startsWith('-')) {
  console.error('usage: node scripts/nats-health.mjs <service> [--any]');
  process.exit(64);
}
/** The same token as instanceToken() in libs/messaging/src/health.ts. */
const instance = flags.includes('--any') ? undefined : hostname().replace(/[^A-Za-z0-9_-]/g, '_');
const env = {
  NATS_URL: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
  NATS_USER: process.env.NATS_USER,
  NATS_PASSWORD: process.env.NATS_PASSWORD,
  NATS_TLS_CA_FILE: process.env.NATS_TLS_CA_FILE,
};
const { ok, detail } = await natsHealth(env, service, { instance, timeoutMs: 3000 });
(ok ? console.log : console.error)(detail);
process.exit(ok ? 0 : 1);
