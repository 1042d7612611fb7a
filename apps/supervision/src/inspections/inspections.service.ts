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
import { keysetPage } from '../common/keyset.js';
import { regionName, scopedRegion } from '../common/scope.js';
import { CreditService } from '../credit/credit.service.js';
import { KeySupervisionService } from '../rectifications/key-supervision.service.js';
import { Candidate, draw, DRAW_ALGORITHM, InsufficientInspectors, PoolInspector } from './draw.rules.js';

/** A candidate as the draw stores it: what the algorithm needs, plus what the result shows. */
interface StoredCandidate extends Candidate {
  name: string;
  enterpriseIds: string[];
}

interface DrawRow {
  id: string;
  target_kind: InspectionTargetKind;
  count: number;
  inspectors_per_target: number;
  seed: string;
  region_code: string;
  weighted: boolean;
  algorithm: string;
  candidates: StoredCandidate[];
  inspector_pool: PoolInspector[];
  source: DrawSource;
  source_ref: string | null;
  created_at: Date;
}

interface ItemRow {
  id: string;
  draw_id: string;
  position: number;
  target_id: string;
  target_name: string;
  region_code: string;
  enterprise_ids: string[];
  weight: number;
  inspector_ids: string[];
  outcome: 'pass' | 'fail' | null;
  findings: string | null;
  fine_fen: string | null;
  severity: Severity | null;
  recorded_at: Date | null;
}

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
      const [row]: Array<{ id: string; created_at: Date }> = await manager.query(
        `INSERT INTO supervision.inspectors (name, org_id, org_name, org_kind, region_code, conflict_keys, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, created_at`,
        [input.name, input.orgId, input.orgName, input.orgKind, input.regionCode, keys, meta.principal?.sub ?? 'system'],
      );
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

  listInspectors(query: ListInspectorsQuery): Promise<Page<InspectorDto>> {
    return keysetPage(
      this.dataSource,
      'supervision.inspectors',
      [],
      [],
      query,
      (r: { id: string; name: string; org_id: string; org_name: string; region_code: string; created_at: Date }) => ({
        id: r.id,
        name: r.name,
        orgId: r.org_id,
        orgName: r.org_name,
        regionCode: r.region_code,
        createdAt: r.created_at.toISOString(),
      }),
    );
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
    const pool: PoolInspector[] = (
      (await this.dataSource.query(`SELECT id, region_code, conflict_keys FROM supervision.inspectors`)) as Array<{
        id: string;
        region_code: string;
        conflict_keys: string[];
      }>
    ).map((r) => ({ id: r.id, regionCode: r.region_code, keys: r.conflict_keys }));
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
    const [row]: Array<{ id: string; created_at: Date }> = await manager.query(
      `INSERT INTO supervision.inspection_draws
         (target_kind, count, inspectors_per_target, seed, region_code, weighted, algorithm, candidates, inspector_pool, created_by, source, source_ref)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id, created_at`,
      [
        input.targetKind,
        count,
        input.inspectorsPerTarget,
        seed,
        region,
        weighted,
        DRAW_ALGORITHM,
        JSON.stringify(candidates),
        JSON.stringify(pool),
        meta.principal?.sub ?? 'system',
        input.source,
        input.sourceRef,
      ],
    );
    const items = drawn.map((d, i) => ({ ...d, position: i + 1, c: byId.get(d.targetId) as StoredCandidate }));
    await manager.query(
      `INSERT INTO supervision.inspection_items
         (draw_id, position, target_id, target_name, region_code, enterprise_ids, weight, inspector_ids, created_at)
       SELECT $1, position, target_id, target_name, region_code, ARRAY(SELECT jsonb_array_elements_text(enterprise_ids)), weight,
              ARRAY(SELECT jsonb_array_elements_text(inspector_ids))::uuid[], $2
       FROM unnest($3::int[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $8::float8[], $9::jsonb[])
            AS t(position, target_id, target_name, region_code, enterprise_ids, weight, inspector_ids)`,
      [
        row.id,
        row.created_at,
        items.map((i) => i.position),
        items.map((i) => i.targetId),
        items.map((i) => i.c.name),
        items.map((i) => i.c.regionCode),
        items.map((i) => JSON.stringify(i.c.enterpriseIds)),
        items.map((i) => i.c.weight),
        items.map((i) => JSON.stringify(i.inspectorIds)),
      ],
    );
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
    const [row]: DrawRow[] = await this.dataSource.query(`SELECT * FROM supervision.inspection_draws WHERE id = $1`, [id]);
    if (!row || !this.mayRead(principal, row.region_code)) throw DomainError.notFound('inspection draw');
    const [dto] = await this.toDtos([row]);
    return dto;
  }

  async listDraws(query: ListDrawsQuery, principal: Principal): Promise<Page<DrawDto>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (principal.role !== Role.Admin) where.push(`region_code LIKE $${params.push(`${principal.regionCode}%`)}`);
    const page = await keysetPage(this.dataSource, 'supervision.inspection_draws', where, params, query, (r: DrawRow) => r);
    return { items: await this.toDtos(page.items), nextCursor: page.nextCursor };
  }

  /** Re-runs the published algorithm on the stored candidate and inspector lists. */
  async verify(id: string, principal: Principal): Promise<DrawVerificationDto> {
    const [row]: DrawRow[] = await this.dataSource.query(`SELECT * FROM supervision.inspection_draws WHERE id = $1`, [id]);
    if (!row || !this.mayRead(principal, row.region_code)) throw DomainError.notFound('inspection draw');
    const items: ItemRow[] = await this.dataSource.query(
      `SELECT target_id, inspector_ids::text[] AS inspector_ids FROM supervision.inspection_items WHERE draw_id = $1 ORDER BY position`,
      [id],
    );
    const again = draw(row.seed, row.candidates, row.inspector_pool, row.count, row.inspectors_per_target);
    const stored = items.map((i) => ({ targetId: i.target_id, inspectorIds: i.inspector_ids }));
    return { drawId: id, seed: row.seed, reproducible: JSON.stringify(again) === JSON.stringify(stored) };
  }

  async recordResult(input: RecordResultMessage, principal: Principal, meta: RequestMeta): Promise<DrawDto> {
    await this.dataSource.transaction(async (manager) => {
      const [item]: Array<ItemRow & { draw_region: string; target_kind: string }> = await manager.query(
        `SELECT i.*, d.region_code AS draw_region, d.target_kind FROM supervision.inspection_items i
         JOIN supervision.inspection_draws d ON d.id = i.draw_id
         WHERE i.id = $1 AND i.draw_id = $2 FOR UPDATE OF i`,
        [input.itemId, input.drawId],
      );
      if (!item || !this.mayRead(principal, item.draw_region)) throw DomainError.notFound('inspection item');
      if (!mayActIn(principal, item.draw_region)) throw outsideScope(`the inspection draw of region ${item.draw_region}`, principal);
      if (item.recorded_at) throw DomainError.conflict('RESULT_RECORDED', 'the result of this inspection is already recorded');
      const fail = input.outcome === 'fail';
      await manager.query(
        `UPDATE supervision.inspection_items SET outcome = $2, findings = $3, fine_fen = $4, severity = $5,
           recorded_at = clock_timestamp(), recorded_by = $6 WHERE id = $1`,
        [item.id, input.outcome, input.findings ?? null, input.fineFen ?? 0, fail ? input.severity : null, meta.principal?.sub ?? 'system'],
      );
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
      const known: Array<{ id: string }> = await manager.query(`SELECT id FROM supervision.enterprises WHERE id::text = ANY($1::text[])`, [
        item.enterprise_ids,
      ]);
      for (const e of known) {
        await this.credit.add(
          manager,
          {
            enterpriseId: e.id,
            kind: 'inspection_finding',
            severity: input.severity as Severity,
            description: `双随机抽查（${item.target_name}）：${input.findings}`,
            occurredOn: shanghaiToday(),
            sourceId: item.id,
          },
          meta,
        );
      }
      await this.keySupervision.evaluate(
        manager,
        known.map((e) => e.id),
        meta,
      );
    });
    return this.getDraw(input.drawId, principal);
  }

  /** The public list (一公开): what was drawn and found, without inspector names or other personal data. */
  async publicList(query: PublicInspectionsQuery): Promise<Page<PublicInspectionDto>> {
    return keysetPage(
      this.dataSource,
      'supervision.inspection_items i JOIN supervision.inspection_draws d ON d.id = i.draw_id',
      [],
      [],
      query,
      (r: {
        id: string;
        draw_id: string;
        created_at: Date;
        seed: string;
        target_kind: InspectionTargetKind;
        target_name: string;
        region_code: string;
        outcome: string | null;
        findings: string | null;
        fine_fen: string | null;
      }) => ({
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
      }),
      'i.id, i.draw_id, i.created_at, d.seed, d.target_kind, i.target_name, i.region_code, i.outcome, i.findings, i.fine_fen',
      'i.',
    );
  }

  /** A draw of the caller's region or an enclosing one is visible; results are recorded only within the caller's region. */
  private mayRead(principal: Principal, region: string): boolean {
    return overlapsScope(principal, region);
  }

  private async toDtos(rows: DrawRow[]): Promise<DrawDto[]> {
    if (rows.length === 0) return [];
    const items: ItemRow[] = await this.dataSource.query(
      `SELECT id, draw_id, position, target_id, target_name, region_code, weight, inspector_ids::text[] AS inspector_ids,
              outcome, findings, fine_fen, severity, recorded_at
       FROM supervision.inspection_items WHERE draw_id = ANY($1::uuid[]) ORDER BY draw_id, position`,
      [rows.map((r) => r.id)],
    );
    const inspectorIds = [...new Set(items.flatMap((i) => i.inspector_ids))];
    const inspectors: Array<{ id: string; name: string; org_name: string }> = inspectorIds.length
      ? await this.dataSource.query(`SELECT id, name, org_name FROM supervision.inspectors WHERE id = ANY($1::uuid[])`, [inspectorIds])
      : [];
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
      const rows: Array<{ id: string; name: string; uscc: string; territory: string[] }> = await this.dataSource.query(
        `SELECT id, name, uscc, licence_territory AS territory FROM supervision.enterprises
         WHERE licence_revoked_at IS NULL AND $2::date BETWEEN licence_valid_from AND licence_valid_to
           AND EXISTS (SELECT 1 FROM unnest(licence_territory) t WHERE t LIKE $1 || '%' OR $1 LIKE t || '%')`,
        [region, shanghaiToday()],
      );
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
      const rows: Array<{
        id: string;
        name: string;
        kind: string;
        region_code: string;
        branch_uscc: string | null;
        enterprise_id: string;
        uscc: string;
        enterprise: string;
      }> = await this.dataSource.query(
        `SELECT b.id, b.name, b.kind, b.region_code, b.uscc AS branch_uscc, e.id AS enterprise_id, e.uscc, e.name AS enterprise
           FROM supervision.branches b JOIN supervision.enterprises e ON e.id = b.enterprise_id
           WHERE b.region_code LIKE $1 || '%' AND e.licence_revoked_at IS NULL AND e.licence_cancelled_at IS NULL
             AND $2::date BETWEEN e.licence_valid_from AND e.licence_valid_to`,
        [region, shanghaiToday()],
      );
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
      const rows: Array<{ outlet_id: string; kind: string; region_code: string; enterprise_ids: string[]; receipt_no: string | null }> =
        await this.dataSource.query(
          `SELECT outlet_id, kind, region_code, enterprise_ids, receipt_no FROM supervision.rm_outlets
         WHERE open AND filed_on IS NOT NULL AND region_code LIKE $1 || '%'`,
          [region],
        );
      const operators = [...new Set(rows.flatMap((r) => r.enterprise_ids))];
      const usccs: Array<{ id: string; uscc: string }> = operators.length
        ? await this.dataSource.query(`SELECT id::text AS id, uscc FROM supervision.enterprises WHERE id::text = ANY($1::text[])`, [operators])
        : [];
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
    const rows: Array<{ centre_id: string; county_code: string; org_id: string | null; late: string; days: string }> = await this.dataSource.query(
      `SELECT c.centre_id, c.county_code, c.org_id,
              count(d.date) FILTER (WHERE (d.first_reported_at AT TIME ZONE 'Asia/Shanghai')::date > d.date + 1) AS late,
              count(d.date) AS days
       FROM supervision.rm_centres c
       LEFT JOIN supervision.rm_centre_days d ON d.centre_id = c.centre_id AND d.date > $2::date - 365
       WHERE c.county_code LIKE $1 || '%' GROUP BY c.centre_id, c.county_code, c.org_id`,
      [region, shanghaiToday()],
    );
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
      enterpriseIds.length
        ? (this.dataSource.query(
            `SELECT enterprise_id::text AS enterprise_id, count(*)::int AS n FROM supervision.complaints
              WHERE enterprise_id::text = ANY($1::text[]) AND created_at > now() - make_interval(days => $2) GROUP BY enterprise_id`,
            [enterpriseIds, COMPLAINT_RISK_DAYS],
          ) as Promise<Array<{ enterprise_id: string; n: number }>>)
        : Promise.resolve([]),
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
