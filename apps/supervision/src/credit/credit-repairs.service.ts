import { Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import {
  CreateCreditRepairMessage,
  CreditRepairDecisionMessage,
  CreditRepairDto,
  DomainError,
  ListCreditRepairsMessage,
  outsideScope,
  Page,
  Principal,
  RectificationAttachment,
  Role,
} from '@app/contracts';
import { AuditTrail } from '@app/events';
import type { RequestMeta } from '@app/messaging';
import { keysetPage } from '../common/keyset.js';
import { mayActOnLicence } from '../enterprises/licence.rules.js';

interface RepairRow {
  id: string;
  record_id: string;
  enterprise_id: string;
  evidence: string;
  attachments: RectificationAttachment[];
  status: CreditRepairDto['status'];
  reason: string | null;
  applied_by: string;
  decided_by: string | null;
  decided_at: Date | null;
  created_at: Date;
}

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
        const [record]: Array<{ enterprise_id: string; uscc: string; repaired_at: Date | null }> = await manager.query(
          `SELECT r.enterprise_id, e.uscc, r.repaired_at FROM supervision.credit_records r JOIN supervision.enterprises e ON e.id = r.enterprise_id WHERE r.id = $1`,
          [input.recordId],
        );
        if (!record || (principal.role === Role.Courier && input.actingUscc !== record.uscc)) throw DomainError.notFound('credit record');
        if (record.repaired_at) throw DomainError.conflict('ALREADY_REPAIRED', 'this record is already repaired');
        const [row]: RepairRow[] = await manager.query(
          `INSERT INTO supervision.credit_repairs (record_id, enterprise_id, evidence, attachments, status, applied_by)
           VALUES ($1, $2, $3, $4, 'applied', $5) RETURNING *`,
          [input.recordId, record.enterprise_id, input.evidence, JSON.stringify(input.attachments ?? []), principal.sub],
        );
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
      const [row]: Array<RepairRow & { name: string; licence_issued_by: string; licence_territory: string[] }> = await manager.query(
        `SELECT p.*, e.name, e.licence_issued_by, e.licence_territory FROM supervision.credit_repairs p
         JOIN supervision.enterprises e ON e.id = p.enterprise_id WHERE p.id = $1 FOR UPDATE OF p`,
        [input.id],
      );
      if (!row) throw DomainError.notFound('credit repair application');
      if (!mayActOnLicence(principal, { issuedBy: row.licence_issued_by, territory: row.licence_territory })) {
        throw outsideScope(`${row.name} (licence issued by ${row.licence_issued_by})`, principal);
      }
      if (row.status !== 'applied') throw DomainError.conflict('ALREADY_DECIDED', `this application is already ${row.status}`);
      const status = input.decision === 'approve' ? 'approved' : 'rejected';
      const [[after]]: [RepairRow[], number] = await manager.query(
        `UPDATE supervision.credit_repairs SET status = $2, reason = $3, decided_by = $4, decided_at = clock_timestamp() WHERE id = $1 RETURNING *`,
        [row.id, status, input.reason, principal.sub],
      );
      if (status === 'approved') {
        await manager.query(`UPDATE supervision.credit_records SET repaired_at = clock_timestamp() WHERE id = $1`, [row.record_id]);
      }
      await this.audit.record(
        manager,
        { action: `credit.repair_${status}`, objectType: 'credit_record', objectId: row.record_id, before: { status: row.status }, after: toDto(after) },
        meta,
      );
      return toDto(after);
    });
  }

  list(query: ListCreditRepairsMessage, principal: Principal): Promise<Page<CreditRepairDto>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (principal.role === Role.Courier) {
      if (!query.actingUscc) return Promise.resolve({ items: [], nextCursor: null });
      where.push(`enterprise_id = (SELECT id FROM supervision.enterprises WHERE uscc = $${params.push(query.actingUscc)})`);
    }
    if (query.status) where.push(`status = $${params.push(query.status)}`);
    return keysetPage(this.dataSource, 'supervision.credit_repairs', where, params, query, toDto);
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
