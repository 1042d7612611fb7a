import { ROOT_REGION } from '@app/contracts';
import { regionName } from '../common/scope.js';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  ActionItemDto,
  CreateCreditRecordRequest,
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
import { encodeCursor } from '@app/database';
import { AuditTrail } from '@app/events';
import type { RequestMeta } from '@app/messaging';
import { creditStanding, SEVERITY_POINTS } from './credit.rules.js';
import { mayActOnLicence } from '../enterprises/licence.rules.js';
import { decodeCursor } from '../common/keyset.js';

interface RecordRow {
  id: string;
  enterprise_id: string;
  kind: CreditRecordDto['kind'];
  severity: Severity;
  points: number;
  description: string;
  occurred_on: string;
  source_id: string | null;
  created_at: Date;
}

interface EnterpriseRow {
  id: string;
  name: string;
  uscc: string;
  licence_revoked_at: Date | null;
  created_at: Date;
}

/** Enterprises that can be under joint discipline: revoked, or with a record that still counts. */
const CANDIDATES = `(e.licence_revoked_at IS NOT NULL OR EXISTS (
  SELECT 1 FROM supervision.credit_records r WHERE r.enterprise_id = e.id AND r.occurred_on > $1::date - 730))`;

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
      const [found]: Array<{ name: string; licence_issued_by: string; licence_territory: string[] }> = await manager.query(
        `SELECT name, licence_issued_by, licence_territory FROM supervision.enterprises WHERE id = $1`,
        [input.enterpriseId],
      );
      if (!found) throw DomainError.notFound('enterprise');
      if (!mayActOnLicence(principal, { issuedBy: found.licence_issued_by, territory: found.licence_territory })) {
        throw outsideScope(`${found.name} (licence issued by ${found.licence_issued_by})`, principal);
      }
      return this.add(manager, { enterpriseId: input.enterpriseId, kind: 'violation', severity: input.severity, description: input.description, occurredOn: input.occurredOn, sourceId: null }, meta);
    });
  }

  /** Adds a record in the caller's transaction (violations, inspection findings, revocations), audited. */
  async add(
    manager: EntityManager,
    record: { enterpriseId: string; kind: CreditRecordDto['kind']; severity: Severity; description: string; occurredOn: string; sourceId: string | null },
    meta: RequestMeta,
  ): Promise<CreditRecordDto> {
    const [row]: RecordRow[] = await manager.query(
      `INSERT INTO supervision.credit_records (enterprise_id, kind, severity, points, description, occurred_on, source_id, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       RETURNING id, enterprise_id, kind, severity, points, description, to_char(occurred_on, 'YYYY-MM-DD') AS occurred_on, source_id, created_at`,
      [record.enterpriseId, record.kind, record.severity, SEVERITY_POINTS[record.severity], record.description, record.occurredOn, record.sourceId, meta.principal?.sub ?? 'system'],
    );
    const dto = toRecord(row);
    await this.audit.record(manager, { action: 'credit.recorded', objectType: 'credit_record', objectId: dto.id, after: dto }, meta);
    return dto;
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
    const params: unknown[] = [shanghaiToday()];
    let cursor = '';
    if (query.cursor) {
      params.push(...decodeCursor(query.cursor));
      cursor = `AND (e.created_at, e.id) < ($2::timestamptz, $3::uuid)`;
    }
    const rows: EnterpriseRow[] = await this.dataSource.query(
      `SELECT e.id, e.name, e.uscc, e.licence_revoked_at, e.created_at FROM supervision.enterprises e
       WHERE ${CANDIDATES} ${cursor} ORDER BY e.created_at DESC, e.id DESC LIMIT ${limit + 1}`,
      params,
    );
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
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT e.id FROM supervision.enterprises e WHERE ${CANDIDATES} ORDER BY e.created_at DESC, e.id DESC`,
      [shanghaiToday()],
    );
    return (await this.standings(rows.map((r) => r.id))).filter((s) => s.jointDiscipline).sort((a, b) => a.score - b.score);
  }

  /** Standings of the given enterprises, in the order given; unknown ids are left out. */
  async standings(enterpriseIds: string[]): Promise<CreditStandingDto[]> {
    if (enterpriseIds.length === 0) return [];
    const [enterprises, records]: [EnterpriseRow[], RecordRow[]] = await Promise.all([
      this.dataSource.query(`SELECT id, name, uscc, licence_revoked_at, created_at FROM supervision.enterprises WHERE id = ANY($1::uuid[])`, [enterpriseIds]),
      this.dataSource.query(
        `SELECT id, enterprise_id, kind, severity, points, description, to_char(occurred_on, 'YYYY-MM-DD') AS occurred_on, source_id, created_at
         FROM supervision.credit_records WHERE enterprise_id = ANY($1::uuid[]) ORDER BY occurred_on DESC, created_at DESC`,
        [enterpriseIds],
      ),
    ]);
    const today = shanghaiToday();
    const byId = new Map(enterprises.map((e) => [e.id, e]));
    return enterpriseIds.flatMap((id) => {
      const e = byId.get(id);
      if (!e) return [];
      const own = records.filter((r) => r.enterprise_id === id).map(toRecord);
      const standing = creditStanding(own, e.licence_revoked_at !== null, today);
      return [{ enterpriseId: id, name: e.name, uscc: e.uscc, ...standing, records: own }];
    });
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
  };
}
