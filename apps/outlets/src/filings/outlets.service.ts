import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Repository } from 'typeorm';
import {
  DomainError,
  EventTypes,
  FileOutletMessage,
  ListOutletsRequest,
  OUTLET_KIND_NAMES,
  OutletChangeMessage,
  OutletClosureMessage,
  OutletDecisionMessage,
  OutletDetailDto,
  OutletEvent,
  OutletNoticeMessage,
  OutletReceiptDto,
  OutletResponseDto,
  OverdueFilingDto,
  OverdueFilingsRequest,
  Page,
  Principal,
  Role,
  shanghaiToday,
} from '@app/contracts';
import { paginate } from '@app/database';
import { AuditTrail, CreatedOnce, Outbox } from '@app/events';
import type { RequestMeta } from '@app/messaging';
import { regions } from '@app/regions';
import { OutletsConfig } from '../outlets.definition.js';
import { LicenceGate } from '../supervision/licence.gate.js';
import { DuplicatesService } from '../duplicates/duplicates.service.js';
import { renderReceiptPdf } from '../receipts/receipt.pdf.js';
import { Outlet } from './outlet.entity.js';
import { Filing, Particulars } from './filing.entity.js';
import { daysOverdue, filingDates, receiptNumber } from './filing.rules.js';
import { branchServes, particularsProblems, regionParts } from './outlet.rules.js';
import { canSee, scopeOutlets } from './scope.js';
import { applyParticulars, outletEvent, particularsOf, toDetail, toResponse } from './outlet.mapping.js';

/** An outlet that is operating or about to: it can change, close and be counted. */
function isOpen(outlet: Outlet): boolean {
  return outlet.status === 'submitted' || outlet.status === 'filed';
}

@Injectable()
export class OutletsService {
  constructor(
    @InjectRepository(Outlet) private readonly outlets: Repository<Outlet>,
    @InjectRepository(Filing) private readonly filings: Repository<Filing>,
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
    private readonly licences: LicenceGate,
    private readonly duplicates: DuplicatesService,
    @Inject(OutletsConfig) private readonly config: OutletsConfig,
    private readonly once: CreatedOnce,
  ) {}

  /** A first filing (备案申请): checked, licence verified with supervision, then submitted. */
  async file(input: FileOutletMessage, principal: Principal, meta: RequestMeta): Promise<OutletDetailDto> {
    const today = shanghaiToday();
    const openedOn = input.openedOn ?? today;
    const particulars: Particulars = {
      kind: input.kind,
      name: input.name,
      enterpriseId: input.enterpriseId,
      enterpriseName: '',
      sharedEnterpriseIds: input.sharedEnterpriseIds ?? [],
      regionCode: input.regionCode,
      address: input.address,
      location: { lat: input.location.lat, lng: input.location.lng },
      openingHours: input.openingHours ?? null,
      personInCharge: input.personInCharge ?? null,
      compartments: input.compartments ?? null,
      branchId: input.branchId ?? null,
    };
    checkParticulars(particulars);
    const acting = principal.role === Role.Courier ? (input.actingUscc ?? null) : undefined;
    const operator = await this.licences.verify(particulars, today, meta, acting);
    if (input.branchId) {
      const branch = await this.licences.branch(input.branchId, input.enterpriseId, meta);
      if (!branchServes(branch.regionCode, input.regionCode)) {
        throw DomainError.rule(
          'BRANCH_OUTSIDE_REGION',
          `${branch.name} (${branch.regionCode}) runs outlets in its own city; the outlet lies in ${input.regionCode}`,
          [{ field: 'branchId', message: "the outlet's region lies outside the branch's city" }],
        );
      }
    }
    particulars.enterpriseName = operator.name;

    return this.dataSource.transaction(async (manager) => {
      const earlier = await this.once.earlier(manager, meta, 'outlet.submitted');
      if (earlier) return this.get(earlier, principal);
      const outlet = manager.create(Outlet, {
        ownerOrgId: principal.orgId,
        openedOn,
        status: 'submitted',
        receiptNo: null,
        version: 1,
        pendingVersion: 1,
        filedOn: null,
        closedOn: null,
        createdBy: principal.sub,
      });
      applyParticulars(outlet, particulars);
      await manager.save(outlet);
      const filing = await manager.save(
        manager.create(Filing, {
          outletId: outlet.id,
          version: 1,
          type: 'initial',
          status: 'submitted',
          particulars,
          effectiveOn: openedOn,
          operatorCredit: operator.credit,
          submittedOn: today,
          ...filingDates('initial', openedOn, today),
          missingItems: [],
          submittedBy: principal.sub,
        }),
      );
      const flagged = (await this.duplicates.detect(manager, outlet)) > 0;
      const detail = toDetail(outlet, flagged, [filing]);
      await this.audit.record(manager, { action: 'outlet.submitted', objectType: 'outlet', objectId: outlet.id, after: detail }, meta);
      await this.once.remember(manager, meta, 'outlet.submitted', outlet.id);
      return detail;
    });
  }

