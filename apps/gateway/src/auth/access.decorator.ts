import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiSecurity } from '@nestjs/swagger';
import { Role } from '@app/contracts';

export const ACCESS_KEY = 'platform:access';

/** Who may call a route: `public` (anyone), or the roles listed (any authenticated for all). */
export type AccessRule = { kind: 'public' } | { kind: 'roles'; roles: Role[] };

/** The access rule in the OpenAPI document: `x-access` is `public`, or the roles (every role when none are listed). */
const X_ACCESS = 'x-access';

/** Declares the roles that may call a route; every route must declare its access. */
export function Access(...roles: Role[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(ACCESS_KEY, { kind: 'roles', roles } satisfies AccessRule),
    ApiExtension(X_ACCESS, roles.length > 0 ? roles : Object.values(Role)),
    ApiBearerAuth('bearer'),
    ApiSecurity('apiKey'),
  );
}

/** Declares a route open to anyone, signed in or not. */
export function Public(): MethodDecorator & ClassDecorator {
  return applyDecorators(SetMetadata(ACCESS_KEY, { kind: 'public' } satisfies AccessRule), ApiExtension(X_ACCESS, 'public'));
}
