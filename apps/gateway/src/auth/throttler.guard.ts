import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { PlatformRequest } from './request-context.js';

/** Rate limits per principal; anonymous callers are counted per address. */
@Injectable()
export class PrincipalThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const principal = (req as unknown as PlatformRequest).principal;
    return principal ? `p:${principal.sub}` : `ip:${String(req.ip)}`;
  }
}
