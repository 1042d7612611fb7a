import { Logger } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { DataSource } from 'typeorm';

const PURGE_INTERVAL_MS = 10 * 60_000;

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * Rate-limit counters in PostgreSQL (`gateway.rate_limits`), shared by every gateway replica:
 * a fixed window per key, counted by one atomic upsert. A key over its limit is refused
 * until its window (or the longer block duration) ends. Expired rows are purged at most every
 * 10 minutes, by the request that finds the last purge older.
 */
export class PostgresThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger(PostgresThrottlerStorage.name);
  private lastPurge = 0;

  constructor(private readonly dataSource: DataSource) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    if (Date.now() - this.lastPurge > PURGE_INTERVAL_MS) {
      this.lastPurge = Date.now();
      this.dataSource
        .query(`DELETE FROM gateway.rate_limits WHERE window_ends < now() AND (blocked_until IS NULL OR blocked_until < now())`)
        .catch((err: unknown) => this.logger.warn({ err }, 'purging expired rate-limit windows failed'));
    }
    // now() is the statement's own time: the whole upsert is one transaction.
    const [row]: Array<{ hits: number; expires_ms: string; blocked_ms: string | null }> = await this.dataSource.query(
      `INSERT INTO gateway.rate_limits AS r (key, hits, window_ends, blocked_until)
       VALUES ($1, 1, now() + $2 * interval '1 millisecond', NULL)
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN r.window_ends <= now() AND coalesce(r.blocked_until <= now(), true) THEN 1 ELSE r.hits + 1 END,
         window_ends = CASE WHEN r.window_ends <= now() AND coalesce(r.blocked_until <= now(), true) THEN EXCLUDED.window_ends ELSE r.window_ends END,
         blocked_until = CASE
           WHEN r.blocked_until > now() THEN r.blocked_until
           WHEN r.window_ends > now() AND r.hits + 1 > $3 THEN now() + $4 * interval '1 millisecond'
           ELSE NULL END
       RETURNING hits,
         (extract(epoch FROM window_ends - now()) * 1000)::bigint AS expires_ms,
         (extract(epoch FROM blocked_until - now()) * 1000)::bigint AS blocked_ms`,
      [`${throttlerName}:${key}`, ttl, limit, blockDuration],
    );
    const blockedMs = row.blocked_ms === null ? 0 : Number(row.blocked_ms);
    const isBlocked = blockedMs > 0;
    return {
      totalHits: row.hits,
      timeToExpire: Math.max(1, Math.ceil(Number(row.expires_ms) / 1000)),
      isBlocked,
      timeToBlockExpire: isBlocked ? Math.max(1, Math.ceil(blockedMs / 1000)) : 0,
    };
  }
}
