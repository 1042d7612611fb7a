/** Roles of a principal (角色). */
export enum Role {
  Admin = 'admin',
  Staff = 'staff',
  CountyCentre = 'county_centre',
  Courier = 'courier',
  Auditor = 'auditor',
}

export const ALL_ROLES: readonly Role[] = Object.values(Role);

/** Who is acting: travels with every message so services enforce scope on their own data. */
export interface Principal {
  /** user id, or `apikey:<id>` for a machine client */
  sub: string;
  role: Role;
  /** organisation id; null only for the provincial admin */
  orgId: string | null;
  /** region scope: the province (PROVINCE_CODE), a city (4 digits) or a county (6 digits) */
  regionCode: string;
}

/** Every NATS request carries this envelope. */
export interface Envelope<T = unknown> {
  principal: Principal | null;
  correlationId: string;
  /** the client's Idempotency-Key, when it sent one, so a service can make a retried write exactly-once */
  idempotencyKey?: string;
  data: T;
}
