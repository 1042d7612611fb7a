import { Role, type Principal } from './principal.js';
import { DomainError } from './problem.js';

/** The province's own region code: the scope of the provincial admin and province-level staff. */
export const PROVINCE = '14';

/**
 * The region a principal reads and acts within: the admin the whole province, everyone
 * else (staff, auditors, centres) their own region scope.
 */
export function regionScope(principal: Principal): string {
  return principal.role === Role.Admin ? PROVINCE : principal.regionCode;
}

/** May the principal act on an object of region `code`? Only when it lies within their scope. */
export function mayActIn(principal: Principal, code: string): boolean {
  return code.startsWith(regionScope(principal));
}

/**
 * May the principal see an object of region `code`? Within their scope, or an enclosing
 * region (county staff see a province-wide incident; they may not act on it).
 */
export function overlapsScope(principal: Principal, code: string): boolean {
  const scope = regionScope(principal);
  return code.startsWith(scope) || scope.startsWith(code);
}

/** 403 OUTSIDE_SCOPE for an object the caller sees but may not act on. */
export function outsideScope(what: string, principal: Principal): DomainError {
  return new DomainError(403, 'OUTSIDE_SCOPE', `${what} is outside your region ${principal.regionCode}`);
}
