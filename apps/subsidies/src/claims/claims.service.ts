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
  type ReconciliationCountyDto,
  type ReconciliationDto,
  type ReconciliationRequest,
  type Principal,
  regionScope,
} from '@app/contracts';
import { paginate } from '@app/database';
import { AuditTrail, CreatedOnce, Outbox } from '@app/events';
import { caller, type RequestMeta } from '@app/messaging';
import { regions } from '@app/regions';
import { ceilingBasis, rateFor } from '../programmes/programme.entity.js';
import { ProgrammesService } from '../programmes/programmes.service.js';
import { actingCounty } from '../scope.js';
import { COURIER_WAYBILLS } from '../waybills/courier-waybills.js';
import { Claim } from './claim.entity.js';
import { canSeeCounty, mayAct, nextStatus, PAST, type PriorClaims, stepRefusal } from './claims.rules.js';
import { type CountKey, fileClaim, type FilingProgramme, type KeyVerdict, verifyKey } from './verification.rules.js';

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
   * Files a draft claim: per count key of the period (date, brand, direction) the verified
   * items (verification.rules.ts; keys held by another claim that is not returned are left
   * out and named), gross at the county's rates, capped by the programme's average ceiling
   * and the county's budget against the committed (approved and paid) claims of the
   * programme and county. The claim holds the keys it took until it is returned. Claims of a
   * county are filed one at a time (advisory lock per county, then per programme and county).
   */
  async create(input: CreateClaimRequest, meta: RequestMeta): Promise<ClaimResponseDto> {
    const p = caller(meta);
    const county = actingCounty(p, input.countyCode, 'county');
    const programme = await this.programmes.find(input.programmeId);
    if (!regions().has(county, 'county')) {
      throw DomainError.rule('UNKNOWN_COUNTY', `${county} is not a county of the province`, [{ field: 'countyCode', message: 'not a county code' }]);
    }
    if (input.periodEnd < input.periodStart) {
      throw DomainError.rule('PERIOD_REVERSED', 'periodEnd is before periodStart', [{ field: 'periodEnd', message: 'must not be before periodStart' }]);
    }
    const year = String(programme.year);
    if (!input.periodStart.startsWith(year) || !input.periodEnd.startsWith(year)) {
      throw DomainError.rule('PERIOD_OUTSIDE_YEAR', `the period must lie in the programme year ${year}`, [
        { field: 'periodStart', message: `must be in ${year}` },
      ]);
    }
    const budget = programme.budgets.find((b) => b.countyCode === county);
    if (!budget)
      throw DomainError.rule('NO_BUDGET', `programme ${programme.name} has no budget for county ${county}`, [
        { field: 'countyCode', message: 'no budget in this programme' },
      ]);

    return this.dataSource.transaction(async (manager) => {
      const earlier = await this.once.earlier(manager, meta, 'claim.created');
      if (earlier) return toDto(await manager.findOneByOrFail(Claim, { id: earlier }));
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`claim-items:${county}`]);
      await this.lockMoney(manager, programme.id, county);
      const [overlap]: Array<{ id: string }> = await manager.query(
        `SELECT id FROM subsidies.claims WHERE programme_id = $1 AND county_code = $2 AND status <> 'returned'
           AND period_start <= $4 AND period_end >= $3 LIMIT 1`,
        [programme.id, county, input.periodStart, input.periodEnd],
      );
      if (overlap) throw DomainError.conflict('CLAIM_PERIOD_OVERLAP', `claim ${overlap.id} already covers part of this period`);
      const committed = await this.committed(manager, programme.id, county, null);
      const keys = await this.countKeys(manager, county, input.periodStart, input.periodEnd, programme.directions);
      if (keys.length === 0) {
        throw DomainError.rule('NOTHING_TO_CLAIM', `no counts are reported for ${county} between ${input.periodStart} and ${input.periodEnd}`);
      }
      const rates: FilingProgramme = { ...programme, rateFen: (direction) => rateFor(programme, direction, county) ?? 0 };
      const { verdicts, byDirection, computed } = fileClaim(keys, rates, committed, budget.amountFen);
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
          ceilingDocument: programme.ceilingDocument,
          ceilingClause: programme.ceilingClause,
          verification: programme.verification,
          lines: computed.lines.map((l, i) => ({
            direction: l.direction,
            rateFen: l.rateFen,
            reportedItems: l.reportedItems,
            items: l.items,
            grossFen: l.grossFen,
            amountFen: l.amountFen,
            shortfalls: byDirection[i].shortfalls,
          })),
          returnReason: null,
          voucherNo: null,
          paidOn: null,
          paidAmountFen: null,
          createdBy: p.sub,
          orgId: p.orgId,
        }),
      );
      await this.holdKeys(manager, saved, verdicts);
      const dto = toDto(saved);
      await this.audit.record(
        manager,
        {
          action: 'claim.created',
          objectType: 'claim',
          objectId: saved.id,
          after: { ...dto, committed, ceilingHeadroomFen: computed.ceilingHeadroomFen, budgetHeadroomFen: computed.budgetHeadroomFen },
        },
        meta,
      );
      await this.statusEvent(manager, saved, 'none', meta);
      await this.once.remember(manager, meta, 'claim.created', saved.id);
      return dto;
    });
  }

  /**
   * One workflow step, under the lock of the claim's programme and county. Order of
   * refusals: a claim the principal cannot see is 404, a step its role does not take is 403,
   * a step the status does not allow is 422. Submit refuses a claim that pays nothing (422
   * NOTHING_TO_PAY). Submit, review, approve and pay re-check the claim's amount against the
   * headroom the committed claims leave (422 HEADROOM_SHRUNK: return it and file again).
   * Approval also checks that the verified items of the counts the claim holds have not
   * changed since it was computed (422 CLAIM_STALE) and locks the period's counts from then on. Pay records the
   * voucher; its amount must be the approved amount (422 PAYMENT_AMOUNT_MISMATCH). Return
   * releases the count keys the claim held.
   */
  async transition(input: ClaimTransitionRequest, meta: RequestMeta): Promise<ClaimResponseDto> {
    const p = caller(meta);
    return this.dataSource.transaction(async (manager) => {
      const seen = await manager.findOneBy(Claim, { id: input.id });
      if (!seen || !canSeeCounty(p, seen.countyCode)) throw DomainError.notFound('claim');
      await this.lockMoney(manager, seen.programmeId, seen.countyCode);
      const claim = await manager.findOneOrFail(Claim, { where: { id: input.id }, lock: { mode: 'pessimistic_write' } });
      if (!mayAct(p, input.action, claim.status, claim.countyCode)) {
        throw DomainError.forbidden(`role ${p.role} (${p.regionCode}) may not ${input.action} a ${claim.status} claim of county ${claim.countyCode}`);
      }
      const programme = await this.programmes.find(claim.programmeId);
      if (input.action === 'approve' && nextStatus(claim.status, 'approve')) {
        await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`counts:${claim.countyCode}`]);
        const verified = (await this.heldKeys(manager, claim.id)).reduce((a, k) => a + verifyKey(k, claim.verification).verified, 0);
        if (verified !== claim.items) {
          throw DomainError.rule(
            'CLAIM_STALE',
            `the verified items of the claim's counts changed from ${claim.items} to ${verified} since it was filed; return it and file again`,
          );
        }
      }
      const refusal = stepRefusal(claim, input.action, {
        committed: await this.committed(manager, claim.programmeId, claim.countyCode, claim.id),
        budgetFen: programme.budgets.find((b) => b.countyCode === claim.countyCode)?.amountFen ?? 0,
        payment: input.payment,
        reason: input.reason,
      });
      if (refusal)
        throw new DomainError(refusal.status, refusal.code, refusal.detail, refusal.field ? [{ field: refusal.field, message: refusal.detail }] : undefined);
      const to = nextStatus(claim.status, input.action) as ClaimStatus;
      if (input.action === 'pay' && input.payment) {
        claim.voucherNo = input.payment.voucherNo;
        claim.paidOn = input.payment.paidOn;
        claim.paidAmountFen = input.payment.amountFen;
      }
      const from = claim.status;
      claim.status = to;
      if (input.action === 'return') {
        claim.returnReason = input.reason ?? null;
        await manager.query(`UPDATE subsidies.claim_items SET held = false WHERE claim_id = $1`, [claim.id]);
      }
      const saved = await manager.save(claim);
      await this.audit.record(
        manager,
        {
          action: `claim.${PAST[input.action]}`,
          objectType: 'claim',
          objectId: claim.id,
          before: { status: from },
          after: { status: to, ...(input.reason ? { reason: input.reason } : {}), ...(input.payment ? { payment: input.payment } : {}) },
        },
        meta,
      );
      await this.statusEvent(manager, saved, from, meta);
      return toDto(saved);
    });
  }

  /** Money of a programme and county moves one step at a time. */
  private async lockMoney(manager: EntityManager, programmeId: string, county: string): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`claims:${programmeId}:${county}`]);
  }

  /** Σ items and amounts of the approved and paid claims of a programme and county, other than `except`. */
  private async committed(manager: EntityManager, programmeId: string, county: string, except: string | null): Promise<PriorClaims> {
    const [row]: Array<{ items: string; amount: string }> = await manager.query(
      `SELECT COALESCE(sum(items), 0) AS items, COALESCE(sum(amount_fen), 0) AS amount FROM subsidies.claims
       WHERE programme_id = $1 AND county_code = $2 AND status IN ('approved', 'paid') AND id IS DISTINCT FROM $3`,
      [programmeId, county, except],
    );
    return { items: Number(row.items), amountFen: Number(row.amount) };
  }

  private async holdKeys(manager: EntityManager, claim: Claim, verdicts: KeyVerdict[]): Promise<void> {
    const taken = verdicts.filter((v) => v.taken);
    if (taken.length === 0) return;
    await manager.query(
      `INSERT INTO subsidies.claim_items (claim_id, county_code, date, brand, direction, reported, verified)
       SELECT $1, $2, date, brand, direction, reported, verified
       FROM unnest($3::date[], $4::text[], $5::text[], $6::int[], $7::int[]) AS t(date, brand, direction, reported, verified)`,
      [
        claim.id,
        claim.countyCode,
        taken.map((v) => v.key.date),
        taken.map((v) => v.key.brand),
        taken.map((v) => v.key.direction),
        taken.map((v) => v.key.items),
        taken.map((v) => v.verified),
      ],
    );
  }

  async get(id: string, meta: RequestMeta): Promise<ClaimDetailDto> {
    const claim = await this.visible(id, caller(meta));
    return { ...toDto(claim), audit: await this.trail(id) };
  }

  async list(query: ListClaimsRequest, p: Principal): Promise<ClaimPageDto> {
    const qb = this.claims.createQueryBuilder('c');
    const scope = regionScope(p);
    qb.where('c.county_code LIKE :scope', { scope: `${scope}%` });
    if (query.programmeId) qb.andWhere('c.programme_id = :programme', { programme: query.programmeId });
    if (query.countyCode) qb.andWhere('c.county_code = :county', { county: query.countyCode });
    if (query.status) qb.andWhere('c.status = :status', { status: query.status });
    const page = await paginate(qb, query);
    return { items: page.items.map(toDto), nextCursor: page.nextCursor };
  }

  /** The claim's statement (补助结算单) as an XLSX workbook: the claim, its lines and its audit trail. */
  async statement(id: string, meta: RequestMeta): Promise<FileReply> {
    const claim = await this.visible(id, caller(meta));
    const programme = await this.programmes.find(claim.programmeId);
    const trail = await this.trail(id);
    const book = new ExcelJS.Workbook();
    book.creator = 'express-delivery-platform';
    const sheet = book.addWorksheet('结算单 Statement');
    sheet.columns = [{ width: 34 }, { width: 22 }, { width: 18 }, { width: 18 }, { width: 16 }, { width: 16 }, { width: 40 }];
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
      ['上限依据 Ceiling basis', claim.ceilingDocument ? `${claim.ceilingDocument} ${claim.ceilingClause ?? ''}`.trim() : '—'],
      ['核定口径 Verification', claim.verification],
      ['封顶原因 Capped by', claim.cappedBy ?? '—'],
      ['拨付凭证 Voucher', claim.voucherNo ?? '—'],
      ['拨付日期 Paid on', claim.paidOn ?? '—'],
    ];
    for (const row of facts) sheet.addRow(row);
    sheet.addRow([]);
    sheet.addRow([
      '方向 Direction',
      '标准(分) Rate fen',
      '上报 Reported',
      '核定 Verified',
      '应补 Gross fen',
      '核定 Amount fen',
      '未核定原因 Not verified',
    ]).font = { bold: true };
    for (const l of claim.lines) {
      const why = (l.shortfalls ?? []).map((f) => `${f.reason} ${f.items}${f.claimIds ? ` (${f.claimIds.join(', ')})` : ''}`).join('; ');
      sheet.addRow([l.direction, l.rateFen, l.reportedItems, l.items, l.grossFen, l.amountFen, why]);
    }
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

  /**
   * Reconciliation (拨付对账) of a year's approved and paid claims in a region, per county with
   * the vouchers: JSON, or the same as CSV (one row per claim) or XLSX (claims and county
   * totals). Staff see their own region and below; a region outside it is 403.
   */
  async reconciliation(query: ReconciliationRequest, meta: RequestMeta): Promise<ReconciliationDto | FileReply> {
    const p = caller(meta);
    const scope = regionScope(p);
    const region = query.regionCode ?? scope;
    if (!region.startsWith(scope)) throw DomainError.forbidden(`region ${region} is outside your scope ${scope}`);
    const rows: ReconciliationRow[] = await this.dataSource.query(
      `SELECT c.id, c.programme_id, p.name AS programme_name, c.county_code, c.period_start::text AS period_start, c.period_end::text AS period_end,
              c.status, c.items::bigint::text AS items, c.amount_fen::text AS amount_fen, c.paid_amount_fen::text AS paid_amount_fen,
              c.voucher_no, c.paid_on::text AS paid_on
       FROM subsidies.claims c JOIN subsidies.programmes p ON p.id = c.programme_id
       WHERE c.year = $1 AND c.county_code LIKE $2 AND c.status IN ('approved', 'paid')
       ORDER BY c.county_code, c.period_start, c.id`,
      [query.year, `${region}%`],
    );
    const report = reconcile(query.year, region, rows, (code) => regions().get(code)?.name ?? '');
    const format = query.format ?? 'json';
    if (format === 'json') return report;
    const book = new ExcelJS.Workbook();
    book.creator = 'express-delivery-platform';
    const claims = book.addWorksheet('对账明细 Claims');
    claims.columns = RECONCILIATION_COLUMNS.map(([header, key]) => ({ header, key, width: 18 }));
    for (const county of report.counties) {
      for (const c of county.claims)
        claims.addRow({ ...c, countyCode: county.countyCode, countyName: county.countyName, unpaidFen: c.approvedFen - c.paidFen });
    }
    const base = `reconciliation-${query.year}-${region}`;
    if (format === 'csv') {
      const csv = Buffer.from(await book.csv.writeBuffer({ sheetName: claims.name }));
      return { filename: `${base}.csv`, contentType: 'text/csv; charset=utf-8', base64: Buffer.concat([Buffer.from('\ufeff'), csv]).toString('base64') };
    }
    const totals = book.addWorksheet('分县汇总 Counties');
    totals.columns = [
      { header: '县代码 County', key: 'countyCode', width: 12 },
      { header: '县名 Name', key: 'countyName', width: 14 },
      { header: '批准合计(分) Approved fen', key: 'approvedFen', width: 22 },
      { header: '已拨付(分) Paid fen', key: 'paidFen', width: 18 },
      { header: '未拨付(分) Unpaid fen', key: 'unpaidFen', width: 18 },
    ];
    for (const c of report.counties) totals.addRow(c);
    totals.addRow({ countyCode: '合计 Total', approvedFen: report.approvedFen, paidFen: report.paidFen, unpaidFen: report.unpaidFen });
    const buffer = Buffer.from(await book.xlsx.writeBuffer());
    return { filename: `${base}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', base64: buffer.toString('base64') };
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
   * The current counts of the county in the period, one per date, brand and direction, with
   * their logic errors, the waybills of the key uploaded by courier organisations, and the
   * claim that holds the key, if any.
   */
  private async countKeys(manager: EntityManager, county: string, from: string, to: string, directions: Direction[]): Promise<CountKey[]> {
    const rows: Array<{ date: string; brand: string; direction: Direction; items: number; logic_errors: string[]; waybills: number; held_by: string | null }> =
      await manager.query(
        `WITH c AS (
           SELECT date, brand, direction, items, logic_errors FROM subsidies.parcel_counts
           WHERE county_code = $1 AND date BETWEEN $2 AND $3 AND superseded_at IS NULL AND direction = ANY($4)
         ), w AS (
           SELECT w.date, w.brand, w.direction, count(*) AS n FROM ${COURIER_WAYBILLS} w
           WHERE w.county_code = $1 AND w.date BETWEEN $2 AND $3 AND w.direction = ANY($4)
           GROUP BY w.date, w.brand, w.direction
         )
         SELECT c.date::text AS date, c.brand, c.direction, c.items, c.logic_errors, COALESCE(w.n, 0)::int AS waybills, h.claim_id AS held_by
         FROM c
         LEFT JOIN w ON w.date = c.date AND w.brand = c.brand AND w.direction = c.direction
         LEFT JOIN subsidies.claim_items h ON h.held AND h.county_code = $1 AND h.date = c.date AND h.brand = c.brand AND h.direction = c.direction
         ORDER BY c.date, c.brand, c.direction`,
        [county, from, to, directions],
      );
    return rows.map((r) => ({
      date: r.date,
      brand: r.brand,
      direction: r.direction,
      items: r.items,
      logicErrors: r.logic_errors,
      courierWaybills: r.waybills,
      heldBy: r.held_by,
    }));
  }

  /** The count keys a claim holds, as they are now (a superseded count reads as its current version). */
  private async heldKeys(manager: EntityManager, claimId: string): Promise<CountKey[]> {
    const rows: Array<{ date: string; brand: string; direction: Direction; items: number | null; logic_errors: string[] | null; waybills: number }> =
      await manager.query(
        `SELECT h.date::text AS date, h.brand, h.direction, c.items, c.logic_errors,
              (SELECT count(*) FROM ${COURIER_WAYBILLS} w
               WHERE w.county_code = h.county_code AND w.date = h.date AND w.brand = h.brand AND w.direction = h.direction)::int AS waybills
       FROM subsidies.claim_items h
       LEFT JOIN subsidies.parcel_counts c ON c.county_code = h.county_code AND c.date = h.date AND c.brand = h.brand AND c.direction = h.direction
         AND c.superseded_at IS NULL
       WHERE h.claim_id = $1`,
        [claimId],
      );
    return rows.map((r) => ({
      date: r.date,
      brand: r.brand,
      direction: r.direction,
      items: r.items ?? 0,
      logicErrors: r.logic_errors ?? [],
      courierWaybills: r.waybills,
      heldBy: null,
    }));
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

function toDto(c: Claim): ClaimResponseDto {
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
    ceilingBasis: ceilingBasis(c),
    verification: c.verification,
    lines: c.lines.map((l) => ({ ...l, shortfalls: l.shortfalls ?? [] })),
    payment: c.voucherNo && c.paidOn && c.paidAmountFen !== null ? { voucherNo: c.voucherNo, paidOn: c.paidOn, amountFen: c.paidAmountFen } : null,
    returnReason: c.returnReason,
    createdBy: c.createdBy,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

interface ReconciliationRow {
  id: string;
  programme_id: string;
  programme_name: string;
  county_code: string;
  period_start: string;
  period_end: string;
  status: 'approved' | 'paid';
  items: string;
  amount_fen: string;
  paid_amount_fen: string | null;
  voucher_no: string | null;
  paid_on: string | null;
}

/** Columns of the reconciliation's claim rows (CSV and the XLSX's first sheet). */
const RECONCILIATION_COLUMNS: Array<[string, string]> = [
  ['县代码 County', 'countyCode'],
  ['县名 Name', 'countyName'],
  ['申请 Claim', 'claimId'],
  ['补助项目 Programme', 'programmeName'],
  ['起始 Period start', 'periodStart'],
  ['截止 Period end', 'periodEnd'],
  ['状态 Status', 'status'],
  ['核定件数 Items', 'items'],
  ['批准金额(分) Approved fen', 'approvedFen'],
  ['已拨付(分) Paid fen', 'paidFen'],
  ['未拨付(分) Unpaid fen', 'unpaidFen'],
  ['拨付凭证 Voucher', 'voucherNo'],
  ['拨付日期 Paid on', 'paidOn'],
];

/** Claims grouped by county (in the rows' order) with approved, paid and unpaid totals. */
export function reconcile(year: number, regionCode: string, rows: ReconciliationRow[], countyName: (code: string) => string): ReconciliationDto {
  const counties = new Map<string, ReconciliationCountyDto>();
  for (const r of rows) {
    let county = counties.get(r.county_code);
    if (!county)
      counties.set(
        r.county_code,
        (county = { countyCode: r.county_code, countyName: countyName(r.county_code), approvedFen: 0, paidFen: 0, unpaidFen: 0, claims: [] }),
      );
    const approvedFen = Number(r.amount_fen);
    const paidFen = r.status === 'paid' ? Number(r.paid_amount_fen ?? 0) : 0;
    county.claims.push({
      claimId: r.id,
      programmeId: r.programme_id,
      programmeName: r.programme_name,
      periodStart: r.period_start,
      periodEnd: r.period_end,
      status: r.status,
      items: Number(r.items),
      approvedFen,
      paidFen,
      voucherNo: r.voucher_no,
      paidOn: r.paid_on,
    });
    county.approvedFen += approvedFen;
    county.paidFen += paidFen;
    county.unpaidFen = county.approvedFen - county.paidFen;
  }
  const list = [...counties.values()];
  const approvedFen = list.reduce((a, c) => a + c.approvedFen, 0);
  const paidFen = list.reduce((a, c) => a + c.paidFen, 0);
  return { year, regionCode, approvedFen, paidFen, unpaidFen: approvedFen - paidFen, counties: list };
}
