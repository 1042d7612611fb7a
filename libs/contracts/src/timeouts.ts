/**
 * Requests the gateway waits for longer than NATS_REQUEST_TIMEOUT_MS. The services bound the
 * statements of these requests a little under the same time (statementTimeoutFor in
 * @app/database), as they bound every other statement a little under NATS_REQUEST_TIMEOUT_MS.
 */
export const LongRequests = {
  /** one chunk of a waybill upload: this many NATS_REQUEST_TIMEOUT_MS */
  waybillChunkFactor: 5,
  /** a cold-chain facility import (CSV/XLSX) */
  facilitiesImportMs: 30_000,
  /** a rebuild of supervision's read models, which replays the whole EVENTS stream */
  readModelsRebuildMs: 15 * 60_000,
} as const;