  async list(query: ListOutletsRequest, principal: Principal): Promise<Page<OutletResponseDto>> {
    const qb = this.outlets.createQueryBuilder('o');
    scopeOutlets(qb, 'o', principal);
    if (query.regionCode) qb.andWhere('o.region_code LIKE :region', { region: `${query.regionCode}%` });
    if (query.kind) qb.andWhere('o.kind = :kind', { kind: query.kind });
    if (query.status) qb.andWhere('o.status = :status', { status: query.status });
    if (query.enterpriseId) qb.andWhere('o.enterprise_id = :enterpriseId', { enterpriseId: query.enterpriseId });
    const page = await paginate(qb, query);
    const flagged = await this.duplicates.flagged(page.items.map((o) => o.id));
    return { items: page.items.map((o) => toResponse(o, flagged.has(o.id))), nextCursor: page.nextCursor };
  }

  async get(id: string, principal: Principal): Promise<OutletDetailDto> {
    const outlet = await this.visible(id, principal);
    const [filings, flagged] = await Promise.all([this.filings.findBy({ outletId: id }), this.duplicates.flagged([id])]);
    return toDetail(outlet, flagged.has(id), filings);
  }

  /**
   * Accept (予以备案) or reject (不予备案) the filing awaiting decision. Accepting re-checks
   * the licences on the decision date; the first acceptance allocates the receipt number.
   */
  async decide(input: OutletDecisionMessage, principal: Principal, meta: RequestMeta): Promise<OutletDetailDto> {
    const today = shanghaiToday();
    const outlet = await this.visible(input.id, principal);
    const pending = await this.pendingFiling(outlet);
    if (input.decision === 'reject' && !input.reason) {
      throw DomainError.rule('REASON_REQUIRED', 'a rejection needs a reason', [{ field: 'reason', message: 'say why the filing is refused' }]);
    }
    if (input.decision === 'accept') await this.licences.verify(pending.particulars, today, meta);

    return this.dataSource.transaction(async (manager) => {
      const locked = await this.lock(manager, outlet.id);
      const filing = await manager.findOneBy(Filing, { id: pending.id });
      if (!filing || filing.status !== 'submitted' || locked.pendingVersion !== filing.version) {
        throw DomainError.conflict('FILING_CHANGED', 'the filing changed while it was being decided; load it again');
      }
      const before = toResponse(locked, false);
      filing.decidedOn = today;
      filing.decidedBy = principal.sub;
      filing.reason = input.reason ?? null;
      locked.pendingVersion = null;
      let event: { type: string; data: OutletEvent } | null = null;
      if (input.decision === 'accept') {
        filing.status = 'accepted';
        applyParticulars(locked, filing.particulars);
        locked.version = filing.version;
        const first = !locked.receiptNo;
        if (first) {
          locked.receiptNo = await allocateReceiptNo(manager, locked.countyCode, Number(today.slice(0, 4)));
          locked.filedOn = today;
        }
        locked.status = 'filed';
        event = first
          ? { type: EventTypes.outletFiled, data: outletEvent(locked, today) }
          : { type: EventTypes.outletChanged, data: outletEvent(locked, filing.effectiveOn) };
      } else {
        filing.status = 'rejected';
        if (locked.status === 'submitted') {
          locked.status = 'rejected';
          event = { type: EventTypes.outletRejected, data: outletEvent(locked, today) };
        }
      }
      await manager.save(filing);
      await manager.save(locked);
      if (input.decision === 'accept') await this.duplicates.detect(manager, locked);
      const detail = await this.detail(manager, locked);
      await this.audit.record(
        manager,
        { action: `outlet.${input.decision === 'accept' ? 'accepted' : 'rejected'}`, objectType: 'outlet', objectId: locked.id, before, after: detail },
        meta,
      );
      if (event) await this.outbox.add(manager, event.type, event.data, meta);
      return detail;
    });
  }

