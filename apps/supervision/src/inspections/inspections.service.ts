import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  CreateDrawRequest,
  CreateInspectorMessage,
  DomainError,
  DrawDto,
  type DrawSource,
  DrawVerificationDto,
  InspectionTargetKind,
  InspectorDto,
  ListDrawsQuery,
  ListInspectorsQuery,
  mayActIn,
  outsideScope,
  overlapsScope,
  Page,
  Principal,
  PublicInspectionDto,
  PublicInspectionsQuery,
  RecordResultMessage,
  Role,
  Severity,
  shanghaiToday,
} from '@app/contracts';
import { AuditTrail } from '@app/events';
import type { RequestMeta } from '@app/messaging';
import { regions } from '@app/regions';
import { COMPLAINT_RISK_DAYS, complaintRiskWeight } from '../licensing/complaints.rules.js';
import { regionName, scopedRegion } from '../common/scope.js';
import { CreditService } from '../credit/credit.service.js';
import { KeySupervisionService } from '../rectifications/key-supervision.service.js';
import { draw, DRAW_ALGORITHM, InsufficientInspectors } from './draw.rules.js';
import {
  centresWithLateDays,
  type DrawRow,
  drawById,
  drawnItems,
  filedOutletsIn,
  insertDraw,
  insertInspector,
  insertItems,
  inspectorPool,
  inspectorsByIds,
  itemsOf,
  knownEnterprises,
  licensedBranchesIn,
  licensedEnterprisesIn,
  listDraws,
  listInspectors,
  lockItem,
  publicItems,
  recentComplaints,
  recordItemResult,
  type StoredCandidate,
  usccsOf,
} from './inspections.queries.js';

const OUTLET_KINDS: Record<string, string> = {
  terminal_outlet: '快递末端网点',
  smart_locker: '智能快件箱',
  public_service_station: '快递公共服务站',
  village_post_station: '村邮站',
  village_service_point: '村级综合服务点',
};

/** Extra draw weight of a listed enterprise: a listed unit is three times as likely as a clean one. */
const KEY_SUPERVISION_RISK = 2;

