import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CreateTargetRequest, DomainError, ListTargetsQuery, Page, PolicyTargetDto, TargetOp, UpdateTargetMessage } from '@app/contracts';
import { AuditTrail } from '@app/events';
import type { RequestMeta } from '@app/messaging';
import { keysetPage } from '../common/keyset.js';

interface TargetRow {
  id: string;
  key: string;
  metric_zh: string;
  region_code: string;
  year: number;
  op: TargetOp;
  value: string;
  unit: string;
  document: string;
  clause: string;
  quote: string;
  created_at: Date;
  updated_at: Date;
}

/** The policy targets table (政策目标), seeded from the plans; admin adds and changes targets. */
@Injectable()
export class TargetsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
  ) {}

  async all(): Promise<PolicyTargetDto[]> {
    const rows: TargetRow[] = await this.dataSource.query(`SELECT * FROM supervision.policy_targets ORDER BY key, region_code, year`);
    return rows.map(toDto);
  }

  list(query: ListTargetsQuery): Promise<Page<PolicyTargetDto>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.key) where.push(`key = $${params.push(query.key)}`);
    if (query.year) where.push(`year = $${params.push(query.year)}`);
    return keysetPage(this.dataSource, 'supervision.policy_targets', where, params, query, (r: TargetRow) => toDto(r));
  }

  async create(input: CreateTargetRequest, meta: RequestMeta): Promise<PolicyTargetDto> {
    return this.dataSource.transaction(async (manager) => {
      const exists: unknown[] = await manager.query(`SELECT 1 FROM supervision.policy_targets WHERE key = $1 AND region_code = $2 AND year = $3`, [
        input.key,
        input.regionCode,
        input.year,
      ]);
      if (exists.length > 0) {
        throw DomainError.conflict('TARGET_EXISTS', `a target ${input.key} for ${input.regionCode} in ${input.year} exists; change it instead`);
      }
      const [row]: TargetRow[] = await manager.query(
        `INSERT INTO supervision.policy_targets (key, metric_zh, region_code, year, op, value, unit, document, clause, quote)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
        [input.key, input.metricZh, input.regionCode, input.year, input.op, input.value, input.unit, input.document, input.clause, input.quote],
      );
      const target = toDto(row);
      await this.audit.record(manager, { action: 'target.added', objectType: 'policy_target', objectId: target.id, after: target }, meta);
      return target;
    });
  }

  async update(input: UpdateTargetMessage, meta: RequestMeta): Promise<PolicyTargetDto> {
    return this.dataSource.transaction(async (manager: EntityManager) => {
      const [before]: TargetRow[] = await manager.query(`SELECT * FROM supervision.policy_targets WHERE id = $1 FOR UPDATE`, [input.id]);
      if (!before) throw DomainError.notFound('policy target');
      const [[row]]: [TargetRow[], number] = await manager.query(
        `UPDATE supervision.policy_targets SET value = $2, op = COALESCE($3, op), quote = COALESCE($4, quote), updated_at = clock_timestamp()
         WHERE id = $1 RETURNING *`,
        [input.id, input.value, input.op ?? null, input.quote ?? null],
      );
      const target = toDto(row);
      await this.audit.record(
        manager,
        { action: 'target.changed', objectType: 'policy_target', objectId: target.id, before: toDto(before), after: { ...target, reason: input.reason } },
        meta,
      );
      return target;
    });
  }
}

function toDto(r: TargetRow): PolicyTargetDto {
  return {
    id: r.id,
    key: r.key,
    metricZh: r.metric_zh,
    regionCode: r.region_code,
    year: r.year,
    op: r.op,
    value: Number(r.value),
    unit: r.unit,
    document: r.document,
    clause: r.clause,
    quote: r.quote,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}