  /** The one-time notice of missing material (一次性告知补正) on the filing awaiting decision. */
  async notify(input: OutletNoticeMessage, principal: Principal, meta: RequestMeta): Promise<OutletDetailDto> {
    const today = shanghaiToday();
    const outlet = await this.visible(input.id, principal);
    const pending = await this.pendingFiling(outlet);
    return this.dataSource.transaction(async (manager) => {
      const locked = await this.lock(manager, outlet.id);
      const filing = await manager.findOneBy(Filing, { id: pending.id });
      if (!filing || filing.status !== 'submitted') {
        throw DomainError.conflict('FILING_CHANGED', 'the filing changed meanwhile; load it again');
      }
      if (filing.noticeOn) {
        throw DomainError.conflict('NOTICE_ALREADY_GIVEN', `missing material was already named on ${filing.noticeOn}; a notice is given once`);
      }
      filing.noticeOn = today;
      filing.missingItems = input.missingItems;
      await manager.save(filing);
      await this.audit.record(
        manager,
        {
          action: 'outlet.notice_given',
          objectType: 'outlet',
          objectId: locked.id,
          after: { version: filing.version, missingItems: filing.missingItems, noticeOn: today, late: today > (filing.noticeDueOn ?? today) },
        },
        meta,
      );
      return this.detail(manager, locked);
    });
  }

