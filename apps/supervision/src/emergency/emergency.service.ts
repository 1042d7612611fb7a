import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  CreateEmergencyPlanRequest,
  DomainError,
  DrillDto,
  EmergencyPlanDto,
  ListDrillsQuery,
  ListEmergencyPlansQuery,
  mayActIn,
  outsideScope,
  Page,
  Principal,
  regionContains,
  regionScope,
  RecordDrillRequest,
  shanghaiToday,
} from '@app/contracts';
import { AuditTrail, CreatedOnce } from '@app/events';
import type { RequestMeta } from '@app/messaging';
import { regions } from '@app/regions';
import {
  type DrillRow,
  drillById,
  insertDrill,
  insertPlan,
  listDrills,
  listPlans,
  type PlanRow,
  planById,
  planRegion,
  resourceRegions,
} from './emergency.queries.js';

/**
 * Emergency readiness (seed 001 §28 应急管理体系建设, §29 参与地方应急演练): the emergency plans
 * of each region and the drills held, with who took part, the registered resources used and
 * what was found; staff enter them within their region, every entry audited.
 */
@Injectable()
export class EmergencyService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
    private readonly once: CreatedOnce,
  ) {}

  async createPlan(input: CreateEmergencyPlanRequest, principal: Principal, meta: RequestMeta): Promise<EmergencyPlanDto> {
    this.checkRegion(principal, input.regionCode);
    notFuture(input.issuedOn, 'issuedOn');
    const id = await this.dataSource.transaction(async (manager) => {
      const earlier = await this.once.earlier(manager, meta, 'emergency-plan.registered');
      if (earlier) return earlier;
      const row = await insertPlan(manager, {
        regionCode: input.regionCode,
        title: input.title,
        issuedOn: input.issuedOn,
        summary: input.summary,
        createdBy: principal.sub,
      });
      const dto = await this.plan(manager, row.id);
      await this.audit.record(manager, { action: 'emergency-plan.registered', objectType: 'emergency_plan', objectId: row.id, after: dto }, meta);
      await this.once.remember(manager, meta, 'emergency-plan.registered', row.id);
      return row.id;
    });
    return this.plan(this.dataSource.manager, id);
  }

  listPlans(query: ListEmergencyPlansQuery, principal: Principal): Promise<Page<EmergencyPlanDto>> {
    return listPlans(this.dataSource, ...this.regionFilter(query.regionCode, principal), query, toPlan);
  }

  async recordDrill(input: RecordDrillRequest, principal: Principal, meta: RequestMeta): Promise<DrillDto> {
    this.checkRegion(principal, input.regionCode);
    notFuture(input.heldOn, 'heldOn');
    const resourceIds = [...new Set(input.resourceIds ?? [])];
    const id = await this.dataSource.transaction(async (manager) => {
      const earlier = await this.once.earlier(manager, meta, 'emergency-drill.recorded');
      if (earlier) return earlier;
      if (input.planId) {
        const plan = await planRegion(manager, input.planId);
        if (!plan) throw DomainError.notFound('emergency plan');
        if (!regionContains(plan.region_code, input.regionCode)) {
          throw DomainError.rule('UNKNOWN_REGION', `plan ${input.planId} covers ${plan.region_code}, not ${input.regionCode}`, [
            { field: 'planId', message: 'the plan must cover the drill’s region' },
          ]);
        }
      }
      if (resourceIds.length > 0) {
        const found = await resourceRegions(manager, resourceIds);
        const seen = new Set(found.filter((r) => mayActIn(principal, r.region_code) || regionContains(r.region_code, input.regionCode)).map((r) => r.id));
        const missing = resourceIds.filter((r) => !seen.has(r));
        if (missing.length > 0) {
          throw DomainError.rule('UNKNOWN_RESOURCE', `no registered emergency resource in reach: ${missing.join(', ')}`, [
            { field: 'resourceIds', message: 'each must be a resource of GET /emergency-resources in your region' },
          ]);
        }
      }
      const row = await insertDrill(manager, {
        regionCode: input.regionCode,
        planId: input.planId ?? null,
        title: input.title,
        heldOn: input.heldOn,
        participants: input.participants,
        participantCount: input.participantCount,
        resourceIds,
        resourcesNote: input.resourcesNote ?? null,
        findings: input.findings,
        createdBy: principal.sub,
      });
      const dto = await this.drill(manager, row.id);
      await this.audit.record(manager, { action: 'emergency-drill.recorded', objectType: 'emergency_drill', objectId: row.id, after: dto }, meta);
      await this.once.remember(manager, meta, 'emergency-drill.recorded', row.id);
      return row.id;
    });
    return this.drill(this.dataSource.manager, id);
  }

  listDrills(query: ListDrillsQuery, principal: Principal): Promise<Page<DrillDto>> {
    const [where, params] = this.regionFilter(query.regionCode, principal);
    if (query.planId) where.push(`plan_id = $${params.push(query.planId)}`);
    return listDrills(this.dataSource, where, params, query, toDrill);
  }

  /** Entries of the caller's region (a region asked for must lie within it). */
  private regionFilter(regionCode: string | undefined, principal: Principal): [string[], unknown[]] {
    const region = regionCode ?? regionScope(principal);
    if (!mayActIn(principal, region)) throw outsideScope(`region ${region}`, principal);
    return [['region_code LIKE $1'], [`${region}%`]];
  }

  private checkRegion(principal: Principal, code: string): void {
    if (!regions().has(code)) {
      throw DomainError.rule('UNKNOWN_REGION', `region ${code} is not a division of the province`, [
        { field: 'regionCode', message: `unknown region ${code}` },
      ]);
    }
    if (!mayActIn(principal, code)) throw outsideScope(`region ${code}`, principal);
  }

  private async plan(manager: EntityManager, id: string): Promise<EmergencyPlanDto> {
    const row = await planById(manager, id);
    return toPlan(row);
  }

  private async drill(manager: EntityManager, id: string): Promise<DrillDto> {
    const row = await drillById(manager, id);
    return toDrill(row);
  }
}

function notFuture(date: string, field: string): void {
  if (date > shanghaiToday()) throw DomainError.rule('FUTURE_DATE', `${field} ${date} is in the future`, [{ field, message: 'must not be in the future' }]);
}

function toPlan(r: PlanRow): EmergencyPlanDto {
  return {
    id: r.id,
    regionCode: r.region_code,
    title: r.title,
    issuedOn: r.issued_on_text,
    summary: r.summary,
    drills: r.drills,
    createdAt: r.created_at.toISOString(),
  };
}

function toDrill(r: DrillRow): DrillDto {
  return {
    id: r.id,
    regionCode: r.region_code,
    planId: r.plan_id,
    title: r.title,
    heldOn: r.held_on_text,
    participants: r.participants,
    participantCount: r.participant_count,
    resources: r.resources,
    resourcesNote: r.resources_note,
    findings: r.findings,
    createdAt: r.created_at.toISOString(),
  };
}
