import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { DomainError, Envelope, ServiceProblem } from '@app/contracts';
import { Observable, throwError } from 'rxjs';
import { QueryFailedError } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { databaseTimeout } from './database-errors.js';

/** Turns anything a message handler throws into a ServiceProblem reply. */
@Catch()
export class RpcProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger(RpcProblemFilter.name);

  catch(exception: unknown, host: ArgumentsHost): Observable<never> {
    return throwError(() => this.toProblem(exception, host));
  }

  private toProblem(exception: unknown, host: ArgumentsHost): ServiceProblem {
    if (exception instanceof DomainError) return exception.toProblem();
    const driverCode = exception instanceof QueryFailedError ? (exception.driverError as { code?: string }).code : undefined;
    if (driverCode === '23505') {
      return DomainError.conflict('DUPLICATE', 'a record with the same key already exists').toProblem();
    }
    const timedOut = databaseTimeout(exception);
    if (timedOut) return timedOut.toProblem();
    const errorId = randomUUID();
    const envelope = host.switchToRpc().getData<Envelope>();
    this.logger.error({ err: exception, errorId, correlationId: envelope?.correlationId }, `unhandled error ${errorId}`);
    return {
      status: 500,
      code: 'INTERNAL',
      title: 'Internal Server Error',
      detail: `an unexpected error occurred; quote error id ${errorId}`,
    };
  }
}
