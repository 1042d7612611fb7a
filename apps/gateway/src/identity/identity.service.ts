import { Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, IsNull, Repository } from 'typeorm';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DomainError, inRegionScope, Page, PageQuery, Principal, Role } from '@app/contracts';
import { paginate } from '@app/database';
import { regions } from '@app/regions';
import { AuditTrail } from '@app/events';
import type { RequestMeta } from '@app/messaging';
import { Organisation, OrganisationKind } from './organisation.entity.js';
import { User } from './user.entity.js';
import { ApiKey } from './api-key.entity.js';
import { DUMMY_HASH, hashPassword, newApiKey, randomPassword, sha256, verifyPassword } from '../auth/passwords.js';
import {
  ApiKeyResponseDto,
  CreateApiKeyRequestDto,
  CreatedApiKeyDto,
  CreateOrganisationRequestDto,
  CreateUserRequestDto,
  LoginResponseDto,
  OrganisationResponseDto,
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

@Injectable()
export class IdentityService {
  private readonly logger = new Logger(IdentityService.name);

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
    const principal: Principal = { sub: user.id, role: user.role, orgId: user.orgId, regionCode: user.regionCode };
    const accessToken = await this.jwt.signAsync({ ...principal }, { expiresIn: ttlSeconds });
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
        regionCode: '14',
        createdBy: 'system',
      }),
    );
    if (!password) {
      mkdirSync(dirname(passwordFile), { recursive: true, mode: 0o700 });
      writeFileSync(passwordFile, `${chosen}\n`, { mode: 0o600 });
      chmodSync(passwordFile, 0o600);
      process.stdout.write(
        `\nFirst admin created: user "${username}", password "${chosen}" (also written to ${passwordFile}, readable only by its owner)\n\n`,
      );
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

  async principalForApiKey(key: string): Promise<Principal | null> {
    const found = await this.keys.findOneBy({ keyHash: sha256(key), revokedAt: IsNull() });
    if (!found) return null;
    if (!found.lastUsedAt || Date.now() - found.lastUsedAt.getTime() > API_KEY_TOUCH_MS) {
      await this.keys.update({ id: found.id }, { lastUsedAt: new Date() });
    }
    const org = await this.orgs.findOneByOrFail({ id: found.orgId });
    return { sub: `apikey:${found.id}`, role: found.role, orgId: found.orgId, regionCode: org.regionCode };
  }

  async createOrganisation(input: CreateOrganisationRequestDto, meta: RequestMeta): Promise<OrganisationResponseDto> {
    const region = regions().get(input.regionCode);
    if (!region) {
      throw DomainError.rule('UNKNOWN_REGION', `region ${input.regionCode} is not a Shanxi division`, [
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
      (actor.role === Role.Admin ||
        ((actor.role === Role.Staff || actor.role === Role.Auditor) && inRegionScope(actor, org.regionCode)) ||
        actor.orgId === org.id);
    if (!visible) throw DomainError.notFound('organisation');
    return toOrganisation(org);
  }

  async createUser(input: CreateUserRequestDto, meta: RequestMeta): Promise<UserResponseDto> {
    const org = await this.orgFor(input.orgId, input.role);
    const regionCode = input.role === Role.Staff || input.role === Role.Auditor ? (input.regionCode ?? org.regionCode) : org.regionCode;
    if (!regions().has(regionCode) || !regionCode.startsWith(org.regionCode)) {
      throw DomainError.rule('REGION_OUTSIDE_ORGANISATION', `region ${regionCode} is not within the organisation's region ${org.regionCode}`, [
        { field: 'regionCode', message: 'must lie within the organisation’s region' },
      ]);
    }
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

  async getUser(id: string, actor: Principal): Promise<UserResponseDto> {
    const user = await this.users.findOneBy({ id });
    if (!user || (actor.role !== Role.Admin && actor.sub !== user.id)) throw DomainError.notFound('user');
    return toUser(user);
  }

  async createApiKey(input: CreateApiKeyRequestDto, meta: RequestMeta): Promise<CreatedApiKeyDto> {
    const org = await this.orgFor(input.orgId, input.role);
    const { key, prefix, hash } = newApiKey();
    return this.dataSource.transaction(async (manager) => {
      const saved = await manager.save(
        this.keys.create({ orgId: org.id, role: input.role, name: input.name, keyHash: hash, keyPrefix: prefix, createdBy: actorOf(meta) }),
      );
      await this.audit.record(manager, { action: 'api-key.issued', objectType: 'api-key', objectId: saved.id, after: toApiKey(saved) }, meta);
      return { id: saved.id, key };
    });
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
    return this.dataSource.transaction(async (manager) => {
      key.revokedAt = new Date();
      await manager.save(key);
      const after = toApiKey(key);
      await this.audit.record(manager, { action: 'api-key.revoked', objectType: 'api-key', objectId: key.id, before, after }, meta);
      return after;
    });
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

function actorOf(meta: RequestMeta): string {
  return meta.principal?.sub ?? 'system';
}

function toOrganisation(o: Organisation): OrganisationResponseDto {
  return { id: o.id, name: o.name, kind: o.kind, regionCode: o.regionCode, uscc: o.uscc, createdAt: o.createdAt.toISOString() };
}

function toUser(u: User): UserResponseDto {
  return { id: u.id, username: u.username, role: u.role, orgId: u.orgId, regionCode: u.regionCode, createdAt: u.createdAt.toISOString() };
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
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  };
}