/** 双随机、一公开: the inspector pool, reproducible draws, results and their public list. */
@Injectable()
export class InspectionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
    private readonly credit: CreditService,
    private readonly keySupervision: KeySupervisionService,
  ) {}

  async createInspector(input: CreateInspectorMessage, meta: RequestMeta): Promise<InspectorDto> {
    if (!regions().has(input.regionCode)) {
      throw DomainError.rule('UNKNOWN_REGION', `region ${input.regionCode} is not a division of the province`, [
        { field: 'regionCode', message: 'unknown region' },
      ]);
    }
    const keys = [`org:${input.orgId}`];
    if (input.orgUscc) keys.push(`uscc:${input.orgUscc}`);
    if (input.orgKind === 'county_centre') keys.push(`centre-county:${input.orgRegionCode}`);
    return this.dataSource.transaction(async (manager) => {
      const row = await insertInspector(manager, {
        name: input.name,
        orgId: input.orgId,
        orgName: input.orgName,
        orgKind: input.orgKind,
        regionCode: input.regionCode,
        conflictKeys: keys,
        createdBy: meta.principal?.sub ?? 'system',
      });
      const dto: InspectorDto = {
        id: row.id,
        name: input.name,
        orgId: input.orgId,
        orgName: input.orgName,
        regionCode: input.regionCode,
        createdAt: row.created_at.toISOString(),
      };
      await this.audit.record(manager, { action: 'inspector.registered', objectType: 'inspector', objectId: row.id, after: dto }, meta);
      return dto;
    });
  }

  async listInspectors(query: ListInspectorsQuery): Promise<Page<InspectorDto>> {
    const page = await listInspectors(this.dataSource, query);
    return {
      items: page.items.map((r) => ({
        id: r.id,
        name: r.name,
        orgId: r.org_id,
        orgName: r.org_name,
        regionCode: r.region_code,
        createdAt: r.created_at.toISOString(),
      })),
      nextCursor: page.nextCursor,
    };
  }

  async createDraw(input: CreateDrawRequest, principal: Principal, meta: RequestMeta): Promise<DrawDto> {
    const region = scopedRegion(principal, input.regionCode);
    const weighted = input.weighted ?? false;
    const seed = input.seed ?? randomBytes(16).toString('hex');
    const candidates = await this.candidates(input.targetKind, region, weighted);
    if (candidates.length === 0) {
      throw DomainError.rule('NO_CANDIDATES', `the ${input.targetKind} registry has no candidate in region ${region}`);
    }
    const id = await this.dataSource.transaction((manager) =>
      this.store(
        manager,
        {
          targetKind: input.targetKind,
          count: input.count,
          inspectorsPerTarget: input.inspectorsPerTarget,
          seed,
          region,
          weighted,
          source: 'random',
          sourceRef: null,
        },
        candidates,
        meta,
      ),
    );
    return this.getDraw(id, principal);
  }

  /**
   * An inspection of one named enterprise, branch or outlet prompted by a complaint from the
   * public (举报核查), in the caller's transaction: not a random draw of targets, but its
   * inspectors are drawn by the same published algorithm (jurisdiction, conflicts of
   * interest, seed kept), and its result is recorded like a draw's. The target must be in its
   * registry for the region (a valid licence, a filed open outlet); 422 NOT_INSPECTABLE otherwise.
   */
  async openForComplaint(
    manager: EntityManager,
    input: { targetKind: InspectionTargetKind; targetId: string; region: string; inspectorsPerTarget: number; complaintNo: string },
    meta: RequestMeta,
  ): Promise<string> {
    const target = (await this.candidates(input.targetKind, input.region, false)).find((c) => c.id === input.targetId);
    if (!target) {
      throw DomainError.rule('NOT_INSPECTABLE', `${input.targetKind} ${input.targetId} is not in the ${input.targetKind} registry of region ${input.region}`, [
        { field: 'subjectId', message: 'a registered enterprise with a valid licence, a branch of one, or a filed open outlet of the region' },
      ]);
    }
    return this.store(
      manager,
      {
        targetKind: input.targetKind,
        count: 1,
        inspectorsPerTarget: input.inspectorsPerTarget,
        seed: randomBytes(16).toString('hex'),
        region: input.region,
        weighted: false,
        source: 'complaint',
        sourceRef: input.complaintNo,
      },
      [target],
      meta,
    );
  }

  /** Draws inspectors (and targets) by the published algorithm and stores the draw, its items and the audit record. */
  private async store(
    manager: EntityManager,
    input: {
      targetKind: InspectionTargetKind;
      count: number;
      inspectorsPerTarget: number;
      seed: string;
      region: string;
      weighted: boolean;
      source: DrawSource;
      sourceRef: string | null;
    },
    candidates: StoredCandidate[],
    meta: RequestMeta,
  ): Promise<string> {
    const { seed, region, weighted } = input;
    const pool = await inspectorPool(this.dataSource);
    const count = Math.min(input.count, candidates.length);
    let drawn;
    try {
      drawn = draw(seed, candidates, pool, count, input.inspectorsPerTarget);
    } catch (err) {
      if (!(err instanceof InsufficientInspectors)) throw err;
      const target = candidates.find((c) => c.id === err.targetId);
      throw DomainError.rule(
        'INSUFFICIENT_INSPECTORS',
        `only ${err.eligible} inspectors may inspect ${target?.name ?? err.targetId} (jurisdiction and conflicts of interest); ${input.inspectorsPerTarget} needed`,
      );
    }
    const byId = new Map(candidates.map((c) => [c.id, c]));
    const row = await insertDraw(manager, {
      targetKind: input.targetKind,
      count,
      inspectorsPerTarget: input.inspectorsPerTarget,
      seed,
      regionCode: region,
      weighted,
      algorithm: DRAW_ALGORITHM,
      candidates,
      pool,
      createdBy: meta.principal?.sub ?? 'system',
      source: input.source,
      sourceRef: input.sourceRef,
    });
    const items = drawn.map((d, i) => ({ ...d, position: i + 1, c: byId.get(d.targetId) as StoredCandidate }));
    await insertItems(manager, row.id, row.created_at, items);
    await this.audit.record(
      manager,
      {
        action: 'inspection.drawn',
        objectType: 'inspection_draw',
        objectId: row.id,
        after: { targetKind: input.targetKind, seed, region, weighted, count, drawn, source: input.source, sourceRef: input.sourceRef },
      },
      meta,
    );
    return row.id;
  }

  async getDraw(id: string, principal: Principal): Promise<DrawDto> {
    const row = await drawById(this.dataSource, id);
    if (!row || !this.mayRead(principal, row.region_code)) throw DomainError.notFound('inspection draw');
    const [dto] = await this.toDtos([row]);
    return dto;
  }

  async listDraws(query: ListDrawsQuery, principal: Principal): Promise<Page<DrawDto>> {
    const page = await listDraws(this.dataSource, query, principal.role === Role.Admin ? null : principal.regionCode);
    return { items: await this.toDtos(page.items), nextCursor: page.nextCursor };
  }

  /** Re-runs the published algorithm on the stored candidate and inspector lists. */
  async verify(id: string, principal: Principal): Promise<DrawVerificationDto> {
    const row = await drawById(this.dataSource, id);
    if (!row || !this.mayRead(principal, row.region_code)) throw DomainError.notFound('inspection draw');
    const items = await drawnItems(this.dataSource, id);
    const again = draw(row.seed, row.candidates, row.inspector_pool, row.count, row.inspectors_per_target);
    const stored = items.map((i) => ({ targetId: i.target_id, inspectorIds: i.inspector_ids }));
    return { drawId: id, seed: row.seed, reproducible: JSON.stringify(again) === JSON.stringify(stored) };
  }

  async recordResult(input: RecordResultMessage, principal: Principal, meta: RequestMeta): Promise<DrawDto> {
    await this.dataSource.transaction(async (manager) => {
      const item = await lockItem(manager, input.itemId, input.drawId);
      if (!item || !this.mayRead(principal, item.draw_region)) throw DomainError.notFound('inspection item');
      if (!mayActIn(principal, item.draw_region)) throw outsideScope(`the inspection draw of region ${item.draw_region}`, principal);
      if (item.recorded_at) throw DomainError.conflict('RESULT_RECORDED', 'the result of this inspection is already recorded');
      const fail = input.outcome === 'fail';
      await recordItemResult(manager, item.id, {
        outcome: input.outcome,
        findings: input.findings ?? null,
        fineFen: input.fineFen ?? 0,
        severity: fail ? (input.severity ?? null) : null,
        recordedBy: meta.principal?.sub ?? 'system',
      });
      await this.audit.record(
        manager,
        {
          action: 'inspection.result_recorded',
          objectType: 'inspection_item',
          objectId: item.id,
          after: { outcome: input.outcome, findings: input.findings ?? null, fineFen: input.fineFen ?? 0, severity: input.severity ?? null },
        },
        meta,
      );
      if (!fail) return;
      const known = await knownEnterprises(manager, item.enterprise_ids);
      for (const enterpriseId of known) {
        await this.credit.add(
          manager,
          {
            enterpriseId,
            kind: 'inspection_finding',
            severity: input.severity as Severity,
            description: `双随机抽查（${item.target_name}）：${input.findings}`,
            occurredOn: shanghaiToday(),
            sourceId: item.id,
          },
          meta,
        );
      }
      await this.keySupervision.evaluate(manager, known, meta);
    });
    return this.getDraw(input.drawId, principal);
  }

  /** The public list (一公开): what was drawn and found, without inspector names or other personal data. */
  async publicList(query: PublicInspectionsQuery): Promise<Page<PublicInspectionDto>> {
    const page = await publicItems(this.dataSource, query);
    return {
      items: page.items.map((r) => ({
        id: r.id,
        drawId: r.draw_id,
        drawnAt: r.created_at.toISOString(),
        seed: r.seed,
        targetKind: r.target_kind,
        targetName: r.target_name,
        regionCode: r.region_code,
        regionName: regionName(r.region_code),
        outcome: r.outcome,
        findings: r.findings,
        fineFen: r.fine_fen === null ? null : Number(r.fine_fen),
      })),
      nextCursor: page.nextCursor,
    };
  }

  /** A draw of the caller's region or an enclosing one is visible; results are recorded only within the caller's region. */
  private mayRead(principal: Principal, region: string): boolean {
    return overlapsScope(principal, region);
  }

  private async toDtos(rows: DrawRow[]): Promise<DrawDto[]> {
    if (rows.length === 0) return [];
    const items = await itemsOf(
      this.dataSource,
      rows.map((r) => r.id),
    );
    const inspectors = await inspectorsByIds(this.dataSource, [...new Set(items.flatMap((i) => i.inspector_ids))]);
    const inspector = new Map(inspectors.map((i) => [i.id, { id: i.id, name: i.name, orgName: i.org_name }]));
    return rows.map((r) => ({
      id: r.id,
      targetKind: r.target_kind,
      count: r.count,
      inspectorsPerTarget: r.inspectors_per_target,
      seed: r.seed,
      regionCode: r.region_code,
      weighted: r.weighted,
      algorithm: r.algorithm,
      source: r.source,
      sourceRef: r.source_ref,
      candidates: r.candidates.length,
      inspectorPool: r.inspector_pool.length,
      drawnAt: r.created_at.toISOString(),
      items: items
        .filter((i) => i.draw_id === r.id)
        .map((i) => ({
          id: i.id,
          position: i.position,
          targetId: i.target_id,
          targetName: i.target_name,
          regionCode: i.region_code,
          weight: i.weight,
          inspectors: i.inspector_ids.map((id) => inspector.get(id) ?? { id, name: '', orgName: '' }),
          result: i.recorded_at
            ? {
                outcome: i.outcome as 'pass' | 'fail',
                findings: i.findings,
                fineFen: Number(i.fine_fen ?? 0),
                severity: i.severity,
                recordedAt: i.recorded_at.toISOString(),
              }
            : null,
        })),
    }));
  }

  /** The registry to draw from (检查对象名录库), in a region, with risk weights when asked. */
  private async candidates(kind: InspectionTargetKind, region: string, weighted: boolean): Promise<StoredCandidate[]> {
    if (kind === 'enterprise') {
      const rows = await licensedEnterprisesIn(this.dataSource, region, shanghaiToday());
      const risk = weighted ? await this.creditRisk(rows.map((r) => r.id)) : new Map<string, number>();
      return rows.map((r) => {
        const t = r.territory.find((code) => code.startsWith(region) || region.startsWith(code)) as string;
        return {
          id: r.id,
          name: r.name,
          regionCode: t.length >= region.length ? t : region,
          weight: 1 + (risk.get(r.id) ?? 0),
          keys: [`enterprise:${r.id}`, `uscc:${r.uscc}`],
          enterpriseIds: [r.id],
        };
      });
    }
    if (kind === 'branch') {
      const rows = await licensedBranchesIn(this.dataSource, region, shanghaiToday());
      const risk = weighted ? await this.creditRisk([...new Set(rows.map((r) => r.enterprise_id))]) : new Map<string, number>();
      return rows.map((r) => ({
        id: r.id,
        name: `${r.name}（${r.kind === 'branch' ? '分支机构' : '营业部'}，${r.enterprise}）`,
        regionCode: r.region_code,
        weight: 1 + (risk.get(r.enterprise_id) ?? 0),
        keys: [`enterprise:${r.enterprise_id}`, `uscc:${r.uscc}`, ...(r.branch_uscc ? [`uscc:${r.branch_uscc}`] : [])],
        enterpriseIds: [r.enterprise_id],
      }));
    }
    if (kind === 'outlet') {
      const rows = await filedOutletsIn(this.dataSource, region);
      const usccs = await usccsOf(this.dataSource, [...new Set(rows.flatMap((r) => r.enterprise_ids))]);
      const usccOf = new Map(usccs.map((u) => [u.id, u.uscc]));
      const risk = weighted ? await this.creditRisk(usccs.map((u) => u.id)) : new Map<string, number>();
      return rows.map((r) => ({
        id: r.outlet_id,
        name: `${OUTLET_KINDS[r.kind] ?? r.kind} ${r.receipt_no ?? r.outlet_id}（${regionName(r.region_code.slice(0, 9))}）`,
        regionCode: r.region_code,
        weight: 1 + Math.max(0, ...r.enterprise_ids.map((e) => risk.get(e) ?? 0)),
        keys: [...r.enterprise_ids.map((e) => `enterprise:${e}`), ...r.enterprise_ids.flatMap((e) => (usccOf.has(e) ? [`uscc:${usccOf.get(e)}`] : []))],
        enterpriseIds: r.enterprise_ids,
      }));
    }
    const rows = await centresWithLateDays(this.dataSource, region, shanghaiToday());
    return rows.map((r) => ({
      id: r.centre_id,
      name: `${regionName(r.county_code)}县级寄递物流中心`,
      regionCode: r.county_code,
      weight: weighted && Number(r.days) > 0 ? 1 + 4 * (Number(r.late) / Number(r.days)) : 1,
      keys: [`centre-county:${r.county_code}`, ...(r.org_id ? [`org:${r.org_id}`] : [])],
      enterpriseIds: [],
    }));
  }

  /**
   * Risk from credit: (100 − score) ÷ 20, so a score of 60 triples an enterprise's chance;
   * an enterprise on the key-supervision list (重点监管名录) adds KEY_SUPERVISION_RISK, and
   * complaints from the public about it in the last year complaintRiskWeight.
   */
  private async creditRisk(enterpriseIds: string[]): Promise<Map<string, number>> {
    const [standings, listed, complaints] = await Promise.all([
      this.credit.standings(enterpriseIds),
      this.keySupervision.listedNow(enterpriseIds),
      recentComplaints(this.dataSource, enterpriseIds, COMPLAINT_RISK_DAYS),
    ]);
    const complained = new Map(complaints.map((c) => [c.enterprise_id, complaintRiskWeight(c.n)]));
    return new Map(
      standings.map((s) => [
        s.enterpriseId,
        (100 - s.score) / 20 + (listed.has(s.enterpriseId) ? KEY_SUPERVISION_RISK : 0) + (complained.get(s.enterpriseId) ?? 0),
      ]),
    );
  }
}
