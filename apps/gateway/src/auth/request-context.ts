import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Principal } from '@app/contracts';
import { RequestMeta } from '@app/messaging';
import type { PlatformRequest } from './platform-request.js';
import { idempotencyKeyOf } from '../idempotency/idempotency.js';

/** The caller and the correlation id, as they travel with every NATS message. */
export const Meta = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestMeta => {
  const req = ctx.switchToHttp().getRequest<PlatformRequest>();
  const idempotencyKey = idempotencyKeyOf(req);
  return { principal: req.principal ?? null, correlationId: req.id, ...(idempotencyKey ? { idempotencyKey } : {}) };
});

/** The authenticated principal (routes with @Access only). */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<PlatformRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a route without @Access');
  return principal;
});
