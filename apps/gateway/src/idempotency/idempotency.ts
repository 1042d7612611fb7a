import {
  CallHandler,
  ExecutionContext,
  Inject,
  Injectable,
  Logger,
  NestInterceptor,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  UseInterceptors,
  applyDecorators,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiHeader } from '@nestjs/swagger';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { DataSource } from 'typeorm';
import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { from, lastValueFrom, Observable } from 'rxjs';
import { DomainError } from '@app/contracts';
import type { PlatformRequest } from '../auth/platform-request.js';
import { GatewayConfig } from '../gateway.definition.js';

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
/** A `running` claim older than this belongs to a request that died with its gateway. */
const STALE_RUNNING_MS = 10 * 60 * 1000;
const PURGE_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Marks a creating or ingesting POST as honouring `Idempotency-Key` (IETF httpapi draft):
 * a replay with the same key and body by the same principal returns the first response
 * and changes nothing; while the first is running a replay is 409; the same key with
 * another body is 422. The interceptor is bound to these routes alone: other routes run
 * without any interceptor (no per-request Observable chain).
 */
export function Idempotent(): MethodDecorator {
  return applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'Unique key of this request (幂等键), e.g. a UUID. A retry with the same key and body returns the first response; kept at least 24 hours.',
    }),
  );
}

/** The client's key, when the request carries a well-formed one. */
export function idempotencyKeyOf(req: PlatformRequest): string | undefined {
  const key = req.headers['idempotency-key'];
  return typeof key === 'string' && KEY_PATTERN.test(key) ? key : undefined;
}

interface StoredKey {
  request_hash: string;
  state: 'running' | 'done';
  response_status: number | null;
  response_body: unknown;
  created_at: Date;
  expires_at: Date;
}

/** The bytes of each parsed JSON body, as received (see keepRawBody). */
const rawBodies = new WeakMap<object, Buffer>();

/**
 * Called by the body parser (body.ts) for JSON bodies: keeps the bytes beside the parsed value, so
 * that the request hash reads them instead of serialising the parsed body again (a 50,000-row
 * upload is several megabytes of JSON). The buffer exists anyway; this only holds on to it
 * for as long as the request lives.
 */
export function keepRawBody(req: object, buf: Buffer): void {
  rawBodies.set(req, buf);
}

/**
 * The request's fingerprint: method, URL and the body's bytes as received (a JSON body is not
 * parsed and re-serialised for it). Another body under the same key, even one that parses to
 * the same value with other spacing, is another request. Computed once per request.
 */
export function requestHash(req: PlatformRequest): string {
  let hash = hashes.get(req);
  if (hash === undefined) {
    const body = rawBodies.get(req) ?? (Buffer.isBuffer(req.body) ? req.body : typeof req.body === 'string' ? req.body : JSON.stringify(req.body ?? null));
    hash = createHash('sha256').update(`${req.method} ${req.originalUrl}\n`).update(body).digest('hex');
    hashes.set(req, hash);
  }
  return hash;
}

/** Each request's hash, once computed (the interceptor and a bulk route both read it). */
const hashes = new WeakMap<object, string>();

@Injectable()
class IdempotencyInterceptor implements NestInterceptor, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(IdempotencyInterceptor.name);
  private purgeTimer?: NodeJS.Timeout;

  constructor(
    private readonly reflector: Reflector,
    private readonly dataSource: DataSource,
    @Inject(GatewayConfig) private readonly config: GatewayConfig,
  ) {}

  onApplicationBootstrap(): void {
    const purge = (): void => {
      this.purgeExpired().catch((err: unknown) => this.logger.warn({ err }, 'purging expired idempotency keys failed'));
    };
    purge();
    this.purgeTimer = setInterval(purge, PURGE_INTERVAL_MS);
    this.purgeTimer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.purgeTimer);
  }

  async purgeExpired(): Promise<number> {
    const [, count] = (await this.dataSource.query(`DELETE FROM gateway.idempotency_keys WHERE expires_at < clock_timestamp()`)) as [unknown, number];
    return count;
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<PlatformRequest>();
    const header = req.headers['idempotency-key'];
    if (header === undefined) return next.handle();
    const key = idempotencyKeyOf(req);
    if (!key || !req.principal) {
      throw new DomainError(400, 'BAD_IDEMPOTENCY_KEY', 'Idempotency-Key must be 1–255 visible ASCII characters', [
        { field: 'Idempotency-Key', message: 'invalid header value' },
      ]);
    }
    const status = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? 201;
    const res = context.switchToHttp().getResponse<FastifyReply>();
    return from(this.run(req.principal.sub, key, requestHash(req), status, res, () => lastValueFrom(next.handle())));
  }

  private async run(principal: string, key: string, hash: string, status: number, res: FastifyReply, handle: () => Promise<unknown>) {
    const existing = await this.claim(principal, key, hash);
    if (existing) {
      if (existing.request_hash !== hash) {
        throw new DomainError(422, 'IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used with a different request');
      }
      if (existing.state === 'running') {
        throw new DomainError(409, 'IDEMPOTENCY_IN_FLIGHT', 'a request with this Idempotency-Key is still being processed');
      }
      res.header('Idempotent-Replayed', 'true');
      return existing.response_body;
    }
    let body: unknown;
    try {
      body = await handle();
    } catch (err) {
      await this.dataSource.query(`DELETE FROM gateway.idempotency_keys WHERE principal = $1 AND key = $2`, [principal, key]);
      throw err;
    }
    await this.dataSource.query(
      `UPDATE gateway.idempotency_keys SET state = 'done', response_status = $3, response_body = $4
       WHERE principal = $1 AND key = $2`,
      [principal, key, status, JSON.stringify(body ?? null)],
    );
    return body;
  }

  /** Claims the key for this request; returns the stored row when another request holds it. */
  private async claim(principal: string, key: string, hash: string): Promise<StoredKey | null> {
    const ttl = `${this.config.IDEMPOTENCY_TTL_HOURS} hours`;
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO gateway.idempotency_keys (principal, key, request_hash, state, expires_at)
       VALUES ($1, $2, $3, 'running', clock_timestamp() + $4::interval)
       ON CONFLICT (principal, key) DO UPDATE
         SET request_hash = EXCLUDED.request_hash, state = 'running', response_status = NULL, response_body = NULL,
             created_at = clock_timestamp(), expires_at = EXCLUDED.expires_at
         WHERE gateway.idempotency_keys.expires_at < clock_timestamp()
            OR (gateway.idempotency_keys.state = 'running'
                AND gateway.idempotency_keys.created_at < clock_timestamp() - $5::interval)
       RETURNING 1`,
      [principal, key, hash, ttl, `${STALE_RUNNING_MS} milliseconds`],
    );
    if (inserted.length > 0) return null;
    const rows: StoredKey[] = await this.dataSource.query(
      `SELECT request_hash, state, response_status, response_body, created_at, expires_at
       FROM gateway.idempotency_keys WHERE principal = $1 AND key = $2`,
      [principal, key],
    );
    if (rows.length === 0) return this.claim(principal, key, hash);
    return rows[0];
  }
}
