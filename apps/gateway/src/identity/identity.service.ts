import { ROOT_REGION } from '@app/contracts';
import { Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, Repository } from 'typeorm';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DomainError, mayActIn, Page, PageQuery, Principal, Role } from '@app/contracts';
import { paginate } from '@app/database';
import { regions } from '@app/regions';
import { AuditTrail } from '@app/events';
import type { RequestMeta } from '@app/messaging';
import { Organisation, OrganisationKind } from './organisation.entity.js';
import { User } from './user.entity.js';
import { ApiKey } from './api-key.entity.js';
import { DUMMY_HASH, hashPassword, needsRehash, newApiKey, randomPassword, sha256, verifyPassword } from '../auth/passwords.js';
import {
  ApiKeyResponseDto,
  CreateApiKeyRequestDto,
  CreatedApiKeyDto,
  CreateOrganisationRequestDto,
  CreateUserRequestDto,
  LoginResponseDto,
  OrganisationResponseDto,
  RotateApiKeyRequestDto,
  UpdateUserRequestDto,
  UserResponseDto,
} from './dto/identity.dto.js';

/** Which organisation kinds a role may belong to. */
const ROLE_ORG_KINDS: Record<Role, OrganisationKind[]> = {
  [Role.Admin]: ['postal_admin'],
  [Role.Staff]: ['postal_admin'],
  [Role.Auditor]: ['postal_admin'],
  [Role.CountyCentre]: ['county_centre'],
  [Role.Courier]: ['courier', 'cold_chain_operator'],
};

const API_KEY_TOUCH_MS = 60_000;
/**
 * How long a user's state (token version, disabled, role, region) or an API key's (revoked,
 * expiry, role, its organisation's region) is reused between requests. This gateway forgets
 * it at once when it changes the user or the key; other replicas within this time.
 */
const CALLER_CACHE_MS = 2_000;
/** Users and keys remembered at most, each (then the oldest is forgotten). */
const CALLER_CACHE_SIZE = 10_000;

interface CachedUser {
  at: number;
  user: Pick<User, 'id' | 'role' | 'orgId' | 'regionCode' | 'disabledAt' | 'tokenVersion'> | null;
}

/** An active key as it was read, with its organisation's region. */
interface CachedKey {
  at: number;
  key: Pick<ApiKey, 'id' | 'role' | 'orgId' | 'expiresAt' | 'lastUsedAt'>;
  regionCode: string;
}

