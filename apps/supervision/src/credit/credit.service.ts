import { ROOT_REGION } from '@app/contracts';
import { regionName } from '../common/scope.js';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  ActionItemDto,
  CreateCreditRecordRequest,
  CreateCreditSchemeRequest,
  CreditRecordRulesDto,
  CreditSchemeDto,
  CreditSchemeListDto,
  CreditCheckResponse,
  CreditRecordDto,
  CreditStandingDto,
  DomainError,
  JointDisciplineQuery,
  outsideScope,
  Page,
  Principal,
  Severity,
  shanghaiToday,
} from '@app/contracts';
import { decodeCursor, encodeCursor } from '@app/database';
import { AuditTrail } from '@app/events';
import type { RequestMeta } from '@app/messaging';
import { CreditScheme, creditStanding, schemeProblems } from './credit.rules.js';
import {
  allDisciplineCandidates,
  allSchemes,
  currentScheme,
  disciplineCandidates,
  enterprisesByIds,
  insertRecord,
  insertScheme,
  licenceHolder,
  type LicenceHolderRow,
  lockSchemes,
  type RecordRow,
  recordsOf,
  type SchemeRow,
} from './credit.queries.js';
import { mayActOnLicence } from '../enterprises/licence.rules.js';

const SCHEME_NOTE =
  '本平台的地方信用评分方案，由省级管理部门设定、按版本留存；种子文件（交法发〔2020〕79号等）要求依法依规开展信用监管并建立信用修复机制，未规定分值。';

