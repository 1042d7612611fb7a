import { Logger, OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { DataSource } from 'typeorm';

const PURGE_INTERVAL_MS = 10 * 60_000;
/** How often the hits counted in memory are flushed to PostgreSQL (and the other replicas' hits learnt). */
const RATE_LIMIT_SYNC_MS = 1_000;
/** Keys with this prefix (the login limit) are counted exactly in PostgreSQL, one upsert per attempt. */
export const EXACT_KEY_PREFIX = 'login:';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** A key's window as this replica knows it (times on this process's clock). */
interface Window {
  ttl: number;
  limit: number;
  blockDuration: number;
  windowEnds: number;
  blockedUntil: number;
  /** Hits of every replica as PostgreSQL counted them at the last flush. */
  shared: number;
  /** This replica's hits since, not yet sent. */
  pending: number;
  /** This replica's hits being sent now. */
  sending: number;
}

interface Row {
  key: string;
  hits: number;
  expires_ms: string;
  blocked_ms: string | null;
}

/**
 * One upsert of many keys' hits: a fixed window per key, restarted when it has ended and
 * the key is not blocked; a key whose window now holds more than `$4` hits is blocked for
 * `$5` ms. Keys are sorted by the caller, so that two replicas flushing at once lock rows
 * in the same order (no deadlock). now() is the statement's own time.
 */
const UPSERT = `
  INSERT INTO gateway.rate_limits AS r (key, hits, window_ends, blocked_until)
  SELECT k, d, now() + $3 * interval '1 millisecond', CASE WHEN d > $4 THEN now() + $5 * interval '1 millisecond' END
  FROM unnest($1::text[], $2::int[]) AS u(k, d)
  ON CONFLICT (key) DO UPDATE SET
    hits = CASE WHEN r.window_ends <= now() AND coalesce(r.blocked_until <= now(), true) THEN EXCLUDED.hits ELSE r.hits + EXCLUDED.hits END,
    window_ends = CASE WHEN r.window_ends <= now() AND coalesce(r.blocked_until <= now(), true) THEN EXCLUDED.window_ends ELSE r.window_ends END,
    blocked_until = CASE
      WHEN r.blocked_until > now() THEN r.blocked_until
      WHEN r.window_ends <= now() THEN EXCLUDED.blocked_until
      WHEN r.hits + EXCLUDED.hits > $4 THEN now() + $5 * interval '1 millisecond'
      ELSE NULL END
  RETURNING key, hits,
    (extract(epoch FROM window_ends - now()) * 1000)::bigint AS expires_ms,
    (extract(epoch FROM blocked_until - now()) * 1000)::bigint AS blocked_ms`;

/**
 * Rate-limit counters in PostgreSQL (`gateway.rate_limits`), shared by every gateway replica,
 * fixed windows per key.
 *
 * - Login attempts (keys starting with EXACT_KEY_PREFIX) are counted exactly: one atomic
 *   upsert per attempt, so a client alternating between replicas gets the limit once.
 * - Every other key (the per-principal limit, counted on every request) is counted in memory
 *   and flushed every RATE_LIMIT_SYNC_MS in one upsert for all keys, which answers with each
 *   key's count over all replicas: a request is judged on that count plus this replica's hits
 *   since. A replica learns the others' hits (and blocks) within RATE_LIMIT_SYNC_MS, so N
 *   replicas together let through at most what N−1 of them take in that time over the limit;
 *   one replica alone is exact.
 *
 * Expired rows are purged at most every 10 minutes; windows this replica no longer needs are
 * forgotten at each flush.
 */
