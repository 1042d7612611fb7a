import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import {
  CreateEnterpriseRequest,
  DomainError,
  EnterpriseRegisteredEvent,
  EnterpriseResponseDto,
  EventTypes,
  LicenceCheckResponse,
  LicenceRevokedEvent,
  ListEnterprisesRequest,
  outsideScope,
  Page,
  Principal,
  regionScope,
  shanghaiToday,
} from '@app/contracts';
import { paginate } from '@app/database';
import { AuditTrail, Outbox } from '@app/events';
import type { RequestMeta } from '@app/messaging';
import { Enterprise } from './enterprise.entity.js';
import { Brand } from '../brands/brand.entity.js';
import { licenceStatusOn, mayActOnLicence } from './licence.rules.js';
import { CreditService } from '../credit/credit.service.js';

@Injectable()
export class EnterprisesService {
  constructor(
    @InjectRepository(Enterprise) private readonly enterprises: Repository<Enterprise>,
    @InjectRepository(Brand) private readonly brands: Repository<Brand>,
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
    private readonly credit: CreditService,
  ) {}

  /**
   * Registers an enterprise with the licence the caller's administration issued: the issuing
   * region is the caller's, and the territory (by default that region) must lie within it.
   */
  async create(input: CreateEnterpriseRequest, principal: Principal, meta: RequestMeta): Promise<EnterpriseResponseDto> {
    const { licence } = input;
    const issuedBy = regionScope(principal);
    const territory = licence.territory ?? [issuedBy];
    if (!mayActOnLicence(principal, { issuedBy, territory })) throw outsideScope(`licence territory ${territory.join(', ')}`, principal);
    if (licence.validTo < licence.validFrom) {
      throw DomainError.rule('LICENCE_DATES', 'licence validTo is before validFrom', [
        { field: 'licence.validTo', message: 'must not be before licence.validFrom' },
      ]);
    }
    if (!(await this.brands.existsBy({ code: input.brand }))) {
      throw DomainError.rule('UNKNOWN_BRAND', `brand ${input.brand} is not in the brand table`, [
        { field: 'brand', message: 'unknown brand code; see GET /api/v1/brands' },
      ]);
    }
    if (await this.enterprises.existsBy({ uscc: input.uscc })) {
      throw DomainError.conflict('ENTERPRISE_EXISTS', `an enterprise with credit code ${input.uscc} is already registered`);
    }
    return this.dataSource.transaction(async (manager) => {
      const saved = await manager.save(
        this.enterprises.create({
          name: input.name,
          uscc: input.uscc,
          brand: input.brand,
          licenceNumber: licence.number,
          licenceValidFrom: licence.validFrom,
          licenceValidTo: licence.validTo,
          licenceScope: licence.scope,
          licenceTerritory: territory,
          licenceIssuedBy: issuedBy,
          licenceRevokedAt: null,
          licenceCancelledAt: null,
          licenceLapseAnnounced: null,
          createdBy: principal.sub,
        }),
      );
      const response = toResponse(saved);
      await this.audit.record(manager, { action: 'enterprise.registered', objectType: 'enterprise', objectId: saved.id, after: response }, meta);
      await this.outbox.add<EnterpriseRegisteredEvent>(
        manager,
        EventTypes.enterpriseRegistered,
        { enterpriseId: saved.id, name: saved.name, uscc: saved.uscc, brand: saved.brand, licenceValidTo: saved.licenceValidTo },
        meta,
      );
      return response;
    });
  }

