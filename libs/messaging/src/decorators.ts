import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Envelope, Principal } from '@app/contracts';

function envelopeOf(ctx: ExecutionContext): Envelope {
  return ctx.switchToRpc().getData<Envelope>();
}

/** The message's payload, validated by the service's ValidationPipe. */
export const Data = createParamDecorator((_: unknown, ctx: ExecutionContext) => envelopeOf(ctx).data);

/** The acting principal carried by the message (null for system calls). */
export const Actor = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal | null => envelopeOf(ctx).principal ?? null,
);

/** The request's correlation id. */
export const CorrelationId = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): string => envelopeOf(ctx).correlationId ?? 'none',
);
