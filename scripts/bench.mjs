#!/usr/bin/env node
// `npm run bench [-- volume | http]`: the waybill ingest against a raw COPY (default,
// bench-ingest.mjs), a province-year through the API and the read side's latencies
// (bench-volume.mjs), or the gateway's cost per request against a bare NestJS app
// (bench-http.mjs).
const benches = { ingest: './bench-ingest.mjs', volume: './bench-volume.mjs', http: './bench-http.mjs' };
const which = process.argv[2] ?? 'ingest';
if (!benches[which]) {
  console.error(`[bench] unknown bench ${which}: one of ${Object.keys(benches).join(', ')}`);
  process.exit(1);
}
await import(benches[which]);