  /**
   * Revokes the licence (吊销许可): audited, recorded as a grave credit record, and announced
   * by a licence-revoked event through the outbox; the outlets service lapses the
   * enterprise's filings on it. Only staff whose region holds the issuing region and the
   * whole territory may (403 OUTSIDE_SCOPE otherwise).
   */
  async revokeLicence(id: string, reason: string, principal: Principal, meta: RequestMeta): Promise<EnterpriseResponseDto> {
    return this.dataSource.transaction(async (manager) => {
      const e = await manager.findOne(Enterprise, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!e) throw DomainError.notFound('enterprise');
      if (!mayActOnLicence(principal, { issuedBy: e.licenceIssuedBy, territory: e.licenceTerritory })) {
        throw outsideScope(`the licence of ${e.name} (issued by ${e.licenceIssuedBy})`, principal);
      }
      if (e.licenceRevokedAt)
        throw DomainError.conflict('LICENCE_ALREADY_REVOKED', `the licence of ${e.name} was revoked on ${e.licenceRevokedAt.toISOString()}`);
      const before = toResponse(e);
      const revokedAt = new Date();
      e.licenceRevokedAt = revokedAt;
      const saved = await manager.save(e);
      const after = toResponse(saved);
      await this.audit.record(manager, { action: 'licence.revoked', objectType: 'enterprise', objectId: id, before, after: { ...after, reason } }, meta);
      await this.credit.add(
        manager,
        {
          enterpriseId: id,
          kind: 'licence_revoked',
          severity: 'grave',
          description: `吊销快递业务经营许可：${reason}`,
          occurredOn: shanghaiToday(),
          sourceId: null,
        },
        meta,
      );
      await this.outbox.add<LicenceRevokedEvent>(
        manager,
        EventTypes.licenceRevoked,
        { enterpriseId: id, revokedAt: revokedAt.toISOString(), reason, ending: 'revoked' },
        meta,
      );
      return after;
    });
  }

  async list(query: ListEnterprisesRequest): Promise<Page<EnterpriseResponseDto>> {
    const today = shanghaiToday();
    const qb = this.enterprises.createQueryBuilder('e');
    if (query.brand) qb.andWhere('e.brand = :brand', { brand: query.brand });
    if (query.uscc) qb.andWhere('e.uscc = :uscc', { uscc: query.uscc });
    if (query.q) qb.andWhere('e.name ILIKE :q', { q: `%${query.q.replace(/[%_\\]/g, '\\$&')}%` });
    switch (query.licenceStatus) {
      case 'revoked':
        qb.andWhere('e.licence_revoked_at IS NOT NULL');
        break;
      case 'cancelled':
        qb.andWhere('e.licence_revoked_at IS NULL AND e.licence_cancelled_at IS NOT NULL');
        break;
      case 'valid':
        qb.andWhere('e.licence_revoked_at IS NULL AND e.licence_cancelled_at IS NULL AND :today BETWEEN e.licence_valid_from AND e.licence_valid_to', {
          today,
        });
        break;
      case 'expired':
        qb.andWhere('e.licence_revoked_at IS NULL AND e.licence_cancelled_at IS NULL AND e.licence_valid_to < :today', { today });
        break;
      case 'not_yet_valid':
        qb.andWhere('e.licence_revoked_at IS NULL AND e.licence_cancelled_at IS NULL AND e.licence_valid_from > :today', { today });
        break;
    }
    const page = await paginate(qb, query);
    return { items: page.items.map(toResponse), nextCursor: page.nextCursor };
  }

  async get(id: string): Promise<EnterpriseResponseDto> {
    return toResponse(await this.find(id));
  }

  /** The licence state on a business date, and the enterprise it was read from. */
  async checkLicence(enterpriseId: string, date: string): Promise<{ check: LicenceCheckResponse; enterprise: Enterprise }> {
    const e = await this.find(enterpriseId);
    const status = licenceStatusOn(
      { validFrom: e.licenceValidFrom, validTo: e.licenceValidTo, revokedAt: e.licenceRevokedAt, cancelledAt: e.licenceCancelledAt },
      date,
    );
    return {
      check: {
        enterpriseId,
        date,
        valid: status === 'valid',
        status,
        licenceNumber: e.licenceNumber,
        territory: e.licenceTerritory,
        scope: e.licenceScope,
      },
      enterprise: e,
    };
  }

  private async find(id: string): Promise<Enterprise> {
    const e = await this.enterprises.findOneBy({ id });
    if (!e) throw DomainError.notFound('enterprise');
    return e;
  }
}

export function toResponse(e: Enterprise): EnterpriseResponseDto {
  return {
    id: e.id,
    name: e.name,
    uscc: e.uscc,
    brand: e.brand,
    licence: {
      number: e.licenceNumber,
      validFrom: e.licenceValidFrom,
      validTo: e.licenceValidTo,
      scope: e.licenceScope,
      territory: e.licenceTerritory,
      issuedBy: e.licenceIssuedBy,
      status: licenceStatusOn(
        { validFrom: e.licenceValidFrom, validTo: e.licenceValidTo, revokedAt: e.licenceRevokedAt, cancelledAt: e.licenceCancelledAt },
        shanghaiToday(),
      ),
    },
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}
