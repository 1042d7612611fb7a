import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import ExcelJS from 'exceljs';
import { DataSource, EntityManager, Repository } from 'typeorm';
import {
  type ClaimAuditDto,
  type ClaimDetailDto,
  type ClaimPageDto,
  type ClaimResponseDto,
  type ClaimStatus,
  type ClaimStatusChangedEvent,
  type ClaimTransitionRequest,
  type CreateClaimRequest,
  type Direction,
  DomainError,
  EventTypes,
  type FileReply,
  type ListClaimsRequest,
  type Principal,
  Role,
} from '@app/contracts';
import { paginate } from '@app/database';
import { AuditTrail, CreatedOnce, Outbox } from '@app/events';
import type { RequestMeta } from '@app/messaging';
import { regions } from '@app/regions';
import { rateFor } from '../programmes/programme.entity.js';
import { ProgrammesService } from '../programmes/programmes.service.js';
import { actingCounty, actor } from '../scope.js';
import { Claim } from './claim.entity.js';
import { canSeeCounty, claimAmount, mayAct, nextStatus } from './claims.rules.js';

interface DirectionItems {
  direction: Direction;
  reported: string;
  verified: string;
}

const PAST: Record<string, string> = { submit: 'submitted', review: 'reviewed', approve: 'approved', return: 'returned', pay: 'paid' };

@Injectable()
export class ClaimsService {
  constructor(
    @InjectRepository(Claim) private readonly claims: Repository<Claim>,
    private readonly programmes: ProgrammesService,
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
    private readonly once: CreatedOnce,
  ) {}

