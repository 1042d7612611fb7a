import { DomainError } from '@app/contracts';
import { QueryFailedError } from 'typeorm';

/**
 * SQLSTATEs of work PostgreSQL stopped because it ran out of its time: statement_timeout
 * (57014 query_canceled), lock_timeout (55P03), idle_in_transaction_session_timeout (25P03).
 */
const TIMED_OUT = new Set(['57014', '55P03', '25P03']);

/**
 * A 503 for a request whose database work ran out of time (a statement past its
 * statement_timeout, no free pool connection within it): the caller may retry later. Other
 * errors: undefined.
 */
export function databaseTimeout(err: unknown): DomainError | undefined {
  const code = err instanceof QueryFailedError ? (err.driverError as { code?: string }).code : (err as { code?: string } | null)?.code;
  const message = err instanceof Error ? err.message : '';
  if ((code && TIMED_OUT.has(code)) || message.includes('timeout exceeded when trying to connect')) {
    return new DomainError(503, 'DATABASE_BUSY', 'the database did not finish this request in time; retry later');
  }
  return undefined;
}
