import { ExecutionContext, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ThrottlerModuleOptions } from '@nestjs/throttler';
import { GatewayConfig } from '../gateway.definition.js';

const LOGIN_LIMIT_KEY = 'platform:login-rate-limit';
const PUBLIC_WRITE_LIMIT_KEY = 'platform:public-write-rate-limit';
const reflector = new Reflector();

/** Marks a route that takes credentials: it gets the stricter per-address login limit, counted exactly across replicas. */
export const LoginRateLimit = () => SetMetadata(LOGIN_LIMIT_KEY, true);

/**
 * Marks a route anyone may write to without an account (a complaint from the public): it gets
 * the per-address PUBLIC_WRITE_RATE_LIMIT, counted exactly across replicas like the login.
 */
export const PublicWriteRateLimit = () => SetMetadata(PUBLIC_WRITE_LIMIT_KEY, true);

/** Whether the route takes credentials (LoginRateLimit). */
export function isLoginRoute(context: ExecutionContext): boolean {
  return reflector.get<boolean | undefined>(LOGIN_LIMIT_KEY, context.getHandler()) === true;
}

/** Whether the route takes writes from anyone (PublicWriteRateLimit). */
export function isPublicWriteRoute(context: ExecutionContext): boolean {
  return reflector.get<boolean | undefined>(PUBLIC_WRITE_LIMIT_KEY, context.getHandler()) === true;
}

export function throttlerOptions(config: GatewayConfig): ThrottlerModuleOptions {
  return {
    throttlers: [
      {
        name: 'default',
        ttl: config.RATE_LIMIT_WINDOW_SECONDS * 1000,
        limit: (context: ExecutionContext) =>
          isLoginRoute(context) ? config.LOGIN_RATE_LIMIT : isPublicWriteRoute(context) ? config.PUBLIC_WRITE_RATE_LIMIT : config.RATE_LIMIT,
      },
    ],
  };
}
