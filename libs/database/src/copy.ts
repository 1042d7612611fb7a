import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyStream } from 'pg-copy-streams';
import type { EntityManager } from 'typeorm';

/**
 * Runs `COPY … FROM STDIN` (`sql`) on the connection of `manager`'s transaction, feeding it
 * `data` (pieces of COPY text, as strings or their bytes, in order): a bulk write at COPY's speed, in the same
 * transaction as the rest of the change. Resolves with the rows written.
 */
export async function copyFrom(manager: EntityManager, sql: string, data: Iterable<string | Uint8Array>): Promise<number> {
  if (!manager.queryRunner) throw new Error('copyFrom needs a transaction’s EntityManager');
  const client = (await manager.queryRunner.connect()) as PoolClient;
  const stream = client.query(copyStream(sql));
  await pipeline(Readable.from(data, { objectMode: false }), stream);
  return stream.rowCount;
}
