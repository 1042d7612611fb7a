import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiSecurity } from '@nestjs/swagger';
import { ACCESS, type RequestSubject, Role, Scope } from '@app/contracts';

export const ACCESS_KEY = 'platform:access';

/** Who may call a route: `public` (anyone), or the roles listed (any authenticated for all). */
export type AccessRule = { kind: 'public' } | { kind: 'roles'; roles: Role[] };

/** The access rule in the OpenAPI document: `x-access` is `public`, or the roles (every role when none are listed). */
const X_ACCESS = 'x-access';
/** The NATS subject a route forwards to, and that subject's scope rule, in the OpenAPI document. */
const X_SUBJECT = 'x-subject';
const X_SCOPE = 'x-scope';

/**
 * Declares the roles that may call a route that asks no service (identity, regions, audit);
 * every route must declare its access. A route that forwards to a service takes its access
 * from the access table instead (@AccessOf).
 */
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

/**
 * A route that forwards to `subject` takes its access from the subject's entry in the access
 * table, so the gateway and the service cannot drift: its roles, or fewer (`narrowTo`, for a
 * route that takes one step of a subject, e.g. only the county submits a claim), never more.
 * A public subject makes a public route; a system-only subject may back no route. Both
 * mistakes stop the gateway at start.
 */
export function AccessOf(subject: RequestSubject, ...narrowTo: Role[]): MethodDecorator {
  const access = ACCESS[subject];
  const documented = applyDecorators(ApiExtension(X_SUBJECT, subject), ApiExtension(X_SCOPE, access.scope));
  if (access.scope === Scope.System) throw new Error(`${subject} is for services only; no route may forward to it`);
  if (access.scope === Scope.Public) {
    if (narrowTo.length > 0) throw new Error(`${subject} is public; a route cannot narrow it to roles`);
    return applyDecorators(Public(), documented);
  }
  const wider = narrowTo.filter((role) => !access.roles.includes(role));
  if (wider.length > 0) throw new Error(`a route forwarding to ${subject} may not open it to ${wider.join(', ')}`);
  const roles = narrowTo.length > 0 ? narrowTo : [...access.roles];
  return applyDecorators(Access(...roles), documented);
}