/** Credit records per enterprise, the score (formula in credit.rules.ts) and the joint-discipline list. */
@Injectable()
export class CreditService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
  ) {}

  /** A violation record, by staff who may act on the enterprise's licence (mayActOnLicence). */
  async create(input: CreateCreditRecordRequest, principal: Principal, meta: RequestMeta): Promise<CreditRecordDto> {
    return this.dataSource.transaction(async (manager) => {
      const found = await licenceHolder(manager, input.enterpriseId);
      if (!found) throw DomainError.notFound('enterprise');
      mustActOnLicence(principal, found);
      return this.add(
        manager,
        {
          enterpriseId: input.enterpriseId,
          kind: 'violation',
          severity: input.severity,
          description: input.description,
          occurredOn: input.occurredOn,
          sourceId: null,
        },
        meta,
      );
    });
  }

  /** Adds a record in the caller's transaction (violations, inspection findings, revocations), audited. */
  async add(
    manager: EntityManager,
    record: { enterpriseId: string; kind: CreditRecordDto['kind']; severity: Severity; description: string; occurredOn: string; sourceId: string | null },
    meta: RequestMeta,
  ): Promise<CreditRecordDto> {
    const scheme = await this.current(manager);
    const row = await insertRecord(manager, {
      ...record,
      points: scheme.scheme.points[record.severity],
      createdBy: meta.principal?.sub ?? 'system',
      schemeVersion: scheme.version,
    });
    const dto = toRecord(row);
    await this.audit.record(manager, { action: 'credit.recorded', objectType: 'credit_record', objectId: dto.id, after: dto }, meta);
    return dto;
  }

  /**
   * A record an event creates only through the scheme's record rules (overdue order, late
   * filing, confirmed data fraud): none when the rule in force says `none`.
   */
  async fromRule(
    manager: EntityManager,
    rule: keyof CreditRecordRulesDto,
    record: { enterpriseIds: string[]; kind: 'overdue_order' | 'late_filing' | 'data_fraud'; description: string; sourceId: string },
    meta: RequestMeta,
  ): Promise<CreditRecordDto[]> {
    const severity = (await this.current(manager)).record_rules[rule];
    if (severity === 'none') return [];
    const out: CreditRecordDto[] = [];
    for (const enterpriseId of record.enterpriseIds) {
      out.push(
        await this.add(
          manager,
          { enterpriseId, kind: record.kind, severity, description: record.description, occurredOn: shanghaiToday(), sourceId: record.sourceId },
          meta,
        ),
      );
    }
    return out;
  }

  /** The scheme in force: the highest version. */
  current(manager: EntityManager | DataSource = this.dataSource): Promise<SchemeRow> {
    return currentScheme(manager);
  }

  async schemes(): Promise<CreditSchemeListDto> {
    const rows = await allSchemes(this.dataSource);
    return { items: rows.map(toScheme), note: SCHEME_NOTE };
  }

  /** The administration sets a new version (audited); records made before keep their points. */
  async createScheme(input: CreateCreditSchemeRequest, meta: RequestMeta): Promise<CreditSchemeDto> {
    const scheme: CreditScheme = {
      points: { minor: input.points.minor, serious: input.points.serious, grave: input.points.grave },
      fullDays: input.fullDays,
      halfDays: input.halfDays,
      halfWeight: input.halfWeight,
      levels: { A: input.levels.A, B: input.levels.B, C: input.levels.C },
      disciplineBelow: input.disciplineBelow,
    };
    const problems = schemeProblems(scheme);
    if (problems.length > 0) throw DomainError.rule('BAD_SCHEME', problems.join('; '));
    const rules: CreditRecordRulesDto = {
      overdueOrder: input.recordRules.overdueOrder,
      lateFiling: input.recordRules.lateFiling,
      dataFraud: input.recordRules.dataFraud,
    };
    return this.dataSource.transaction(async (manager) => {
      await lockSchemes(manager);
      const before = await this.current(manager);
      const row = await insertScheme(manager, {
        version: before.version + 1,
        scheme,
        recordRules: rules,
        reason: input.reason,
        createdBy: meta.principal?.sub ?? 'system',
      });
      const dto = toScheme(row);
      await this.audit.record(
        manager,
        { action: 'credit.scheme_set', objectType: 'credit_scheme', objectId: String(row.version), before: toScheme(before), after: dto },
        meta,
      );
      return dto;
    });
  }

  async standing(enterpriseId: string): Promise<CreditStandingDto> {
    const [standing] = await this.standings([enterpriseId]);
    if (!standing) throw DomainError.notFound('enterprise');
    return standing;
  }

  /** `supervision.credit.check`: the standing of up to 200 enterprises for another service. */
  async check(enterpriseIds: string[]): Promise<CreditCheckResponse> {
    const found = new Map((await this.standings(enterpriseIds)).map((s) => [s.enterpriseId, s]));
    return {
      items: enterpriseIds.map((id) => {
        const s = found.get(id);
        return s
          ? { enterpriseId: id, known: true, score: s.score, level: s.level, jointDiscipline: s.jointDiscipline, reasons: s.reasons }
          : { enterpriseId: id, known: false, score: null, level: null, jointDiscipline: false, reasons: [] };
      }),
    };
  }

  /** The joint-discipline list, newest enterprise first; a page may be shorter than its limit. */
  async jointDiscipline(query: JointDisciplineQuery): Promise<Page<CreditStandingDto>> {
    const limit = query.limit ?? 50;
    const { halfDays } = (await this.current()).scheme;
    const rows = await disciplineCandidates(this.dataSource, shanghaiToday(), halfDays, limit, query.cursor ? decodeCursor(query.cursor) : undefined);
    const page = rows.slice(0, limit);
    const standings = await this.standings(page.map((r) => r.id));
    const last = page[page.length - 1];
    return {
      items: standings.filter((s) => s.jointDiscipline),
      nextCursor: rows.length > limit && last ? encodeCursor(last.created_at, last.id) : null,
    };
  }

  async jointDisciplineCount(): Promise<number> {
    return (await this.allUnderDiscipline()).length;
  }

  async jointDisciplineSummary(limit: number): Promise<ActionItemDto[]> {
    return (await this.allUnderDiscipline()).slice(0, limit).map((s) => ({
      kind: 'joint_discipline',
      objectId: s.enterpriseId,
      regionCode: ROOT_REGION,
      regionName: regionName(ROOT_REGION),
      summary: `${s.name}（信用分 ${s.score}，${s.reasons.join('；')}）`,
      since: s.records[0]?.occurredOn ?? shanghaiToday(),
    }));
  }

  private async allUnderDiscipline(): Promise<CreditStandingDto[]> {
    const ids = await allDisciplineCandidates(this.dataSource, shanghaiToday(), (await this.current()).scheme.halfDays);
    return (await this.standings(ids)).filter((s) => s.jointDiscipline).sort((a, b) => a.score - b.score);
  }

  /** Standings of the given enterprises, in the order given; unknown ids are left out. */
  async standings(enterpriseIds: string[]): Promise<CreditStandingDto[]> {
    if (enterpriseIds.length === 0) return [];
    const [enterprises, records] = await Promise.all([enterprisesByIds(this.dataSource, enterpriseIds), recordsOf(this.dataSource, enterpriseIds)]);
    const today = shanghaiToday();
    const { scheme } = await this.current();
    const byId = new Map(enterprises.map((e) => [e.id, e]));
    return enterpriseIds.flatMap((id) => {
      const e = byId.get(id);
      if (!e) return [];
      const own = records.filter((r) => r.enterprise_id === id).map(toRecord);
      const standing = creditStanding(
        own.map((r) => ({ ...r, repaired: r.repairedAt !== null })),
        e.licence_revoked_at !== null,
        today,
        scheme,
      );
      return [{ enterpriseId: id, name: e.name, uscc: e.uscc, ...standing, records: own }];
    });
  }
}

/** Refuses (403) staff who may not act on the enterprise's licence (mayActOnLicence). */
export function mustActOnLicence(principal: Principal, holder: LicenceHolderRow): void {
  if (!mayActOnLicence(principal, { issuedBy: holder.licence_issued_by, territory: holder.licence_territory })) {
    throw outsideScope(`${holder.name} (licence issued by ${holder.licence_issued_by})`, principal);
  }
}

function toRecord(r: RecordRow): CreditRecordDto {
  return {
    id: r.id,
    enterpriseId: r.enterprise_id,
    kind: r.kind,
    severity: r.severity,
    points: r.points,
    description: r.description,
    occurredOn: r.occurred_on,
    sourceId: r.source_id,
    createdAt: r.created_at.toISOString(),
    schemeVersion: r.scheme_version,
    repairedAt: r.repaired_at?.toISOString() ?? null,
  };
}

function toScheme(r: SchemeRow): CreditSchemeDto {
  return { version: r.version, ...r.scheme, recordRules: r.record_rules, reason: r.reason, createdBy: r.created_by, createdAt: r.created_at.toISOString() };
}
