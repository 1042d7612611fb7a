import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { Envelope } from '@app/contracts';
import { Observable, tap } from 'rxjs';
import { handlerDuration } from './ops.js';

/**
 * Each handled message's time in nats_handler_duration_seconds, and a structured log line
 * joined to the HTTP request by correlation id: at warn for a failure, at debug for a success
 * (the gateway's access line already tells every request, and the histogram its time; an
 * info line per message cost a service about 5 % of its CPU).
 */
@Injectable()
export class MessageLoggingInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Message');

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const rpc = context.switchToRpc();
    const envelope = rpc.getData<Envelope>();
    const subject = rpc.getContext<{ getSubject?: () => string }>()?.getSubject?.() ?? 'unknown';
    const started = Date.now();
    const timer = handlerDuration.startTimer({ subject });
    const fields = {
      subject,
      correlationId: envelope?.correlationId,
      actor: envelope?.principal?.sub,
      org: envelope?.principal?.orgId,
    };
    return next.handle().pipe(
      tap({
        next: () => {
          timer({ outcome: 'ok' });
          this.logger.debug({ ...fields, ms: Date.now() - started, outcome: 'ok' }, 'message handled');
        },
        error: (err: { status?: number }) => {
          timer({ outcome: 'error' });
          this.logger.warn({ ...fields, ms: Date.now() - started, outcome: 'error', status: err?.status }, 'message failed');
        },
      }),
    );
  }
}
