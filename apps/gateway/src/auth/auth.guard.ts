import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { DomainError, Principal, Role } from '@app/contracts';
import { ACCESS_KEY, AccessRule } from './access.decorator.js';
import { PlatformRequest } from './request-context.js';
import { IdentityService } from '../identity/identity.service.js';

/**
 * Global guard: resolves the caller from `Authorization: Bearer <jwt>` or `X-API-Key`,
 * then applies the route's declared access. A route without a declaration is refused
 * (fail closed); a test walks every route to keep that from happening.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  /** Principal of each token already verified, until the token's expiry: a signature is checked once per token. */
  private readonly verified = new Map<string, { principal: Principal; expiresAt: number }>();

  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly identity: IdentityService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
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
    const cached = this.verified.get(token);
    if (cached && cached.expiresAt > Date.now()) return cached.principal;
    try {
      const claims = await this.jwt.verifyAsync<{ sub: string; role: Role; orgId: string | null; regionCode: string; exp: number }>(token);
      const principal: Principal = { sub: claims.sub, role: claims.role, orgId: claims.orgId, regionCode: claims.regionCode };
      if (this.verified.size >= VERIFIED_TOKENS) this.verified.clear();
      this.verified.set(token, { principal, expiresAt: claims.exp * 1000 });
      return principal;
    } catch {
      throw new DomainError(401, 'BAD_TOKEN', 'the access token is invalid or expired; sign in again');
    }
  }
}

/** Tokens whose signature was checked are remembered until they expire, up to this many (then forgotten at once). */
const VERIFIED_TOKENS = 10_000;
