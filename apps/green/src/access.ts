import { DomainError, Principal, Role } from '@app/contracts';
import type { RequestMeta } from '@app/messaging';

/** The acting principal when its role is one of `roles`; 403 otherwise. */
export function principalWith(meta: RequestMeta, ...roles: Role[]): Principal {
  const principal = meta.principal;
  if (!principal || !roles.includes(principal.role)) throw DomainError.forbidden();
  return principal;
}
