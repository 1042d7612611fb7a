import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { accessRefusal, DomainError, Envelope, Principal } from '@app/contracts';
import type { RequestMeta } from './requester.js';

/** The subject a message came in on (the message pattern of its handler). */
export function subjectOf(context: ExecutionContext): string | undefined {
  return context.switchToRpc().getContext<{ getSubject?: () => string }>()?.getSubject?.();
}

/**
 * Global guard of every service: before any handler runs, the message's subject must have an
 * entry in the access table (libs/contracts ACCESS) and its principal the entry's role and
 * scope rule; otherwise 403 and the handler never runs.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'rpc') return true;
    const subject = subjectOf(context) ?? 'unknown';
    const principal = context.switchToRpc().getData<Envelope | undefined>()?.principal ?? null;
    const refusal = accessRefusal(subject, principal);
    if (refusal) throw refusal;
    return true;
  }
}

/**
 * The acting principal of a message whose subject needs one (its roles were checked by
 * AccessGuard); a message without one is refused.
 */
export function caller(meta: RequestMeta): Principal {
  if (!meta.principal) throw DomainError.forbidden('sign in to do this');
  return meta.principal;
}