export class PostgresThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly logger = new Logger(PostgresThrottlerStorage.name);
  private readonly windows = new Map<string, Window>();
  private lastPurge = 0;
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly syncMs = RATE_LIMIT_SYNC_MS,
  ) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    this.purgeNowAndThen();
    const stored = `${throttlerName}:${key}`;
    if (key.startsWith(EXACT_KEY_PREFIX)) {
      const [row] = await this.upsert([stored], [1], ttl, limit, blockDuration);
      return record(Number(row.hits), Number(row.expires_ms), row.blocked_ms === null ? 0 : Number(row.blocked_ms));
    }
    const now = Date.now();
    let w = this.windows.get(stored);
    if (!w || (w.windowEnds <= now && w.blockedUntil <= now)) {
      // a new window here; the hits of one that ended and were never sent no longer count
      w = { ttl, limit, blockDuration, windowEnds: now + ttl, blockedUntil: 0, shared: 0, pending: 0, sending: 0 };
      this.windows.set(stored, w);
    }
    w.pending++;
    const hits = w.shared + w.sending + w.pending;
    if (w.blockedUntil <= now && hits > limit) w.blockedUntil = now + blockDuration;
    this.timer ??= setTimeout(() => void this.flush(), this.syncMs).unref();
    return record(hits, w.windowEnds - now, Math.max(0, w.blockedUntil - now));
  }

  /** Sends the hits counted in memory and takes back every replica's count (also run at shutdown). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.flushing;
    this.flushing = this.send().finally(() => (this.flushing = undefined));
    await this.flushing;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.flush();
  }

  private async send(): Promise<void> {
    const now = Date.now();
    const batches = new Map<string, string[]>();
    for (const [key, w] of this.windows) {
      if (w.pending === 0) {
        if (w.windowEnds <= now && w.blockedUntil <= now) this.windows.delete(key);
        continue;
      }
      const group = `${w.ttl}/${w.limit}/${w.blockDuration}`;
      const keys = batches.get(group);
      if (keys) keys.push(key);
      else batches.set(group, [key]);
      w.sending = w.pending;
      w.pending = 0;
    }
    for (const keys of batches.values()) {
      keys.sort();
      const sent = keys.map((key) => this.windows.get(key) as Window);
      const { ttl, limit, blockDuration } = sent[0];
      try {
        const rows = await this.upsert(
          keys,
          sent.map((w) => w.sending),
          ttl,
          limit,
          blockDuration,
        );
        const answered = Date.now();
        const byKey = new Map(rows.map((row) => [row.key, row]));
        for (const [i, key] of keys.entries()) {
          const row = byKey.get(key);
          const w = sent[i];
          w.sending = 0;
          if (!row) continue;
          w.shared = Number(row.hits);
          w.windowEnds = answered + Number(row.expires_ms);
          if (row.blocked_ms !== null) w.blockedUntil = Math.max(w.blockedUntil, answered + Number(row.blocked_ms));
        }
      } catch (err) {
        // sent again with the next flush
        for (const w of sent) {
          w.pending += w.sending;
          w.sending = 0;
        }
        this.logger.warn({ err }, 'flushing rate-limit counts failed');
        this.timer ??= setTimeout(() => void this.flush(), this.syncMs).unref();
      }
    }
  }

  private upsert(keys: string[], hits: number[], ttl: number, limit: number, blockDuration: number): Promise<Row[]> {
    return this.dataSource.query(UPSERT, [keys, hits, ttl, limit, blockDuration]);
  }

  private purgeNowAndThen(): void {
    if (Date.now() - this.lastPurge <= PURGE_INTERVAL_MS) return;
    this.lastPurge = Date.now();
    this.dataSource
      .query(`DELETE FROM gateway.rate_limits WHERE window_ends < now() AND (blocked_until IS NULL OR blocked_until < now())`)
      .catch((err: unknown) => this.logger.warn({ err }, 'purging expired rate-limit windows failed'));
  }
}

function record(hits: number, expiresMs: number, blockedMs: number): ThrottlerStorageRecord {
  const isBlocked = blockedMs > 0;
  return {
    totalHits: hits,
    timeToExpire: Math.max(1, Math.ceil(expiresMs / 1000)),
    isBlocked,
    timeToBlockExpire: isBlocked ? Math.max(1, Math.ceil(blockedMs / 1000)) : 0,
  };
}
