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
import { keysetPage } from '../common/keyset.js';

interface PlanRow {
  id: string;
  region_code: string;
  title: string;
  issued_on_text: string;
  summary: string;
  drills: number;
  created_at: Date;
}

interface DrillRow {
  id: string;
  region_code: string;
  plan_id: string | null;
  title: string;
  held_on_text: string;
  participants: string[];
  participant_count: number;
  resources: Array<{ id: string; kind: string; name: string }>;
  resources_note: string | null;
  findings: string;
  created_at: Date;
}

const PLANS = `(SELECT p.*, to_char(p.issued_on, 'YYYY-MM-DD') AS issued_on_text,
    (SELECT count(*)::int FROM supervision.emergency_drills d WHERE d.plan_id = p.id) AS drills
  FROM supervision.emergency_plans p) AS plans`;
const DRILLS = `(SELECT d.*, to_char(d.held_on, 'YYYY-MM-DD') AS held_on_text,
    coalesce((SELECT json_agg(json_build_object('id', r.id, 'kind', r.kind, 'name', r.name) ORDER BY r.name)
              FROM supervision.emergency_resources r WHERE r.id = ANY(d.resource_ids)), '[]'::json) AS resources
  FROM supervision.emergency_drills d) AS drills`;

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
      const [row]: Array<{ id: string }> = await manager.query(
        `INSERT INTO supervision.emergency_plans (region_code, title, issued_on, summary, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [input.regionCode, input.title, input.issuedOn, input.summary, principal.sub],
      );
      const dto = await this.plan(manager, row.id);
      await this.audit.record(manager, { action: 'emergency-plan.registered', objectType: 'emergency_plan', objectId: row.id, after: dto }, meta);
      await this.once.remember(manager, meta, 'emergency-plan.registered', row.id);
      return row.id;
    });
    return this.plan(this.dataSource.manager, id);
  }

  listPlans(query: ListEmergencyPlansQuery, principal: Principal): Promise<Page<EmergencyPlanDto>> {
    return keysetPage(this.dataSource, PLANS, ...this.regionFilter(query.regionCode, principal), query, toPlan);
  }

  async recordDrill(input: RecordDrillRequest, principal: Principal, meta: RequestMeta): Promise<DrillDto> {
    this.checkRegion(principal, input.regionCode);
    notFuture(input.heldOn, 'heldOn');
    const resourceIds = [...new Set(input.resourceIds ?? [])];
    const id = await this.dataSource.transaction(async (manager) => {
      const earlier = await this.once.earlier(manager, meta, 'emergency-drill.recorded');
      if (earlier) return earlier;
      if (input.planId) {
        const [plan]: Array<{ region_code: string }> = await manager.query(`SELECT region_code FROM supervision.emergency_plans WHERE id = $1`, [input.planId]);
        if (!plan) throw DomainError.notFound('emergency plan');
        if (!regionContains(plan.region_code, input.regionCode)) {
          throw DomainError.rule('UNKNOWN_REGION', `plan ${input.planId} covers ${plan.region_code}, not ${input.regionCode}`, [
            { field: 'planId', message: 'the plan must cover the drill’s region' },
          ]);
        }
      }
      if (resourceIds.length > 0) {
        const found: Array<{ id: string; region_code: string }> = await manager.query(
          `SELECT id, region_code FROM supervision.emergency_resources WHERE id = ANY($1::uuid[])`,
          [resourceIds],
        );
        const seen = new Set(found.filter((r) => mayActIn(principal, r.region_code) || regionContains(r.region_code, input.regionCode)).map((r) => r.id));
        const missing = resourceIds.filter((r) => !seen.has(r));
        if (missing.length > 0) {
          throw DomainError.rule('UNKNOWN_RESOURCE', `no registered emergency resource in reach: ${missing.join(', ')}`, [
            { field: 'resourceIds', message: 'each must be a resource of GET /emergency-resources in your region' },
          ]);
        }
      }
      const [row]: Array<{ id: string }> = await manager.query(
        `INSERT INTO supervision.emergency_drills
           (region_code, plan_id, title, held_on, participants, participant_count, resource_ids, resources_note, findings, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [
          input.regionCode,
          input.planId ?? null,
          input.title,
          input.heldOn,
          input.participants,
          input.participantCount,
          resourceIds,
          input.resourcesNote ?? null,
          input.findings,
          principal.sub,
        ],
      );
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
    return keysetPage(this.dataSource, DRILLS, where, params, query, toDrill);
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
    const [row]: PlanRow[] = await manager.query(`SELECT * FROM ${PLANS} WHERE id = $1`, [id]);
    return toPlan(row);
  }

  private async drill(manager: EntityManager, id: string): Promise<DrillDto> {
    const [row]: DrillRow[] = await manager.query(`SELECT * FROM ${DRILLS} WHERE id = $1`, [id]);
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