  /**
   * Files a draft claim: verified items of the period per direction, gross at the county's
   * rates, capped by the programme's average ceiling and the county's budget against every
   * other claim of the programme and county that is not returned. Claims of one programme
   * and county are computed one at a time (advisory lock), so two can't share headroom.
   */
  async create(input: CreateClaimRequest, meta: RequestMeta): Promise<ClaimResponseDto> {
    const p = actor(meta);
    const county = actingCounty(p, input.countyCode, 'county');
    const programme = await this.programmes.find(input.programmeId);
    if (!regions().has(county, 'county')) {
      throw DomainError.rule('UNKNOWN_COUNTY', `${county} is not a county of Shanxi`, [{ field: 'countyCode', message: 'not a county code' }]);
    }
    if (input.periodEnd < input.periodStart) {
      throw DomainError.rule('PERIOD_REVERSED', 'periodEnd is before periodStart', [{ field: 'periodEnd', message: 'must not be before periodStart' }]);
    }
    const year = String(programme.year);
    if (!input.periodStart.startsWith(year) || !input.periodEnd.startsWith(year)) {
      throw DomainError.rule('PERIOD_OUTSIDE_YEAR', `the period must lie in the programme year ${year}`, [{ field: 'periodStart', message: `must be in ${year}` }]);
    }
    const budget = programme.budgets.find((b) => b.countyCode === county);
    if (!budget) throw DomainError.rule('NO_BUDGET', `programme ${programme.name} has no budget for county ${county}`, [{ field: 'countyCode', message: 'no budget in this programme' }]);

    return this.dataSource.transaction(async (manager) => {
      const earlier = await this.once.earlier(manager, meta, 'claim.created');
      if (earlier) return toDto(await manager.findOneByOrFail(Claim, { id: earlier }));
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`claims:${programme.id}:${county}`]);
      const [overlap]: Array<{ id: string }> = await manager.query(
        `SELECT id FROM subsidies.claims WHERE programme_id = $1 AND county_code = $2 AND status <> 'returned'
           AND period_start <= $4 AND period_end >= $3 LIMIT 1`,
        [programme.id, county, input.periodStart, input.periodEnd],
      );
      if (overlap) throw DomainError.conflict('CLAIM_PERIOD_OVERLAP', `claim ${overlap.id} already covers part of this period`);
      const [prior]: Array<{ items: string; amount: string }> = await manager.query(
        `SELECT COALESCE(sum(items), 0) AS items, COALESCE(sum(amount_fen), 0) AS amount FROM subsidies.claims
         WHERE programme_id = $1 AND county_code = $2 AND status <> 'returned'`,
        [programme.id, county],
      );
      const byDirection = await this.directionItems(manager, county, input.periodStart, input.periodEnd, programme.directions);
      if (byDirection.every((d) => Number(d.reported) === 0)) {
        throw DomainError.rule('NOTHING_TO_CLAIM', `no counts are reported for ${county} between ${input.periodStart} and ${input.periodEnd}`);
      }
      const computed = claimAmount({
        lines: programme.directions.map((direction) => {
          const found = byDirection.find((d) => d.direction === direction);
          return { direction, rateFen: rateFor(programme, direction, county) ?? 0, reportedItems: Number(found?.reported ?? 0), items: Number(found?.verified ?? 0) };
        }),
        avgCeilingFen: programme.avgCeilingFen,
        prior: { items: Number(prior.items), amountFen: Number(prior.amount) },
        budgetFen: budget.amountFen,
      });
      const saved = await manager.save(
        this.claims.create({
          programmeId: programme.id,
          year: programme.year,
          countyCode: county,
          periodStart: input.periodStart,
          periodEnd: input.periodEnd,
          status: 'draft',
          reportedItems: computed.reportedItems,
          items: computed.items,
          grossFen: computed.grossFen,
          amountFen: computed.amountFen,
          avgFen: computed.avgFen,
          cappedBy: computed.cappedBy,
          avgCeilingFen: programme.avgCeilingFen,
          lines: computed.lines.map((l) => ({
            direction: l.direction,
            rateFen: l.rateFen,
            reportedItems: l.reportedItems,
            items: l.items,
            grossFen: l.grossFen,
            amountFen: l.amountFen,
          })),
          returnReason: null,
          createdBy: p.sub,
          orgId: p.orgId,
        }),
      );
      const dto = toDto(saved);
      await this.audit.record(
        manager,
        {
          action: 'claim.created',
          objectType: 'claim',
          objectId: saved.id,
          after: { ...dto, ceilingHeadroomFen: computed.ceilingHeadroomFen, budgetHeadroomFen: computed.budgetHeadroomFen },
        },
        meta,
      );
      await this.statusEvent(manager, saved, 'none', meta);
      await this.once.remember(manager, meta, 'claim.created', saved.id);
      return dto;
    });
  }

  /**
   * One workflow step. Order of refusals: a claim the principal cannot see is 404, a step
   * its role does not take is 403, a step the status does not allow is 422. Approval checks
   * that the verified items have not changed since the claim was computed (422 otherwise:
   * return it and file again) and locks the period's counts from then on.
   */
  async transition(input: ClaimTransitionRequest, meta: RequestMeta): Promise<ClaimResponseDto> {
    const p = actor(meta);
    return this.dataSource.transaction(async (manager) => {
      const claim = await manager.findOne(Claim, { where: { id: input.id }, lock: { mode: 'pessimistic_write' } });
      if (!claim || !canSeeCounty(p, claim.countyCode)) throw DomainError.notFound('claim');
      if (!mayAct(p, input.action, claim.status, claim.countyCode)) {
        throw DomainError.forbidden(`role ${p.role} (${p.regionCode}) may not ${input.action} a ${claim.status} claim of county ${claim.countyCode}`);
      }
      const to = nextStatus(claim.status, input.action);
      if (!to) throw DomainError.rule('ILLEGAL_TRANSITION', `a ${claim.status} claim cannot be ${PAST[input.action]}`);
      if (input.action === 'return' && !input.reason) {
        throw new DomainError(400, 'VALIDATION_FAILED', 'a returned claim needs a reason', [{ field: 'reason', message: 'give the reason' }]);
      }
      if (input.action === 'approve') {
        await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`counts:${claim.countyCode}`]);
        const programme = await this.programmes.find(claim.programmeId);
        const now = await this.directionItems(manager, claim.countyCode, claim.periodStart, claim.periodEnd, programme.directions);
        const verified = now.reduce((a, d) => a + Number(d.verified), 0);
        if (verified !== claim.items) {
          throw DomainError.rule('CLAIM_STALE', `the verified items of the period changed from ${claim.items} to ${verified} since the claim was filed; return it and file again`);
        }
      }
      const from = claim.status;
      claim.status = to;
      if (input.action === 'return') claim.returnReason = input.reason ?? null;
      const saved = await manager.save(claim);
      await this.audit.record(
        manager,
        {
          action: `claim.${PAST[input.action]}`,
          objectType: 'claim',
          objectId: claim.id,
          before: { status: from },
          after: { status: to, ...(input.reason ? { reason: input.reason } : {}) },
        },
        meta,
      );
      await this.statusEvent(manager, saved, from, meta);
      return toDto(saved);
    });
  }

  async get(id: string, meta: RequestMeta): Promise<ClaimDetailDto> {
    const claim = await this.visible(id, actor(meta));
    return { ...toDto(claim), audit: await this.trail(id) };
  }

  async list(query: ListClaimsRequest, p: Principal): Promise<ClaimPageDto> {
    const qb = this.claims.createQueryBuilder('c');
    const scope = p.role === Role.Admin || p.role === Role.Auditor ? '14' : p.regionCode;
    qb.where('c.county_code LIKE :scope', { scope: `${scope}%` });
    if (query.programmeId) qb.andWhere('c.programme_id = :programme', { programme: query.programmeId });
    if (query.countyCode) qb.andWhere('c.county_code = :county', { county: query.countyCode });
    if (query.status) qb.andWhere('c.status = :status', { status: query.status });
    const page = await paginate(qb, query);
    return { items: page.items.map(toDto), nextCursor: page.nextCursor };
  }

  /** The claim's statement (补助结算单) as an XLSX workbook: the claim, its lines and its audit trail. */
  async statement(id: string, meta: RequestMeta): Promise<FileReply> {
    const claim = await this.visible(id, actor(meta));
    const programme = await this.programmes.find(claim.programmeId);
    const trail = await this.trail(id);
    const book = new ExcelJS.Workbook();
    book.creator = 'express-delivery-platform';
    const sheet = book.addWorksheet('结算单 Statement');
    sheet.columns = [{ width: 34 }, { width: 22 }, { width: 18 }, { width: 18 }, { width: 16 }, { width: 16 }];
    const facts: Array<[string, string | number]> = [
      ['补助项目 Programme', programme.name],
      ['年度 Year', claim.year],
      ['县 County', `${claim.countyCode} ${regions().get(claim.countyCode)?.name ?? ''}`.trim()],
      ['期间 Period', `${claim.periodStart} – ${claim.periodEnd}`],
      ['状态 Status', claim.status],
      ['上报件数 Reported items', claim.reportedItems],
      ['核定件数 Verified items', claim.items],
      ['应补金额(分) Gross fen', claim.grossFen],
      ['核定金额(分) Amount fen', claim.amountFen],
      ['单件平均(分) Average fen', claim.avgFen],
      ['平均上限(分) Ceiling fen', claim.avgCeilingFen],
      ['封顶原因 Capped by', claim.cappedBy ?? '—'],
    ];
    for (const row of facts) sheet.addRow(row);
    sheet.addRow([]);
    sheet.addRow(['方向 Direction', '标准(分) Rate fen', '上报 Reported', '核定 Verified', '应补 Gross fen', '核定 Amount fen']).font = { bold: true };
    for (const l of claim.lines) sheet.addRow([l.direction, l.rateFen, l.reportedItems, l.items, l.grossFen, l.amountFen]);
    sheet.addRow([]);
    sheet.addRow(['时间 At', '操作 Action', '操作人 Actor', '角色 Role', '原因 Reason']).font = { bold: true };
    for (const a of trail) sheet.addRow([a.at, a.action, a.actor, a.role ?? '', (a.after as { reason?: string } | null)?.reason ?? '']);
    const buffer = Buffer.from(await book.xlsx.writeBuffer());
    return {
      filename: `claim-${claim.countyCode}-${claim.periodStart}-${claim.periodEnd}.xlsx`,
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      base64: buffer.toString('base64'),
    };
  }

  /** A claim the principal may see; any other answers 404. */
  private async visible(id: string, p: Principal): Promise<Claim> {
    const claim = await this.claims.findOneBy({ id });
    if (!claim || !canSeeCounty(p, claim.countyCode)) throw DomainError.notFound('claim');
    return claim;
  }

  private async trail(id: string): Promise<ClaimAuditDto[]> {
    const page = await this.audit.list({ objectType: 'claim', objectId: id, limit: 200 });
    return page.items.reverse().map((a) => ({
      at: a.at,
      actor: a.actor,
      role: a.role,
      orgId: a.orgId,
      action: a.action,
      before: a.before,
      after: a.after,
      correlationId: a.correlationId,
    }));
  }

  /**
   * Items per direction in the period: reported = the current version of every count;
   * verified = per date, brand and direction, the smaller of a count that passes the logic
   * checks and the waybills accepted for that county, date, direction and brand.
   */
  private directionItems(manager: EntityManager, county: string, from: string, to: string, directions: Direction[]): Promise<DirectionItems[]> {
    return manager.query(
      `WITH c AS (
         SELECT date, brand, direction, items, cardinality(logic_errors) = 0 AS ok FROM subsidies.parcel_counts
         WHERE county_code = $1 AND date BETWEEN $2 AND $3 AND superseded_at IS NULL AND direction = ANY($4)
       ), w AS (
         SELECT date, brand, direction, count(*) AS n FROM subsidies.waybills
         WHERE county_code = $1 AND date BETWEEN $2 AND $3 AND direction = ANY($4)
         GROUP BY date, brand, direction
       )
       SELECT c.direction, sum(c.items)::text AS reported,
              sum(CASE WHEN c.ok THEN LEAST(c.items, COALESCE(w.n, 0)) ELSE 0 END)::text AS verified
       FROM c LEFT JOIN w ON w.date = c.date AND w.brand = c.brand AND w.direction = c.direction
       GROUP BY c.direction`,
      [county, from, to, directions],
    );
  }

  private async statusEvent(manager: EntityManager, claim: Claim, from: ClaimStatus | 'none', meta: RequestMeta): Promise<void> {
    await this.outbox.add<ClaimStatusChangedEvent>(
      manager,
      EventTypes.claimStatusChanged,
      {
        claimId: claim.id,
        programmeId: claim.programmeId,
        year: claim.year,
        countyCode: claim.countyCode,
        from,
        to: claim.status,
        items: claim.items,
        amountFen: claim.amountFen,
        avgCeilingFen: claim.avgCeilingFen,
      },
      meta,
    );
  }
}

export function toDto(c: Claim): ClaimResponseDto {
  return {
    id: c.id,
    programmeId: c.programmeId,
    year: c.year,
    countyCode: c.countyCode,
    periodStart: c.periodStart,
    periodEnd: c.periodEnd,
    status: c.status,
    reportedItems: c.reportedItems,
    items: c.items,
    grossFen: c.grossFen,
    amountFen: c.amountFen,
    avgFen: c.avgFen,
    cappedBy: c.cappedBy,
    avgCeilingFen: c.avgCeilingFen,
    lines: c.lines,
    returnReason: c.returnReason,
    createdBy: c.createdBy,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