  /**
   * A change filing (变更备案). On a filed outlet it awaits decision while the filed
   * particulars stay in force; before filing (or after a rejection) it replaces the pending
   * particulars and goes back to the administration. A filing still awaiting decision is
   * superseded. The operator and the township stay the same.
   */
  async change(input: OutletChangeMessage, principal: Principal, meta: RequestMeta): Promise<OutletDetailDto> {
    const today = shanghaiToday();
    const changedOn = input.changedOn ?? today;
    if (changedOn > today) throw futureDate('changedOn');
    const outlet = await this.visible(input.id, principal);
    if (!['submitted', 'filed', 'rejected'].includes(outlet.status)) throw notOpen(outlet);
    const pending = outlet.pendingVersion ? await this.filings.findOneBy({ outletId: outlet.id, version: outlet.pendingVersion }) : null;
    const base = pending ? pending.particulars : particularsOf(outlet);
    const changed = changesOf(input);
    if (Object.keys(changed).length === 0) {
      throw DomainError.rule('NOTHING_CHANGED', 'a change filing must change at least one particular');
    }
    const particulars: Particulars = { ...base, ...changed };
    if (regionParts(particulars.regionCode).townshipCode !== outlet.townshipCode) {
      throw DomainError.rule('TOWNSHIP_CHANGED', 'an outlet that moves to another township is filed anew and the old one closed', [
        { field: 'regionCode', message: `must lie in township ${outlet.townshipCode}` },
      ]);
    }
    checkParticulars(particulars);
    const operator = await this.licences.verify(particulars, today, meta);

    return this.dataSource.transaction(async (manager) => {
      const locked = await this.lock(manager, outlet.id);
      if (locked.version !== outlet.version || locked.pendingVersion !== outlet.pendingVersion) {
        throw DomainError.conflict('FILING_CHANGED', 'the outlet changed meanwhile; load it again');
      }
      const before = toResponse(locked, false);
      const version = await this.supersedePending(manager, locked);
      await manager.save(
        manager.create(Filing, {
          outletId: locked.id,
          version,
          type: 'change',
          status: 'submitted',
          particulars,
          effectiveOn: changedOn,
          operatorCredit: operator.credit,
          submittedOn: today,
          ...filingDates('change', changedOn, today),
          missingItems: [],
          submittedBy: principal.sub,
        }),
      );
      locked.pendingVersion = version;
      if (locked.status !== 'filed') {
        applyParticulars(locked, particulars);
        locked.version = version;
        locked.status = 'submitted';
      }
      await manager.save(locked);
      if (locked.status !== 'filed') await this.duplicates.detect(manager, locked);
      const detail = await this.detail(manager, locked);
      await this.audit.record(manager, { action: 'outlet.change_submitted', objectType: 'outlet', objectId: locked.id, before, after: detail }, meta);
      return detail;
    });
  }

  /** Closure (注销): takes effect when filed; a filing awaiting decision is superseded. */
  async close(input: OutletClosureMessage, principal: Principal, meta: RequestMeta): Promise<OutletDetailDto> {
    const today = shanghaiToday();
    const closedOn = input.closedOn ?? today;
    if (closedOn > today) throw futureDate('closedOn');
    const outlet = await this.visible(input.id, principal);
    if (!isOpen(outlet)) throw notOpen(outlet);
    if (closedOn < outlet.openedOn) {
      throw DomainError.rule('CLOSED_BEFORE_OPENING', `the outlet opened on ${outlet.openedOn}`, [
        { field: 'closedOn', message: `must not be before ${outlet.openedOn}` },
      ]);
    }
    return this.dataSource.transaction(async (manager) => {
      const locked = await this.lock(manager, outlet.id);
      if (!isOpen(locked)) throw notOpen(locked);
      const before = toResponse(locked, false);
      const version = await this.supersedePending(manager, locked);
      await manager.save(
        manager.create(Filing, {
          outletId: locked.id,
          version,
          type: 'closure',
          status: 'accepted',
          particulars: particularsOf(locked),
          effectiveOn: closedOn,
          submittedOn: today,
          ...filingDates('closure', closedOn, today),
          missingItems: [],
          decidedOn: today,
          decidedBy: principal.sub,
          reason: input.reason,
          submittedBy: principal.sub,
        }),
      );
      locked.status = 'closed';
      locked.closedOn = closedOn;
      locked.version = version;
      locked.pendingVersion = null;
      await manager.save(locked);
      const detail = await this.detail(manager, locked);
      await this.audit.record(manager, { action: 'outlet.closed', objectType: 'outlet', objectId: locked.id, before, after: detail }, meta);
      await this.outbox.add<OutletEvent>(manager, EventTypes.outletClosed, outletEvent(locked, closedOn), meta);
      return detail;
    });
  }

