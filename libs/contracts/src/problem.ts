import type { ErrorCode } from './error-codes.js';

/** A field-level validation failure. */
export interface FieldError {
  field: string;
  message: string;
}

/** The error payload a service replies with; the gateway turns it into RFC 9457 problem details. */
export interface ServiceProblem {
  status: number;
  code: ErrorCode;
  title: string;
  detail: string;
  errors?: FieldError[];
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function statusTitle(status: number): string {
  return TITLES[status] ?? 'Error';
}

/**
 * A domain error with a stable code from `ErrorCode` (error-codes.ts). Services throw it; it crosses NATS as a
 * ServiceProblem and reaches the client as problem details with the same status.
 */
export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly errors?: FieldError[],
  ) {
    super(message);
    this.name = 'DomainError';
  }

  toProblem(): ServiceProblem {
    return {
      status: this.status,
      code: this.code,
      title: statusTitle(this.status),
      detail: this.message,
      ...(this.errors ? { errors: this.errors } : {}),
    };
  }

  static fromProblem(problem: ServiceProblem): DomainError {
    return new DomainError(problem.status, problem.code, problem.detail, problem.errors);
  }

  static notFound(what: string): DomainError {
    return new DomainError(404, 'NOT_FOUND', `${what} not found`);
  }

  static conflict(code: ErrorCode, message: string): DomainError {
    return new DomainError(409, code, message);
  }

  static rule(code: ErrorCode, message: string, errors?: FieldError[]): DomainError {
    return new DomainError(422, code, message, errors);
  }

  static forbidden(message = 'not allowed for this principal'): DomainError {
    return new DomainError(403, 'FORBIDDEN', message);
  }

  static unavailable(message: string): DomainError {
    return new DomainError(503, 'SERVICE_UNAVAILABLE', message);
  }
}

export function isServiceProblem(value: unknown): value is ServiceProblem {
  return (
    typeof value === 'object' && value !== null && typeof (value as ServiceProblem).status === 'number' && typeof (value as ServiceProblem).code === 'string'
  );
}