/** Remembers `value` under `id`, forgetting the oldest entry when the map is full. */
function remember<T>(cache: Map<string, T>, id: string, value: T): void {
  cache.set(id, value);
  if (cache.size > CALLER_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
}

@Injectable()
export class IdentityService {
  private readonly logger = new Logger(IdentityService.name);
  private readonly userCache = new Map<string, CachedUser>();
  /** Active API keys by the SHA-256 of the key (a revoked or unknown key is looked up each time). */
  private readonly keyCache = new Map<string, CachedKey>();

  constructor(
    @InjectRepository(Organisation) private readonly orgs: Repository<Organisation>,
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(ApiKey) private readonly keys: Repository<ApiKey>,
    private readonly jwt: JwtService,
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
  ) {}

  async login(username: string, password: string, ttlSeconds: number): Promise<LoginResponseDto> {
    const user = await this.users.findOneBy({ username });
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok || user.disabledAt) {
      throw new DomainError(401, 'BAD_CREDENTIALS', 'user name or password is wrong');
    }
    if (needsRehash(user.passwordHash)) {
      await this.users.update({ id: user.id, passwordHash: user.passwordHash }, { passwordHash: await hashPassword(password) });
    }
    return this.session(user, ttlSeconds);
  }

  /** A token carrying the user's current token version; any later change of the user makes it fail. */
  private async session(user: User, ttlSeconds: number): Promise<LoginResponseDto> {
    const principal: Principal = { sub: user.id, role: user.role, orgId: user.orgId, regionCode: user.regionCode };
    const accessToken = await this.jwt.signAsync({ ...principal, ver: user.tokenVersion }, { expiresIn: ttlSeconds });
    return {
      accessToken,
      expiresIn: ttlSeconds,
      user: { id: user.id, role: user.role, orgId: user.orgId, regionCode: user.regionCode },
    };
  }

  /** Creates the first admin once; a generated password is printed once and kept in a 0600 file. */
  async ensureFirstAdmin(username: string, password: string | undefined, passwordFile: string): Promise<void> {
    if (await this.users.existsBy({ role: Role.Admin })) return;
    const chosen = password ?? randomPassword();
    await this.users.save(
      this.users.create({
        username,
        passwordHash: await hashPassword(chosen),
        role: Role.Admin,
        orgId: null,
        regionCode: ROOT_REGION,
        createdBy: 'system',
      }),
    );
    if (!password) {
      mkdirSync(dirname(passwordFile), { recursive: true, mode: 0o700 });
      writeFileSync(passwordFile, `${chosen}\n`, { mode: 0o600 });
      chmodSync(passwordFile, 0o600);
      process.stdout.write(`\nFirst admin created: user "${username}", password "${chosen}" (also written to ${passwordFile}, readable only by its owner)\n\n`);
    }
    this.logger.log({ username }, 'first admin created');
  }

  /**
   * The credit code of a courier's organisation: the enterprise it acts for (API.md,
   * organisations); undefined for other roles and for a courier organisation without one.
   */
  async courierUscc(principal: Principal | null): Promise<string | undefined> {
    if (principal?.role !== Role.Courier || !principal.orgId) return undefined;
    return (await this.orgs.findOneBy({ id: principal.orgId }))?.uscc ?? undefined;
  }

  /**
   * The principal of a verified token, from the user as they are now (cached for
   * CALLER_CACHE_MS): null when the user is gone or disabled, or the token's version is not
   * the user's current one (a disable, a role, region or password change since).
   */
  async principalForToken(userId: string, tokenVersion: unknown): Promise<Principal | null> {
    let cached = this.userCache.get(userId);
    if (!cached || Date.now() - cached.at > CALLER_CACHE_MS) {
      const user = await this.users.findOne({
        where: { id: userId },
        select: { id: true, role: true, orgId: true, regionCode: true, disabledAt: true, tokenVersion: true },
      });
      cached = { at: Date.now(), user };
      remember(this.userCache, userId, cached);
    }
    const user = cached.user;
    if (!user || user.disabledAt || user.tokenVersion !== tokenVersion) return null;
    return { sub: user.id, role: user.role, orgId: user.orgId, regionCode: user.regionCode };
  }

  /**
   * The principal of an API key: null when the key is unknown, revoked or expired. An active
   * key is read with its organisation's region once per CALLER_CACHE_MS (two queries a request
   * otherwise, for the courier and county systems that post all day); its expiry is checked on
   * every request, and its last use is written at most once a minute.
   */
  async principalForApiKey(key: string): Promise<Principal | null> {
    const hash = sha256(key);
    let cached = this.keyCache.get(hash);
    if (!cached || Date.now() - cached.at > CALLER_CACHE_MS) {
      const found = await this.keys.findOneBy({ keyHash: hash, revokedAt: IsNull() });
      if (!found) {
        this.keyCache.delete(hash);
        return null;
      }
      const org = await this.orgs.findOneByOrFail({ id: found.orgId });
      cached = { at: Date.now(), key: found, regionCode: org.regionCode };
      remember(this.keyCache, hash, cached);
    }
    const found = cached.key;
    if (found.expiresAt && found.expiresAt.getTime() <= Date.now()) return null;
    if (!found.lastUsedAt || Date.now() - found.lastUsedAt.getTime() > API_KEY_TOUCH_MS) {
      found.lastUsedAt = new Date();
      await this.keys.update({ id: found.id }, { lastUsedAt: found.lastUsedAt });
    }
    return { sub: `apikey:${found.id}`, role: found.role, orgId: found.orgId, regionCode: cached.regionCode };
  }

  /** Forgets a key this gateway has cached (after it was revoked or rotated here). */
  private forgetKey(id: string): void {
    for (const [hash, cached] of this.keyCache) if (cached.key.id === id) this.keyCache.delete(hash);
  }

  async createOrganisation(input: CreateOrganisationRequestDto, meta: RequestMeta): Promise<OrganisationResponseDto> {
    const region = regions().get(input.regionCode);
    if (!region) {
      throw DomainError.rule('UNKNOWN_REGION', `region ${input.regionCode} is not a division of the province`, [
        { field: 'regionCode', message: 'not a known region code' },
      ]);
    }
    if (input.kind === 'county_centre' && region.level !== 'county') {
      throw DomainError.rule('COUNTY_REQUIRED', 'a county logistics centre belongs to a county (6-digit code)', [
        { field: 'regionCode', message: 'must be a county code' },
      ]);
    }
    if (input.kind === 'courier' && !input.uscc) {
      throw DomainError.rule('USCC_REQUIRED', 'a courier organisation is tied to its enterprise by credit code', [
        { field: 'uscc', message: 'required for a courier organisation' },
      ]);
    }
    if (input.uscc && (await this.orgs.existsBy({ uscc: input.uscc }))) {
      throw DomainError.conflict('ORGANISATION_EXISTS', `an organisation with credit code ${input.uscc} exists`);
    }
    return this.dataSource.transaction(async (manager) => {
      const saved = await manager.save(this.orgs.create({ ...input, uscc: input.uscc ?? null, createdBy: actorOf(meta) }));
      const after = toOrganisation(saved);
      await this.audit.record(manager, { action: 'organisation.created', objectType: 'organisation', objectId: saved.id, after }, meta);
      return after;
    });
  }

  async listOrganisations(query: PageQuery, actor: Principal): Promise<Page<OrganisationResponseDto>> {
    const qb = this.orgs.createQueryBuilder('o');
    if (actor.role === Role.Staff || actor.role === Role.Auditor) qb.andWhere('o.region_code LIKE :scope', { scope: `${actor.regionCode}%` });
    const page = await paginate(qb, query);
    return { items: page.items.map(toOrganisation), nextCursor: page.nextCursor };
  }

  /** Another organisation's record answers 404 unless the caller oversees it. */
  async getOrganisation(id: string, actor: Principal): Promise<OrganisationResponseDto> {
    const org = await this.orgs.findOneBy({ id });
    const visible =
      org &&
      (actor.role === Role.Admin || ((actor.role === Role.Staff || actor.role === Role.Auditor) && mayActIn(actor, org.regionCode)) || actor.orgId === org.id);
    if (!visible) throw DomainError.notFound('organisation');
    return toOrganisation(org);
  }

  async createUser(input: CreateUserRequestDto, meta: RequestMeta): Promise<UserResponseDto> {
    const org = await this.orgFor(input.orgId, input.role);
    const regionCode = regionWithin(org, input.role, input.regionCode);
    if (await this.users.existsBy({ username: input.username })) {
      throw DomainError.conflict('USERNAME_TAKEN', `user name ${input.username} is taken`);
    }
    const passwordHash = await hashPassword(input.password);
    return this.dataSource.transaction(async (manager) => {
      const saved = await manager.save(
        this.users.create({ username: input.username, passwordHash, role: input.role, orgId: org.id, regionCode, createdBy: actorOf(meta) }),
      );
      const after = toUser(saved);
      await this.audit.record(manager, { action: 'user.created', objectType: 'user', objectId: saved.id, after }, meta);
      return after;
    });
  }

  /**
   * Disables or enables a user, changes the role or the region (admin). Any change raises the
   * token version, so the user's existing tokens are refused on their next request.
   */
  async updateUser(id: string, input: UpdateUserRequestDto, meta: RequestMeta): Promise<UserResponseDto> {
    if (meta.principal?.sub === id) {
      throw DomainError.rule('OWN_ACCOUNT', 'an admin does not disable or change their own account; another admin does');
    }
    return this.dataSource.transaction(async (manager) => {
      const user = await manager.findOne(User, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw DomainError.notFound('user');
      const before = toUser(user);
      const role = input.role ?? user.role;
      if (input.role !== undefined || input.regionCode !== undefined) {
        if (!user.orgId) throw DomainError.rule('FIRST_ADMIN', 'the first admin has no organisation; its role and region stay');
        const org = await this.orgFor(user.orgId, role);
        user.regionCode = regionWithin(org, role, input.regionCode ?? (input.role === undefined ? user.regionCode : undefined));
        user.role = role;
      }
      if (input.disabled !== undefined) user.disabledAt = input.disabled ? (user.disabledAt ?? new Date()) : null;
      const after = toUser(user);
      if (JSON.stringify(after) === JSON.stringify(before)) return after;
      user.tokenVersion += 1;
      await manager.save(user);
      await this.audit.record(manager, { action: 'user.changed', objectType: 'user', objectId: user.id, before, after }, meta);
      this.userCache.delete(user.id);
      return after;
    });
  }

  /** Changes one's own password; every other token of the user stops working, the new session is returned. */
  async changePassword(principal: Principal, currentPassword: string, newPassword: string, ttlSeconds: number, meta: RequestMeta): Promise<LoginResponseDto> {
    const user = principal.sub.startsWith('apikey:') ? null : await this.users.findOneBy({ id: principal.sub });
    if (!user) throw DomainError.forbidden('only a signed-in user (not an API key) has a password');
    if (!(await verifyPassword(currentPassword, user.passwordHash))) {
      throw DomainError.rule('WRONG_PASSWORD', 'the current password is wrong', [{ field: 'currentPassword', message: 'wrong password' }]);
    }
    const passwordHash = await hashPassword(newPassword);
    const saved = await this.dataSource.transaction(async (manager) => {
      await manager.update(User, { id: user.id }, { passwordHash, tokenVersion: () => 'token_version + 1' });
      await this.audit.record(manager, { action: 'user.password_changed', objectType: 'user', objectId: user.id }, meta);
      return manager.findOneByOrFail(User, { id: user.id });
    });
    this.userCache.delete(user.id);
    return this.session(saved, ttlSeconds);
  }

  async getUser(id: string, actor: Principal): Promise<UserResponseDto> {
    const user = await this.users.findOneBy({ id });
    if (!user || (actor.role !== Role.Admin && actor.sub !== user.id)) throw DomainError.notFound('user');
    return toUser(user);
  }

  async createApiKey(input: CreateApiKeyRequestDto, meta: RequestMeta): Promise<CreatedApiKeyDto> {
    const org = await this.orgFor(input.orgId, input.role);
    const expiresAt = futureExpiry(input.expiresAt);
    return this.dataSource.transaction((manager) => this.issueKey(manager, { orgId: org.id, role: input.role, name: input.name, expiresAt }, meta));
  }

  /**
   * Rotates a key: a new key of the same organisation, role and name, and the old one
   * expires after `graceSeconds` (at once by default). Both are audited.
   */
  async rotateApiKey(id: string, input: RotateApiKeyRequestDto, meta: RequestMeta): Promise<CreatedApiKeyDto> {
    const expiresAt = futureExpiry(input.expiresAt);
    const issued = await this.dataSource.transaction(async (manager) => {
      const old = await manager.findOne(ApiKey, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!old) throw DomainError.notFound('API key');
      if (old.revokedAt || (old.expiresAt && old.expiresAt.getTime() <= Date.now())) {
        throw DomainError.conflict('API_KEY_INACTIVE', 'a revoked or expired key is not rotated; issue a new one');
      }
      const before = toApiKey(old);
      const ends = new Date(Date.now() + (input.graceSeconds ?? 0) * 1000);
      if (!old.expiresAt || ends < old.expiresAt) old.expiresAt = ends;
      await manager.save(old);
      const created = await this.issueKey(manager, { orgId: old.orgId, role: old.role, name: old.name, expiresAt }, meta);
      await this.audit.record(
        manager,
        { action: 'api-key.rotated', objectType: 'api-key', objectId: old.id, before, after: { ...toApiKey(old), replacedBy: created.id } },
        meta,
      );
      return created;
    });
    this.forgetKey(id);
    return issued;
  }

  private async issueKey(
    manager: EntityManager,
    input: { orgId: string; role: Role; name: string; expiresAt: Date | null },
    meta: RequestMeta,
  ): Promise<CreatedApiKeyDto> {
    const { key, prefix, hash } = newApiKey();
    const saved = await manager.save(this.keys.create({ ...input, keyHash: hash, keyPrefix: prefix, createdBy: actorOf(meta) }));
    await this.audit.record(manager, { action: 'api-key.issued', objectType: 'api-key', objectId: saved.id, after: toApiKey(saved) }, meta);
    return { id: saved.id, key };
  }

  async listApiKeys(orgId: string | undefined, query: PageQuery): Promise<Page<ApiKeyResponseDto>> {
    const qb = this.keys.createQueryBuilder('k');
    if (orgId) qb.andWhere('k.org_id = :orgId', { orgId });
    const page = await paginate(qb, query);
    return { items: page.items.map(toApiKey), nextCursor: page.nextCursor };
  }

  async revokeApiKey(id: string, meta: RequestMeta): Promise<ApiKeyResponseDto> {
    const key = await this.keys.findOneBy({ id });
    if (!key) throw DomainError.notFound('API key');
    if (key.revokedAt) return toApiKey(key);
    const before = toApiKey(key);
    const after = await this.dataSource.transaction(async (manager) => {
      key.revokedAt = new Date();
      await manager.save(key);
      const revoked = toApiKey(key);
      await this.audit.record(manager, { action: 'api-key.revoked', objectType: 'api-key', objectId: key.id, before, after: revoked }, meta);
      return revoked;
    });
    this.forgetKey(id);
    return after;
  }

  private async orgFor(orgId: string, role: Role): Promise<Organisation> {
    const org = await this.orgs.findOneBy({ id: orgId });
    if (!org) throw DomainError.notFound('organisation');
    if (!ROLE_ORG_KINDS[role].includes(org.kind)) {
      throw DomainError.rule('ROLE_ORGANISATION_MISMATCH', `role ${role} cannot belong to a ${org.kind} organisation`, [
        { field: 'role', message: `allowed for ${ROLE_ORG_KINDS[role].join(', ')} organisations` },
      ]);
    }
    return org;
  }
}

/**
 * The region scope of a user of `role` in `org`: staff and auditors may be given a region
 * within the organisation's, everyone else has the organisation's.
 */
function regionWithin(org: Organisation, role: Role, requested: string | undefined): string {
  const regionCode = role === Role.Staff || role === Role.Auditor ? (requested ?? org.regionCode) : org.regionCode;
  if (!regions().has(regionCode) || !regionCode.startsWith(org.regionCode)) {
    throw DomainError.rule('REGION_OUTSIDE_ORGANISATION', `region ${regionCode} is not within the organisation's region ${org.regionCode}`, [
      { field: 'regionCode', message: 'must lie within the organisation’s region' },
    ]);
  }
  return regionCode;
}

function futureExpiry(value: string | undefined): Date | null {
  if (value === undefined) return null;
  const at = new Date(value);
  if (at.getTime() <= Date.now()) {
    throw DomainError.rule('EXPIRY_IN_PAST', 'expiresAt must lie in the future', [{ field: 'expiresAt', message: 'must be in the future' }]);
  }
  return at;
}

function actorOf(meta: RequestMeta): string {
  return meta.principal?.sub ?? 'system';
}

function toOrganisation(o: Organisation): OrganisationResponseDto {
  return { id: o.id, name: o.name, kind: o.kind, regionCode: o.regionCode, uscc: o.uscc, createdAt: o.createdAt.toISOString() };
}

function toUser(u: User): UserResponseDto {
  return {
    id: u.id,
    username: u.username,
    role: u.role,
    orgId: u.orgId,
    regionCode: u.regionCode,
    disabledAt: u.disabledAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
  };
}

function toApiKey(k: ApiKey): ApiKeyResponseDto {
  return {
    id: k.id,
    orgId: k.orgId,
    role: k.role,
    name: k.name,
    prefix: k.keyPrefix,
    createdAt: k.createdAt.toISOString(),
    revokedAt: k.revokedAt?.toISOString() ?? null,
    expiresAt: k.expiresAt?.toISOString() ?? null,
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  };
}
