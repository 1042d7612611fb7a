import { Role, type Principal } from './principal.js';
import { DomainError } from './problem.js';
import { regionContains, ROOT_REGION } from './province.js';

/**
 * The region a principal reads and acts within: the admin the whole province (the country in
 * the national deployment), everyone
 * else (staff, auditors, centres) their own region scope.
 */
export function regionScope(principal: Principal): string {
  return principal.role === Role.Admin ? ROOT_REGION : principal.regionCode;
}

/** May the principal act on an object of region `code`? Only when it lies within their scope. */
export function mayActIn(principal: Principal, code: string): boolean {
  return regionContains(regionScope(principal), code);
}

/**
 * May the principal see an object of region `code`? Within their scope, or an enclosing
 * region (county staff see a province-wide incident; they may not act on it).
 */
export function overlapsScope(principal: Principal, code: string): boolean {
  const scope = regionScope(principal);
  return regionContains(scope, code) || scope.startsWith(code);
}

/** 403 OUTSIDE_SCOPE for an object the caller sees but may not act on. */
export function outsideScope(what: string, principal: Principal): DomainError {
  return new DomainError(403, 'OUTSIDE_SCOPE', `${what} is outside your region ${principal.regionCode}`);
}
