import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource, EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import type { RequestMeta } from '@app/messaging';
import { EVENTS_SCHEMA, IDEMPOTENCY_TTL_HOURS } from './tokens.js';

const PURGE_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Exactly once behind an Idempotency-Key, in the service: what a creating request made is
 * recorded with the client's key (`meta.idempotencyKey`, per principal and action) in the
 * same transaction as the creation. The gateway frees a key when its request fails, a 503
 * after NATS_REQUEST_TIMEOUT_MS included, while the service may still finish the work; the
 * client's retry with the same key then finds the first object here instead of making a
 * second. Keys are kept IDEMPOTENCY_TTL_HOURS, as in the gateway.
 *
 *   const earlier = await this.once.earlier(manager, meta, 'incident.opened');
 *   if (earlier) return this.get(earlier);
 *   … create …
 *   await this.once.remember(manager, meta, 'incident.opened', id);
 */
@Injectable()
export class CreatedOnce implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CreatedOnce.name);
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(EVENTS_SCHEMA) private readonly schema: string,
    @Inject(IDEMPOTENCY_TTL_HOURS) private readonly ttlHours: number,
    private readonly dataSource: DataSource,
  ) {}

  /**
   * The id of what this principal's key already created with `action`; else undefined,
   * and the key is this transaction's (a concurrent retry waits for it to commit or roll
   * back). Without a key or a principal: undefined.
   */
  async earlier(manager: EntityManager, meta: RequestMeta, action: string): Promise<string | undefined> {
    const principal = meta.principal?.sub;
    if (!meta.idempotencyKey || !principal) return undefined;
    const claimed: unknown[] = await manager.query(
      `INSERT INTO "${this.schema}".idempotency_keys (principal, key, action) VALUES ($1, $2, $3)
       ON CONFLICT (principal, key, action) DO UPDATE SET object_id = NULL, created_at = clock_timestamp()
         WHERE "${this.schema}".idempotency_keys.created_at < clock_timestamp() - $4::interval
       RETURNING 1`,
      [principal, meta.idempotencyKey, action, `${this.ttlHours} hours`],
    );
    if (claimed.length > 0) return undefined;
    const [row]: Array<{ object_id: string }> = await manager.query(
      `SELECT object_id FROM "${this.schema}".idempotency_keys WHERE principal = $1 AND key = $2 AND action = $3`,
      [principal, meta.idempotencyKey, action],
    );
    return row.object_id;
  }

  /** Records what this request created under its key (after `earlier` returned undefined). */
  async remember(manager: EntityManager, meta: RequestMeta, action: string, objectId: string): Promise<void> {
    const principal = meta.principal?.sub;
    if (!meta.idempotencyKey || !principal) return;
    await manager.query(`UPDATE "${this.schema}".idempotency_keys SET object_id = $4 WHERE principal = $1 AND key = $2 AND action = $3`, [
      principal,
      meta.idempotencyKey,
      action,
      objectId,
    ]);
  }

  onApplicationBootstrap(): void {
    const purge = () => void this.purge().catch((err: unknown) => this.logger.warn({ err }, 'purging expired idempotency keys failed'));
    purge();
    this.timer = setInterval(purge, PURGE_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async purge(): Promise<number> {
    const [, count] = (await this.dataSource.query(`DELETE FROM "${this.schema}".idempotency_keys WHERE created_at < clock_timestamp() - $1::interval`, [
      `${this.ttlHours} hours`,
    ])) as [unknown, number];
    return count;
  }
}

/** The table of CreatedOnce in a service's schema. */
export function idempotencyKeysMigration(schema: string): new () => MigrationInterface {
  return class IdempotencyKeys1765400000000 implements MigrationInterface {
    name = 'IdempotencyKeys1765400000000';

    async up(q: QueryRunner): Promise<void> {
      await q.query(`
        CREATE TABLE "${schema}".idempotency_keys (
          principal text NOT NULL,
          key text NOT NULL,
          action text NOT NULL,
          object_id text,
          created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
          PRIMARY KEY (principal, key, action)
        )`);
      await q.query(`CREATE INDEX ix_idempotency_keys_created ON "${schema}".idempotency_keys (created_at)`);
    }

    async down(q: QueryRunner): Promise<void> {
      await q.query(`DROP TABLE "${schema}".idempotency_keys`);
    }
  };
}
