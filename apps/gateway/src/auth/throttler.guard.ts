import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { createHash } from 'node:crypto';
import type { PlatformRequest } from './platform-request.js';
import { isLoginRoute, isPublicWriteRoute } from './rate-limit.js';
import { EXACT_KEY_PREFIX } from './rate-limit-store.js';

/**
 * Rate limits per principal; anonymous callers are counted per address. Keys of routes
 * that take credentials carry EXACT_KEY_PREFIX: the store counts them exactly across
 * replicas, the others in memory with a periodic shared flush (rate-limit-store.ts).
 */
@Injectable()
export class PrincipalThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const principal = (req as unknown as PlatformRequest).principal;
    return principal ? `p:${principal.sub}` : `ip:${String(req.ip)}`;
  }

  /** Each route and caller's key, hashed once (a sha256 per request otherwise); forgotten all at once when full. */
  private readonly keys = new Map<string, string>();

  protected override generateKey(context: ExecutionContext, tracker: string, name: string): string {
    const handler = context.getHandler();
    const plain = `${context.getClass().name}-${handler.name}-${name}-${tracker}`;
    let key = this.keys.get(plain);
    if (key === undefined) {
      const hash = createHash('sha256').update(plain).digest('hex');
      key = isLoginRoute(context) || isPublicWriteRoute(context) ? `${EXACT_KEY_PREFIX}${hash}` : hash;
      if (this.keys.size >= KEYS_KEPT) this.keys.clear();
      this.keys.set(plain, key);
    }
    return key;
  }
}

const KEYS_KEPT = 10_000;
