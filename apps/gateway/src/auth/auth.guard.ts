import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { DomainError, Principal } from '@app/contracts';
import { ACCESS_KEY, AccessRule } from './access.decorator.js';
import type { PlatformRequest } from './platform-request.js';
import { IdentityService } from '../identity/identity.service.js';

/**
 * Global guard: resolves the caller from `Authorization: Bearer <jwt>` or `X-API-Key`,
 * then applies the route's declared access. A route without a declaration is refused
 * (fail closed); a test walks every route to keep that from happening.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  /**
   * Claims of each token whose signature was already checked, until the token's expiry: a signature
   * is checked once per token (the user behind it is still looked up on every request).
   */
  private readonly verified = new Map<string, { sub: string; ver?: number; expiresAt: number }>();

  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly identity: IdentityService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [context.getHandler(), context.getClass()]);
    if (!rule) throw new DomainError(403, 'ACCESS_UNDECLARED', 'this route declares no access rule');
    const req = context.switchToHttp().getRequest<PlatformRequest>();
    const principal = await this.authenticate(req);
    if (principal) req.principal = principal;
    if (rule.kind === 'public') return true;
    if (!principal) throw new DomainError(401, 'UNAUTHENTICATED', 'sign in, or send an API key, to use this endpoint');
    if (rule.roles.length > 0 && !rule.roles.includes(principal.role)) {
      throw DomainError.forbidden(`role ${principal.role} may not use this endpoint`);
    }
    return true;
  }

  private async authenticate(req: PlatformRequest): Promise<Principal | null> {
    const apiKey = req.headers['x-api-key'];
    if (typeof apiKey === 'string' && apiKey.length > 0) {
      const principal = await this.identity.principalForApiKey(apiKey);
      if (!principal) throw new DomainError(401, 'BAD_API_KEY', 'the API key is unknown or revoked');
      return principal;
    }
    const header = req.headers.authorization;
    if (!header) return null;
    const [scheme, token] = header.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) {
      throw new DomainError(401, 'BAD_AUTHORIZATION', 'Authorization must be "Bearer <token>"');
    }
    let claims = this.verified.get(token);
    if (!claims || claims.expiresAt <= Date.now()) {
      try {
        const checked = await this.jwt.verifyAsync<{ sub: string; ver?: number; exp: number }>(token);
        claims = { sub: checked.sub, ver: checked.ver, expiresAt: checked.exp * 1000 };
      } catch {
        throw new DomainError(401, 'BAD_TOKEN', 'the access token is invalid or expired; sign in again');
      }
      if (this.verified.size >= VERIFIED_TOKENS) this.verified.clear();
      this.verified.set(token, claims);
    }
    // The user as they are now: a disable, role, region or password change refuses older tokens.
    const principal = await this.identity.principalForToken(claims.sub, claims.ver);
    if (!principal) throw new DomainError(401, 'TOKEN_REVOKED', 'the access token no longer holds (the user was disabled or changed); sign in again');
    return principal;
  }
}

/** Tokens whose signature was checked are remembered until they expire, up to this many (then forgotten at once). */
const VERIFIED_TOKENS = 10_000;
