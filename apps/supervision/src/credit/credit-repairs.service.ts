import { Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import {
  CreateCreditRepairMessage,
  CreditRepairDecisionMessage,
  CreditRepairDto,
  DomainError,
  ListCreditRepairsMessage,
  Page,
  Principal,
  Role,
} from '@app/contracts';
import { AuditTrail } from '@app/events';
import type { RequestMeta } from '@app/messaging';
import { mustActOnLicence } from './credit.service.js';
import { decideRepair, insertRepair, listRepairs, lockRepair, markRepaired, recordForRepair, type RepairRow } from './credit.queries.js';

/**
 * Credit repair (信用修复, seed 002): the party applies for one record with its evidence; staff
 * who may act on the enterprise's licence approve (the record counts no more) or reject; all
 * audited. One application per record is pending at a time.
 */
@Injectable()
export class CreditRepairsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
  ) {}

  async apply(input: CreateCreditRepairMessage, principal: Principal, meta: RequestMeta): Promise<CreditRepairDto> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const record = await recordForRepair(manager, input.recordId);
        if (!record || (principal.role === Role.Courier && input.actingUscc !== record.uscc)) throw DomainError.notFound('credit record');
        if (record.repaired_at) throw DomainError.conflict('ALREADY_REPAIRED', 'this record is already repaired');
        const row = await insertRepair(manager, {
          recordId: input.recordId,
          enterpriseId: record.enterprise_id,
          evidence: input.evidence,
          attachments: input.attachments ?? [],
          appliedBy: principal.sub,
        });
        const dto = toDto(row);
        await this.audit.record(manager, { action: 'credit.repair_applied', objectType: 'credit_record', objectId: input.recordId, after: dto }, meta);
        return dto;
      });
    } catch (err) {
      if (err instanceof QueryFailedError && (err.driverError as { constraint?: string }).constraint === 'uq_credit_repairs_pending') {
        throw DomainError.conflict('REPAIR_PENDING', 'a repair application for this record is waiting for a decision');
      }
      throw err;
    }
  }

  async decide(input: CreditRepairDecisionMessage, principal: Principal, meta: RequestMeta): Promise<CreditRepairDto> {
    return this.dataSource.transaction(async (manager) => {
      const row = await lockRepair(manager, input.id);
      if (!row) throw DomainError.notFound('credit repair application');
      mustActOnLicence(principal, row);
      if (row.status !== 'applied') throw DomainError.conflict('ALREADY_DECIDED', `this application is already ${row.status}`);
      const status = input.decision === 'approve' ? 'approved' : 'rejected';
      const after = await decideRepair(manager, row.id, status, input.reason, principal.sub);
      if (status === 'approved') await markRepaired(manager, row.record_id);
      await this.audit.record(
        manager,
        { action: `credit.repair_${status}`, objectType: 'credit_record', objectId: row.record_id, before: { status: row.status }, after: toDto(after) },
        meta,
      );
      return toDto(after);
    });
  }

  async list(query: ListCreditRepairsMessage, principal: Principal): Promise<Page<CreditRepairDto>> {
    // a courier sees its own enterprise's applications only
    if (principal.role === Role.Courier && !query.actingUscc) return { items: [], nextCursor: null };
    const page = await listRepairs(this.dataSource, query, principal.role === Role.Courier ? query.actingUscc : undefined);
    return { items: page.items.map(toDto), nextCursor: page.nextCursor };
  }
}

function toDto(r: RepairRow): CreditRepairDto {
  return {
    id: r.id,
    recordId: r.record_id,
    enterpriseId: r.enterprise_id,
    evidence: r.evidence,
    attachments: r.attachments,
    status: r.status,
    reason: r.reason,
    appliedBy: r.applied_by,
    createdAt: r.created_at.toISOString(),
    decidedBy: r.decided_by,
    decidedAt: r.decided_at?.toISOString() ?? null,
  };
}