  /** Filings past a statutory date: decisions overdue, or filings the operator made late. */
  async overdue(query: OverdueFilingsRequest, principal: Principal): Promise<Page<OverdueFilingDto>> {
    const asOf = query.asOf ?? shanghaiToday();
    const type = query.type ?? 'decision';
    const qb = this.filings.createQueryBuilder('f').innerJoin(Outlet, 'o', 'o.id = f.outlet_id');
    if (type === 'decision') qb.where(`f.status = 'submitted' AND f.decision_due_on < :asOf`, { asOf });
    else qb.where('f.late');
    scopeOutlets(qb, 'o', principal);
    if (query.regionCode) qb.andWhere('o.region_code LIKE :region', { region: `${query.regionCode}%` });
    const page = await paginate(qb, query);
    const outlets = new Map((await this.outlets.findBy({ id: In(page.items.map((f) => f.outletId)) })).map((o) => [o.id, o]));
    return {
      items: page.items.map((f) => {
        const o = outlets.get(f.outletId) as Outlet;
        const dueOn = type === 'decision' ? (f.decisionDueOn as string) : f.dueOn;
        return {
          outletId: o.id,
          outletName: f.particulars.name,
          regionCode: o.regionCode,
          version: f.version,
          type: f.type,
          status: f.status,
          submittedOn: f.submittedOn,
          dueOn,
          daysOverdue: daysOverdue(dueOn, type === 'decision' ? asOf : f.submittedOn),
        };
      }),
      nextCursor: page.nextCursor,
    };
  }

  /** The filing receipt (备案回执) as a PDF, for an outlet that holds a receipt number. */
  async receipt(id: string, principal: Principal): Promise<OutletReceiptDto> {
    const outlet = await this.visible(id, principal);
    if (!outlet.receiptNo) {
      throw DomainError.conflict('NOT_FILED', `the outlet is ${outlet.status}; a receipt exists once it is filed`);
    }
    const index = regions();
    const path = index.path(outlet.regionCode);
    const city = path.find((r) => r.level === 'city');
    const c = outlet.compartments;
    const lines = [
      { label: '备案编号', value: outlet.receiptNo },
      { label: '网点名称', value: outlet.name },
      { label: '网点类型', value: OUTLET_KIND_NAMES[outlet.kind] },
      { label: '开办主体', value: outlet.enterpriseName },
      ...(outlet.sharedEnterpriseIds.length > 0 ? [{ label: '共用企业', value: `${outlet.sharedEnterpriseIds.length} 家` }] : []),
      { label: '所在地区', value: path.map((r) => r.name).join(' ') },
      { label: '详细地址', value: outlet.address },
      { label: '经纬度', value: `${outlet.lat.toFixed(6)}, ${outlet.lng.toFixed(6)}` },
      ...(outlet.openingHours ? [{ label: '营业时间', value: outlet.openingHours }] : []),
      ...(outlet.personInCharge ? [{ label: '负责人', value: outlet.personInCharge }] : []),
      ...(c ? [{ label: '格口数', value: `小 ${c.small} 个，中 ${c.medium} 个，大 ${c.large} 个` }] : []),
      { label: '开办日期', value: outlet.openedOn },
      { label: '备案日期', value: outlet.filedOn ?? '' },
      { label: '备案版本', value: `第 ${outlet.version} 版` },
    ];
    const remark =
      outlet.status === 'closed'
        ? `该网点已于 ${outlet.closedOn} 注销。`
        : outlet.status === 'lapsed'
          ? `开办主体的快递业务经营许可已被撤销，该网点备案自 ${outlet.closedOn} 起失效。`
          : null;
    const pdf = await renderReceiptPdf(
      {
        receiptNo: outlet.receiptNo,
        lines,
        authority: `${city?.name ?? '山西省'}邮政管理局`,
        issuedOn: shanghaiToday(),
        remark,
      },
      this.config.OUTLETS_RECEIPT_FONT,
    );
    return { filename: `${outlet.receiptNo}.pdf`, contentBase64: pdf.toString('base64') };
  }

  /** The outlet when the principal may see it; otherwise 404, as for one that does not exist. */
  async visible(id: string, principal: Principal): Promise<Outlet> {
    const outlet = await this.outlets.findOneBy({ id });
    if (!outlet || !canSee(outlet, principal)) throw DomainError.notFound('outlet');
    return outlet;
  }

