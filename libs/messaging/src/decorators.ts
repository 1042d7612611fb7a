import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Envelope, Principal } from '@app/contracts';
import type { RequestMeta } from './requester.js';

function envelopeOf(ctx: ExecutionContext): Envelope {
  return ctx.switchToRpc().getData<Envelope>();
}

/** The message's payload, validated by the service's ValidationPipe. */
export const Data = createParamDecorator((_: unknown, ctx: ExecutionContext) => envelopeOf(ctx).data);

/** The acting principal carried by the message (null for system calls). */
export const Actor = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal | null => envelopeOf(ctx).principal ?? null);

/** Who acts and under which correlation id (and Idempotency-Key), to pass on to the outbox, the audit trail and further requests. */
export const Meta = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestMeta => {
  const envelope = envelopeOf(ctx);
  return {
    principal: envelope.principal ?? null,
    correlationId: envelope.correlationId ?? 'none',
    ...(envelope.idempotencyKey ? { idempotencyKey: envelope.idempotencyKey } : {}),
  };
});
