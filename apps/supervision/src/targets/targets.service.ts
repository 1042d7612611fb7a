import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CreateTargetRequest, DomainError, ListTargetsQuery, Page, PolicyTargetDto, UpdateTargetMessage } from '@app/contracts';
import { AuditTrail } from '@app/events';
import type { RequestMeta } from '@app/messaging';
import { allTargets, insertTarget, listTargets, lockTarget, targetExists, type TargetRow, updateTarget } from './targets.queries.js';

/** The policy targets table (政策目标), seeded from the plans; admin adds and changes targets. */
@Injectable()
export class TargetsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
  ) {}

  async all(): Promise<PolicyTargetDto[]> {
    return (await allTargets(this.dataSource)).map(toDto);
  }

  async list(query: ListTargetsQuery): Promise<Page<PolicyTargetDto>> {
    const page = await listTargets(this.dataSource, query);
    return { items: page.items.map(toDto), nextCursor: page.nextCursor };
  }

  async create(input: CreateTargetRequest, meta: RequestMeta): Promise<PolicyTargetDto> {
    return this.dataSource.transaction(async (manager) => {
      if (await targetExists(manager, input.key, input.regionCode, input.year)) {
        throw DomainError.conflict('TARGET_EXISTS', `a target ${input.key} for ${input.regionCode} in ${input.year} exists; change it instead`);
      }
      const row = await insertTarget(manager, input);
      const target = toDto(row);
      await this.audit.record(manager, { action: 'target.added', objectType: 'policy_target', objectId: target.id, after: target }, meta);
      return target;
    });
  }

  async update(input: UpdateTargetMessage, meta: RequestMeta): Promise<PolicyTargetDto> {
    return this.dataSource.transaction(async (manager: EntityManager) => {
      const before = await lockTarget(manager, input.id);
      if (!before) throw DomainError.notFound('policy target');
      const row = await updateTarget(manager, input.id, { value: input.value, op: input.op ?? null, quote: input.quote ?? null });
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