  private async pendingFiling(outlet: Outlet): Promise<Filing> {
    const pending = outlet.pendingVersion ? await this.filings.findOneBy({ outletId: outlet.id, version: outlet.pendingVersion }) : null;
    if (!pending || pending.status !== 'submitted') {
      throw DomainError.conflict('NO_PENDING_FILING', `the outlet (${outlet.status}) has no filing awaiting decision`);
    }
    return pending;
  }

  private async lock(manager: EntityManager, id: string): Promise<Outlet> {
    const outlet = await manager.findOne(Outlet, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!outlet) throw DomainError.notFound('outlet');
    return outlet;
  }

  /** Marks a filing awaiting decision superseded; returns the next version number. */
  private async supersedePending(manager: EntityManager, outlet: Outlet): Promise<number> {
    await manager.update(Filing, { outletId: outlet.id, status: 'submitted' }, { status: 'superseded' });
    const [{ max }]: Array<{ max: number }> = await manager.query(`SELECT max(version)::int AS max FROM outlets.filings WHERE outlet_id = $1`, [outlet.id]);
    return max + 1;
  }

  private async detail(manager: EntityManager, outlet: Outlet): Promise<OutletDetailDto> {
    const filings = await manager.findBy(Filing, { outletId: outlet.id });
    const [{ flagged }]: Array<{ flagged: boolean }> = await manager.query(
      `SELECT EXISTS (SELECT 1 FROM outlets.duplicate_flags WHERE status = 'open' AND (outlet_id = $1 OR other_outlet_id = $1)) AS flagged`,
      [outlet.id],
    );
    return toDetail(outlet, flagged, filings);
  }
}

/**
 * The next receipt number of a county and year. The counter row is locked until the
 * transaction ends, so numbers run without gaps: a rolled-back filing gives its number back.
 */
async function allocateReceiptNo(manager: EntityManager, countyCode: string, year: number): Promise<string> {
  const [{ last_no }]: Array<{ last_no: number }> = await manager.query(
    `INSERT INTO outlets.receipt_sequences (county_code, year, last_no) VALUES ($1, $2, 1)
     ON CONFLICT (county_code, year) DO UPDATE SET last_no = outlets.receipt_sequences.last_no + 1
     RETURNING last_no`,
    [countyCode, year],
  );
  return receiptNumber(countyCode, year, last_no);
}

function checkParticulars(p: Particulars): void {
  const problems = particularsProblems(p, regions());
  if (problems.length > 0) {
    throw DomainError.rule('INVALID_PARTICULARS', `the outlet cannot be filed: ${problems.map((e) => e.message).join('; ')}`, problems);
  }
}

function changesOf(input: OutletChangeMessage): Partial<Particulars> {
  const changed: Partial<Particulars> = {};
  if (input.kind !== undefined) changed.kind = input.kind;
  if (input.name !== undefined) changed.name = input.name;
  if (input.sharedEnterpriseIds !== undefined) changed.sharedEnterpriseIds = input.sharedEnterpriseIds;
  if (input.regionCode !== undefined) changed.regionCode = input.regionCode;
  if (input.address !== undefined) changed.address = input.address;
  if (input.location !== undefined) changed.location = { lat: input.location.lat, lng: input.location.lng };
  if (input.openingHours !== undefined) changed.openingHours = input.openingHours;
  if (input.personInCharge !== undefined) changed.personInCharge = input.personInCharge;
  if (input.compartments !== undefined) changed.compartments = input.compartments;
  return changed;
}

function notOpen(outlet: Outlet): DomainError {
  return DomainError.conflict('OUTLET_NOT_OPEN', `the outlet is ${outlet.status}`);
}

function futureDate(field: string): DomainError {
  return DomainError.rule('DATE_IN_FUTURE', `${field} lies in the future`, [{ field, message: 'must not be after today (Asia/Shanghai)' }]);
}
