import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { DomainError, type ErrorCode, FieldError, statusTitle } from '@app/contracts';
import { databaseTimeout } from '@app/messaging';
import type { FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { PlatformRequest } from '../auth/platform-request.js';
import { inChinese, prefersChinese } from './zh.js';

interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  code: ErrorCode;
  correlationId?: string;
  errors?: FieldError[];
}

const RETRY_AFTER_SECONDS = 5;

function problemType(code: string): string {
  return `urn:express-platform:problem:${code.toLowerCase().replace(/_/g, '-')}`;
}

/** Writes an RFC 9457 problem document (`application/problem+json`), in Chinese when Accept-Language prefers zh (code and field stay stable). */
function sendProblem(res: FastifyReply, req: PlatformRequest, problem: Omit<ProblemDocument, 'type' | 'title'>): void {
  if (problem.status === 503 && !res.hasHeader('Retry-After')) res.header('Retry-After', String(RETRY_AFTER_SECONDS));
  const body: ProblemDocument = {
    type: problemType(problem.code),
    ...(prefersChinese(req) ? inChinese(problem) : { title: statusTitle(problem.status), ...problem }),
    instance: req.originalUrl.split('?')[0],
    correlationId: req.id,
  };
  res.status(problem.status).type('application/problem+json').send(JSON.stringify(body));
}

const HTTP_CODES: Record<number, ErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

/** Every error the gateway returns is a problem document; unknown errors get an error id. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemFilter.name);

  catch(caught: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<PlatformRequest>();
    const res = http.getResponse<FastifyReply>();
    const exception = databaseTimeout(caught) ?? caught;
    if (exception instanceof DomainError) {
      sendProblem(res, req, { status: exception.status, code: exception.code, detail: exception.message, errors: exception.errors });
      return;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const detail = typeof response === 'string' ? response : String((response as { message?: unknown }).message ?? exception.message);
      sendProblem(res, req, { status, code: HTTP_CODES[status] ?? 'HTTP_ERROR', detail });
      return;
    }
    const status = (exception as { status?: unknown })?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      sendProblem(res, req, { status, code: HTTP_CODES[status] ?? 'BAD_REQUEST', detail: (exception as Error).message });
      return;
    }
    const errorId = randomUUID();
    this.logger.error({ err: exception, errorId, correlationId: req.id }, `unhandled error ${errorId}`);
    sendProblem(res, req, { status: 500, code: 'INTERNAL', detail: `an unexpected error occurred; quote error id ${errorId}` });
  }
}
