import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity } from '@nestjs/swagger';
import { Role } from '@app/contracts';

export const ACCESS_KEY = 'platform:access';

/** Who may call a route: `public` (anyone), or the roles listed (any authenticated for all). */
export type AccessRule = { kind: 'public' } | { kind: 'roles'; roles: Role[] };

/** Declares the roles that may call a route; every route must declare its access. */
export function Access(...roles: Role[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(ACCESS_KEY, { kind: 'roles', roles } satisfies AccessRule),
    ApiBearerAuth('bearer'),
    ApiSecurity('apiKey'),
  );
}

/** Declares a route open to anyone, signed in or not. */
export function Public(): MethodDecorator & ClassDecorator {
  return SetMetadata(ACCESS_KEY, { kind: 'public' } satisfies AccessRule);
}
