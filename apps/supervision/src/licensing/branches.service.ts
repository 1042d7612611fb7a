import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BranchDto, BranchListDto, CreateBranchMessage, DomainError, EventTypes, mayActIn, outsideScope, Principal, Role, shanghaiToday } from '@app/contracts';
import { AuditTrail, CreatedOnce, Outbox } from '@app/events';
import type { RequestMeta } from '@app/messaging';
import { regions } from '@app/regions';
import { Enterprise } from '../enterprises/enterprise.entity.js';
import { licenceStatusOn } from '../enterprises/licence.rules.js';
import { branchById, branchesOf, branchNamed, type BranchRow, insertBranch, nextReceiptNumber } from './branches.queries.js';

/**
 * Branches and business offices of licensed enterprises (分支机构、营业部, seed 003 二(七)1:
 * "快递企业及其分支机构、营业部" may open terminal outlets): registered under their
 * enterprise with a filing receipt; an outlet filing may name the branch that runs it.
 */
@Injectable()
export class BranchesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
    private readonly once: CreatedOnce,
  ) {}

  async create(input: CreateBranchMessage, principal: Principal, meta: RequestMeta): Promise<BranchDto> {
    if (!regions().has(input.regionCode))
      throw DomainError.rule('UNKNOWN_REGION', `region ${input.regionCode} is not a division of the province`, [
        { field: 'regionCode', message: 'unknown region code' },
      ]);
    return this.dataSource.transaction(async (manager) => {
      const earlier = await this.once.earlier(manager, meta, `branch.registered:${input.enterpriseId}`);
      if (earlier) return this.get(earlier);
      const e = await manager.findOneBy(Enterprise, { id: input.enterpriseId });
      if (!e) throw DomainError.notFound('enterprise');
      if (principal.role === Role.Courier && input.actingUscc !== e.uscc)
        throw DomainError.forbidden('a courier registers branches of its own enterprise only');
      if (principal.role === Role.Staff && !mayActIn(principal, input.regionCode)) throw outsideScope(`region ${input.regionCode}`, principal);
      const today = shanghaiToday();
      const status = licenceStatusOn(
        { validFrom: e.licenceValidFrom, validTo: e.licenceValidTo, revokedAt: e.licenceRevokedAt, cancelledAt: e.licenceCancelledAt },
        today,
      );
      if (status !== 'valid')
        throw DomainError.rule('LICENCE_NOT_VALID', `the licence of ${e.name} is ${status}; only a licensed enterprise registers branches`);
      if (!e.licenceTerritory.some((code) => input.regionCode.startsWith(code) || code.startsWith(input.regionCode))) {
        throw DomainError.rule('OUTSIDE_TERRITORY', `region ${input.regionCode} lies outside the licensed territory ${e.licenceTerritory.join(', ')}`, [
          { field: 'regionCode', message: 'outside the licensed territory' },
        ]);
      }
      if (await branchNamed(manager, e.id, input.name)) throw DomainError.conflict('BRANCH_EXISTS', `${e.name} has a branch named ${input.name} already`);
      const n = await nextReceiptNumber(manager);
      const receiptNo = `BR-${input.regionCode}-${today.slice(0, 4)}-${String(n).padStart(6, '0')}`;
      const row = await insertBranch(manager, {
        enterpriseId: e.id,
        kind: input.kind,
        name: input.name,
        regionCode: input.regionCode,
        address: input.address,
        uscc: input.uscc ?? null,
        receiptNo,
        createdBy: principal.sub,
      });
      const dto = toDto(row);
      await this.audit.record(manager, { action: 'branch.registered', objectType: 'branch', objectId: dto.id, after: dto }, meta);
      await this.outbox.add(
        manager,
        EventTypes.branchRegistered,
        { branchId: dto.id, enterpriseId: e.id, kind: dto.kind, regionCode: dto.regionCode, receiptNo },
        meta,
      );
      await this.once.remember(manager, meta, `branch.registered:${input.enterpriseId}`, dto.id);
      return dto;
    });
  }

  async list(enterpriseId: string): Promise<BranchListDto> {
    const rows = await branchesOf(this.dataSource.manager, enterpriseId);
    return { items: rows.map(toDto) };
  }

  async get(id: string): Promise<BranchDto> {
    const row = await branchById(this.dataSource.manager, id);
    if (!row) throw DomainError.notFound('branch');
    return toDto(row);
  }
}

function toDto(r: BranchRow): BranchDto {
  return {
    id: r.id,
    enterpriseId: r.enterprise_id,
    kind: r.kind,
    name: r.name,
    regionCode: r.region_code,
    address: r.address,
    uscc: r.uscc,
    receiptNo: r.receipt_no,
    createdAt: r.created_at.toISOString(),
  };
}
