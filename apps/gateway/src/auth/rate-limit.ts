import { ExecutionContext, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ThrottlerModuleOptions } from '@nestjs/throttler';
import { GatewayConfig } from '../gateway.definition.js';

const LOGIN_LIMIT_KEY = 'platform:login-rate-limit';

/** Marks a route that takes credentials: it gets the stricter per-address login limit. */
export const LoginRateLimit = () => SetMetadata(LOGIN_LIMIT_KEY, true);

export function throttlerOptions(config: GatewayConfig): ThrottlerModuleOptions {
  const reflector = new Reflector();
  return {
    throttlers: [
      {
        name: 'default',
        ttl: config.RATE_LIMIT_WINDOW_SECONDS * 1000,
        limit: (context: ExecutionContext) =>
          reflector.get<boolean>(LOGIN_LIMIT_KEY, context.getHandler()) ? config.LOGIN_RATE_LIMIT : config.RATE_LIMIT,
      },
    ],
  };
}
