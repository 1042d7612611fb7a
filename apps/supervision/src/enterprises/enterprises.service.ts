import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
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
import { decodeCursor, encodeCursor } from '@app/database';
import { AuditTrail, Outbox } from '@app/events';
import type { RequestMeta } from '@app/messaging';
import { Enterprise } from './enterprise.entity.js';
import { licenceStatusOn, mayActOnLicence } from './licence.rules.js';
import { CreditService } from '../credit/credit.service.js';

@Injectable()
export class EnterprisesService {
  constructor(
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
    // both checks in one round trip
    const [{ known, taken }]: Array<{ known: boolean; taken: boolean }> = await this.dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM supervision.brands WHERE code = $1) AS known, EXISTS (SELECT 1 FROM supervision.enterprises WHERE uscc = $2) AS taken`,
      [input.brand, input.uscc],
    );
    if (!known) {
      throw DomainError.rule('UNKNOWN_BRAND', `brand ${input.brand} is not in the brand table`, [
        { field: 'brand', message: 'unknown brand code; see GET /api/v1/brands' },
      ]);
    }
    if (taken) {
      throw DomainError.conflict('ENTERPRISE_EXISTS', `an enterprise with credit code ${input.uscc} is already registered`);
    }
    return this.dataSource.transaction(async (manager) => {
      // one INSERT … RETURNING, as the entity's save would send, without its change tracking
      const [row]: EnterpriseRow[] = await manager.query(
        `INSERT INTO supervision.enterprises
           (name, uscc, brand, licence_number, licence_valid_from, licence_valid_to, licence_scope, licence_territory, licence_issued_by, created_by, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1)
         RETURNING ${ENTERPRISE_COLUMNS}`,
        [input.name, input.uscc, input.brand, licence.number, licence.validFrom, licence.validTo, licence.scope, territory, issuedBy, principal.sub],
      );
      const saved = enterpriseOf(row);
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

  /**
   * Newest first, keyset-paginated on (created_at, id) as `paginate` does, in plain SQL: the
   * query builder and its entity mapping cost more CPU than the query on this hot read.
   */
  async list(query: ListEnterprisesRequest): Promise<Page<EnterpriseResponseDto>> {
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const where: string[] = [];
    if (query.brand) where.push(`brand = ${param(query.brand)}`);
    if (query.uscc) where.push(`uscc = ${param(query.uscc)}`);
    if (query.q) where.push(`name ILIKE ${param(`%${query.q.replace(/[%_\\]/g, '\\$&')}%`)}`);
    const live = 'licence_revoked_at IS NULL AND licence_cancelled_at IS NULL';
    switch (query.licenceStatus) {
      case 'revoked':
        where.push('licence_revoked_at IS NOT NULL');
        break;
      case 'cancelled':
        where.push('licence_revoked_at IS NULL AND licence_cancelled_at IS NOT NULL');
        break;
      case 'valid':
        where.push(`${live} AND ${param(shanghaiToday())}::date BETWEEN licence_valid_from AND licence_valid_to`);
        break;
      case 'expired':
        where.push(`${live} AND licence_valid_to < ${param(shanghaiToday())}::date`);
        break;
      case 'not_yet_valid':
        where.push(`${live} AND licence_valid_from > ${param(shanghaiToday())}::date`);
        break;
    }
    if (query.cursor) {
      const key = decodeCursor(query.cursor);
      where.push(`(created_at, id) < (${param(key.t)}::timestamptz, ${param(key.id)}::uuid)`);
    }
    const limit = query.limit ?? 50;
    const rows: EnterpriseRow[] = await this.dataSource.query(
      `SELECT ${ENTERPRISE_COLUMNS} FROM supervision.enterprises
       ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY created_at DESC, id DESC LIMIT ${param(limit + 1)}`,
      params,
    );
    const items = rows.slice(0, limit).map(enterpriseOf);
    const last = items[items.length - 1];
    const today = shanghaiToday();
    return { items: items.map((e) => toResponse(e, today)), nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null };
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
    const [row]: EnterpriseRow[] = await this.dataSource.query(`SELECT ${ENTERPRISE_COLUMNS} FROM supervision.enterprises WHERE id = $1`, [id]);
    if (!row) throw DomainError.notFound('enterprise');
    return enterpriseOf(row);
  }
}

/** The columns of an enterprise as `enterpriseOf` reads them (dates as text, as the entity has them). */
const ENTERPRISE_COLUMNS = `id, name, uscc, brand, licence_number, licence_valid_from::text AS licence_valid_from, licence_valid_to::text AS licence_valid_to,
  licence_scope, licence_territory, licence_issued_by, licence_revoked_at, licence_cancelled_at, licence_lapse_announced, created_by, created_at, updated_at, version`;

interface EnterpriseRow {
  id: string;
  name: string;
  uscc: string;
  brand: string;
  licence_number: string;
  licence_valid_from: string;
  licence_valid_to: string;
  licence_scope: string;
  licence_territory: string[];
  licence_issued_by: string;
  licence_revoked_at: Date | null;
  licence_cancelled_at: Date | null;
  licence_lapse_announced: string | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  version: number;
}

function enterpriseOf(r: EnterpriseRow): Enterprise {
  return Object.assign(new Enterprise(), {
    id: r.id,
    name: r.name,
    uscc: r.uscc,
    brand: r.brand,
    licenceNumber: r.licence_number,
    licenceValidFrom: r.licence_valid_from,
    licenceValidTo: r.licence_valid_to,
    licenceScope: r.licence_scope,
    licenceTerritory: r.licence_territory,
    licenceIssuedBy: r.licence_issued_by,
    licenceRevokedAt: r.licence_revoked_at,
    licenceCancelledAt: r.licence_cancelled_at,
    licenceLapseAnnounced: r.licence_lapse_announced,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  });
}

/** The response of `e`, its licence status as of `today` (a list reads the date once for every row). */
export function toResponse(e: Enterprise, today = shanghaiToday()): EnterpriseResponseDto {
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
        today,
      ),
    },
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}
