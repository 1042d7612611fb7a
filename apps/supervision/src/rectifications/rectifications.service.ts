import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  ActionItemDto,
  CreateRectificationRequest,
  DomainError,
  EventTypes,
  ListRectificationsMessage,
  mayActIn,
  outsideScope,
  overlapsScope,
  Page,
  Principal,
  RectificationAttachment,
  RectificationChangedEvent,
  RectificationDecisionMessage,
  RectificationDto,
  RectificationIdMessage,
  RectificationStatus,
  RectificationSubjectType,
  regionScope,
  RespondRectificationMessage,
  Role,
  Severity,
  shanghaiToday,
} from '@app/contracts';
import { AuditTrail, CreatedOnce, Outbox } from '@app/events';
import type { RequestMeta } from '@app/messaging';
import { keysetPage } from '../common/keyset.js';
import { regionName, scopedRegion } from '../common/scope.js';
import { closedOnTime, isOverdue, nextStatus, RectificationAction, RectificationRuleError } from './rectification.rules.js';
import { KeySupervisionService } from './key-supervision.service.js';
import { CreditService } from '../credit/credit.service.js';

interface OrderRow {
  id: string;
  number: string;
  subject_type: RectificationSubjectType;
  subject_id: string;
  subject_name: string;
  enterprise_ids: string[];
  party_usccs: string[];
  party_org_id: string | null;
  region_code: string;
  source: RectificationDto['source'];
  source_ref: string | null;
  finding: string;
  basis: string;
  severity: Severity;
  due_date: string;
  original_due_date: string;
  owner: string;
  status: RectificationStatus;
  escalated_at: Date | null;
  closed_at: Date | null;
  closed_on_time: boolean | null;
  created_at: Date;
}

interface Subject {
  name: string;
  regionCode: string;
  enterpriseIds: string[];
  partyUsccs: string[];
  partyOrgId: string | null;
}

const COLUMNS = `id, number, subject_type, subject_id, subject_name, enterprise_ids::text[] AS enterprise_ids, party_usccs, party_org_id, region_code, source, source_ref,
  finding, basis, severity, to_char(due_date, 'YYYY-MM-DD') AS due_date, to_char(original_due_date, 'YYYY-MM-DD') AS original_due_date, owner, status,
  escalated_at, closed_at, closed_on_time, created_at`;

const OUTLET_KINDS: Record<string, string> = {
  terminal_outlet: '快递末端网点',
  smart_locker: '智能快件箱',
  public_service_station: '快递公共服务站',
  village_post_station: '村邮站',
  village_service_point: '村级综合服务点',
};

const STEP_ZH: Record<RectificationStatus, string> = {
  open: '待整改',
  responded: '已报告整改，待验收',
  returned: '整改被退回',
  escalated: '专项督办中',
  accepted: '整改验收通过',
  closed: '已结案',
};

/**
 * Rectification orders (责令整改, seed 001 §22; seed 002 二(三)): opened by staff from a
 * finding, answered by the party, accepted or returned by staff, escalated to special
 * supervision (专项督办) when overdue. Every step is kept, audited and sent as an event.
 */
@Injectable()
export class RectificationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
    private readonly outbox: Outbox,
    private readonly once: CreatedOnce,
    private readonly keySupervision: KeySupervisionService,
    private readonly credit: CreditService,
  ) {}

  async create(input: CreateRectificationRequest, principal: Principal, meta: RequestMeta): Promise<RectificationDto> {
    const id = await this.dataSource.transaction((manager) => this.open(manager, input, principal, meta));
    return this.get({ id }, principal);
  }

  /** Opens an order inside the caller's transaction (also a complaint turned into an order); its id. */
  async open(manager: EntityManager, input: CreateRectificationRequest, principal: Principal, meta: RequestMeta): Promise<string> {
    const today = shanghaiToday();
    if (input.dueDate < today) {
      throw DomainError.rule('DUE_DATE_PAST', `the due date ${input.dueDate} is before today ${today}`, [
        { field: 'dueDate', message: 'must be today or later' },
      ]);
    }
    const earlier = await this.once.earlier(manager, meta, 'rectification.opened');
    if (earlier) return earlier;
    const subject = await this.subject(manager, input.subjectType, input.subjectId, principal);
    if (input.source === 'inspection') await this.checkInspection(manager, input, subject);
    const severity = input.severity ?? 'serious';
    // raw SQL: numbers the order from a sequence inside the INSERT (lpad(nextval(...))) and returns it as COLUMNS reads it
    const [row]: OrderRow[] = await manager.query(
      `INSERT INTO supervision.rectifications
         (number, subject_type, subject_id, subject_name, enterprise_ids, party_usccs, party_org_id, region_code, source, source_ref,
          finding, basis, severity, due_date, original_due_date, owner, status, created_by)
       VALUES ('晋邮整〔' || $1 || '〕' || lpad(nextval('supervision.rectification_number_seq')::text, 5, '0'),
               $2, $3, $4, $5::uuid[], $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $15, 'open', $16)
       RETURNING ${COLUMNS}`,
      [
        today.slice(0, 4),
        input.subjectType,
        input.subjectId,
        subject.name,
        subject.enterpriseIds,
        subject.partyUsccs,
        subject.partyOrgId,
        subject.regionCode,
        input.source ?? 'other',
        input.sourceRef ?? null,
        input.finding,
        input.basis,
        severity,
        input.dueDate,
        input.owner ?? principal.sub,
        principal.sub,
      ],
    );
    await this.step(manager, row, 'opened', null, input.finding, [], principal, meta);
    await this.audit.record(manager, { action: 'rectification.opened', objectType: 'rectification', objectId: row.id, after: toDto(row, [], today) }, meta);
    if (row.source === 'late_filing') {
      await this.credit.fromRule(
        manager,
        'lateFiling',
        { enterpriseIds: row.enterprise_ids, kind: 'late_filing', description: `逾期报送，责令整改 ${row.number}：${row.finding}`, sourceId: row.id },
        meta,
      );
    }
    if (severity === 'grave' || row.source === 'late_filing') await this.keySupervision.evaluate(manager, row.enterprise_ids, meta);
    await this.once.remember(manager, meta, 'rectification.opened', row.id);
    return row.id;
  }

  /** The party answers with its correction (text and attachments). */
  async respond(input: RespondRectificationMessage, principal: Principal, meta: RequestMeta): Promise<RectificationDto> {
    await this.dataSource.transaction(async (manager) => {
      const order = await this.lock(manager, input.id, principal, input.actingUscc);
      if (principal.role !== Role.Admin && !isParty(order, principal, input.actingUscc)) throw DomainError.notFound('rectification order');
      await this.move(manager, order, 'respond', { text: input.text, attachments: input.attachments ?? [] }, principal, meta);
    });
    return this.get({ id: input.id, actingUscc: input.actingUscc }, principal);
  }

  /** Staff accept, return, escalate or close. */
  async decide(input: RectificationDecisionMessage, principal: Principal, meta: RequestMeta): Promise<RectificationDto> {
    await this.dataSource.transaction(async (manager) => {
      const order = await this.lock(manager, input.id, principal);
      if (!mayActIn(principal, order.region_code)) throw outsideScope(`rectification order ${order.number} (${order.region_code})`, principal);
      if (input.fraudConfirmed && (order.source !== 'data_anomaly' || (input.decision !== 'accept' && input.decision !== 'close'))) {
        throw DomainError.rule('NOT_A_DATA_ANOMALY', 'fraudConfirmed goes with accepting or closing an order from a data anomaly');
      }
      await this.move(
        manager,
        order,
        input.decision,
        { text: input.reason ?? null, attachments: [], reinspectionDate: input.reinspectionDate },
        principal,
        meta,
      );
      if (input.fraudConfirmed) {
        await this.credit.fromRule(
          manager,
          'dataFraud',
          { enterpriseIds: order.enterprise_ids, kind: 'data_fraud', description: `确认数据造假（${order.number}）：${order.finding}`, sourceId: order.id },
          meta,
        );
        await this.keySupervision.evaluate(manager, order.enterprise_ids, meta);
      }
    });
    return this.get({ id: input.id }, principal);
  }

  async get(input: RectificationIdMessage, principal: Principal): Promise<RectificationDto> {
    // raw SQL: reads uuid[] as text[] and dates as text (COLUMNS); rectifications have no entity
    const [row]: OrderRow[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM supervision.rectifications WHERE id = $1`, [input.id]);
    if (!row || !mayRead(row, principal, input.actingUscc)) throw DomainError.notFound('rectification order');
    const [dto] = await this.toDtos([row]);
    return dto;
  }

  async list(query: ListRectificationsMessage, principal: Principal): Promise<Page<RectificationDto>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (principal.role === Role.Courier) {
      if (!query.actingUscc) return { items: [], nextCursor: null };
      where.push(`$${params.push(query.actingUscc)} = ANY(party_usccs)`);
    } else if (principal.role === Role.CountyCentre) {
      where.push(`party_org_id = $${params.push(principal.orgId ?? '')}`);
    } else {
      const region = scopedRegion(principal, query.regionCode);
      where.push(`region_code LIKE $${params.push(`${region}%`)}`);
    }
    if (query.status) where.push(`status = $${params.push(query.status)}`);
    if (query.enterpriseId) where.push(`$${params.push(query.enterpriseId)}::uuid = ANY(enterprise_ids)`);
    if (query.overdue === 'true') where.push(`status IN ('open', 'returned', 'escalated') AND due_date < $${params.push(shanghaiToday())}::date`);
    if (query.overdue === 'false') where.push(`NOT (status IN ('open', 'returned', 'escalated') AND due_date < $${params.push(shanghaiToday())}::date)`);
    const page = await keysetPage(this.dataSource, 'supervision.rectifications', where, params, query, (r: OrderRow) => r, COLUMNS);
    return { items: await this.toDtos(page.items), nextCursor: page.nextCursor };
  }

  /** Overdue and unfinished orders for the action list, oldest due date first. */
  async actionItems(region: string, limit: number): Promise<ActionItemDto[]> {
    const today = shanghaiToday();
    // raw SQL: the open orders ordered by computed conditions (overdue first, then responded)
    const rows: OrderRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM supervision.rectifications
       WHERE status IN ('open', 'responded', 'returned', 'escalated') AND region_code LIKE $1
       ORDER BY (status IN ('open', 'returned', 'escalated') AND due_date < $2::date) DESC, status = 'responded' DESC, due_date, id LIMIT ${limit}`,
      [`${region}%`, today],
    );
    return rows.map((r) => {
      const overdue = isOverdue(r.status, r.due_date, today);
      return {
        kind: overdue ? 'rectification_overdue' : `rectification_${r.status}`,
        objectId: r.id,
        regionCode: r.region_code,
        regionName: regionName(r.region_code),
        summary: `${r.number} ${r.subject_name}：${r.finding.slice(0, 60)}（${overdue ? `已逾期，期限 ${r.due_date}` : `${STEP_ZH[r.status]}，期限 ${r.due_date}`}）`,
        since: overdue ? r.due_date : shanghaiToday(r.created_at),
      };
    });
  }

  /** Overview counts of a year and region: orders open now, overdue now, and those of the year closed on time. */
  async figures(year: number, region: string): Promise<{ open: number; overdue: number; finished: number; closedOnTime: number }> {
    // raw SQL: four counts in one pass (count(*) FILTER) with the year taken in Asia/Shanghai time
    const [row]: Array<{ open: string; overdue: string; finished: string; on_time: string }> = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE status NOT IN ('accepted', 'closed')) AS open,
              count(*) FILTER (WHERE status IN ('open', 'returned', 'escalated') AND due_date < $2::date) AS overdue,
              count(*) FILTER (WHERE status IN ('accepted', 'closed') AND extract(year FROM closed_at AT TIME ZONE 'Asia/Shanghai') = $3) AS finished,
              count(*) FILTER (WHERE closed_on_time AND extract(year FROM closed_at AT TIME ZONE 'Asia/Shanghai') = $3) AS on_time
       FROM supervision.rectifications WHERE region_code LIKE $1`,
      [`${region}%`, shanghaiToday(), year],
    );
    return { open: Number(row.open), overdue: Number(row.overdue), finished: Number(row.finished), closedOnTime: Number(row.on_time) };
  }

  private async move(
    manager: EntityManager,
    order: OrderRow,
    action: RectificationAction,
    detail: { text: string | null; attachments: RectificationAttachment[]; reinspectionDate?: string },
    principal: Principal,
    meta: RequestMeta,
  ): Promise<void> {
    const today = shanghaiToday();
    let next: { status: RectificationStatus; dueDate: string };
    try {
      next = nextStatus(action, {
        status: order.status,
        dueDate: order.due_date,
        today,
        reason: detail.text ?? undefined,
        reinspectionDate: detail.reinspectionDate,
      });
    } catch (err) {
      if (err instanceof RectificationRuleError) throw DomainError.rule(err.code, err.message);
      throw err;
    }
    const finished = next.status === 'accepted' || next.status === 'closed';
    const onTime = closedOnTime(next.status, today, order.original_due_date);
    // raw SQL: a conditional update (CASE on the new status, clock_timestamp()) returning the stored row
    const [[after]]: [OrderRow[], number] = await manager.query(
      `UPDATE supervision.rectifications SET status = $2, due_date = $3,
         escalated_at = CASE WHEN $2 = 'escalated' THEN clock_timestamp() ELSE escalated_at END,
         closed_at = CASE WHEN $4 THEN clock_timestamp() ELSE closed_at END,
         closed_on_time = $5, updated_at = clock_timestamp()
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [order.id, next.status, next.dueDate, finished, onTime],
    );
    const stepName = { respond: 'responded', accept: 'accepted', return: 'returned', escalate: 'escalated', close: 'closed' }[action];
    const text = action === 'escalate' ? `${detail.text}（复查日期 ${next.dueDate}）` : detail.text;
    await this.step(manager, after, stepName, order.status, text, detail.attachments, principal, meta);
    await this.audit.record(
      manager,
      {
        action: `rectification.${stepName}`,
        objectType: 'rectification',
        objectId: order.id,
        before: { status: order.status, dueDate: order.due_date },
        after: { status: after.status, dueDate: after.due_date, text, attachments: detail.attachments, closedOnTime: after.closed_on_time },
      },
      meta,
    );
    if (action === 'escalate') {
      await this.credit.fromRule(
        manager,
        'overdueOrder',
        { enterpriseIds: after.enterprise_ids, kind: 'overdue_order', description: `责令整改逾期（${after.number}），转专项督办`, sourceId: after.id },
        meta,
      );
    }
    if (action === 'escalate' || action === 'close') await this.keySupervision.evaluate(manager, after.enterprise_ids, meta);
  }

  /** Keeps the step and sends it as an event (`supervision.rectification.changed`). */
  private async step(
    manager: EntityManager,
    order: OrderRow,
    step: string,
    from: RectificationStatus | null,
    text: string | null,
    attachments: RectificationAttachment[],
    principal: Principal,
    meta: RequestMeta,
  ): Promise<void> {
    // raw SQL: appends a step with its jsonb attachments; rectification_steps has no entity
    await manager.query(
      `INSERT INTO supervision.rectification_steps (rectification_id, step, status, text, attachments, actor) VALUES ($1, $2, $3, $4, $5, $6)`,
      [order.id, step, order.status, text, JSON.stringify(attachments), principal.sub],
    );
    await this.outbox.add<RectificationChangedEvent>(
      manager,
      EventTypes.rectificationChanged,
      {
        rectificationId: order.id,
        number: order.number,
        step,
        from,
        to: order.status,
        subjectType: order.subject_type,
        subjectId: order.subject_id,
        enterpriseIds: order.enterprise_ids,
        regionCode: order.region_code,
        source: order.source,
        sourceRef: order.source_ref,
        dueDate: order.due_date,
        closedOnTime: order.closed_on_time,
      },
      meta,
    );
  }

  /** Who the order is against, from supervision's registry and read models; another region's subject is 404 or 403. */
  private async subject(manager: EntityManager, type: RectificationSubjectType, id: string, principal: Principal): Promise<Subject> {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
    if (type === 'enterprise') {
      // raw SQL: the enterprise with its licence territory array, read inside this transaction (a lookup the Enterprise entity could do; kept as written)
      const [e]: Array<{ id: string; name: string; uscc: string; licence_issued_by: string; licence_territory: string[] }> = uuid
        ? await manager.query(`SELECT id, name, uscc, licence_issued_by, licence_territory FROM supervision.enterprises WHERE id = $1`, [id])
        : [];
      if (!e) throw DomainError.notFound('enterprise');
      // the issuing administration's region, or the caller's own where the licensed territory reaches into it
      const scope = regionScope(principal);
      const region = mayActIn(principal, e.licence_issued_by)
        ? e.licence_issued_by
        : e.licence_territory.some((t) => overlapsScope(principal, t))
          ? scope
          : null;
      if (!region) throw outsideScope(`${e.name} (licensed for ${e.licence_territory.join(', ')})`, principal);
      return { name: e.name, regionCode: region, enterpriseIds: [e.id], partyUsccs: [e.uscc], partyOrgId: null };
    }
    if (type === 'outlet') {
      // raw SQL: a read model (rm_outlets)
      const [o]: Array<{ kind: string; region_code: string; county_code: string; enterprise_ids: string[]; receipt_no: string | null }> = await manager.query(
        `SELECT kind, region_code, county_code, enterprise_ids, receipt_no FROM supervision.rm_outlets WHERE outlet_id = $1`,
        [id],
      );
      if (!o) throw DomainError.notFound('outlet');
      if (!mayActIn(principal, o.county_code)) throw outsideScope(`outlet ${id} (${o.county_code})`, principal);
      // raw SQL: matches the outlet's enterprise ids as text (= ANY of a text array)
      const known: Array<{ id: string; uscc: string }> = await manager.query(
        `SELECT id::text AS id, uscc FROM supervision.enterprises WHERE id::text = ANY($1::text[])`,
        [o.enterprise_ids],
      );
      return {
        name: `${OUTLET_KINDS[o.kind] ?? o.kind} ${o.receipt_no ?? id}（${regionName(o.region_code.slice(0, 9))}）`,
        regionCode: o.county_code,
        enterpriseIds: known.map((k) => k.id),
        partyUsccs: known.map((k) => k.uscc),
        partyOrgId: null,
      };
    }
    // raw SQL: a read model (rm_centres)
    const [c]: Array<{ county_code: string; org_id: string | null }> = await manager.query(
      `SELECT county_code, org_id FROM supervision.rm_centres WHERE centre_id = $1`,
      [id],
    );
    if (!c) throw DomainError.notFound('county centre');
    if (!mayActIn(principal, c.county_code)) throw outsideScope(`county centre ${id} (${c.county_code})`, principal);
    return { name: `${regionName(c.county_code)}县级寄递物流中心`, regionCode: c.county_code, enterpriseIds: [], partyUsccs: [], partyOrgId: c.org_id };
  }

  /** An order from an inspection names a failed result of this subject. */
  private async checkInspection(manager: EntityManager, input: CreateRectificationRequest, subject: Subject): Promise<void> {
    const uuid = /^[0-9a-f-]{36}$/i.test(input.sourceRef ?? '');
    // raw SQL: an inspection result (inspection_items has no entity; its other SQL is in inspections.queries.ts)
    const [item]: Array<{ target_id: string; outcome: string | null; enterprise_ids: string[] }> = uuid
      ? await manager.query(`SELECT target_id, outcome, enterprise_ids FROM supervision.inspection_items WHERE id = $1`, [input.sourceRef])
      : [];
    const sameSubject =
      item &&
      (item.target_id === input.subjectId || (input.subjectType === 'enterprise' && subject.enterpriseIds.some((e) => item.enterprise_ids.includes(e))));
    if (!item || item.outcome !== 'fail' || !sameSubject) {
      throw DomainError.rule('NO_SUCH_FINDING', 'source inspection: sourceRef must name a failed inspection result of this subject', [
        { field: 'sourceRef', message: 'not a failed inspection item of this subject' },
      ]);
    }
  }

  private async lock(manager: EntityManager, id: string, principal: Principal, actingUscc?: string): Promise<OrderRow> {
    // raw SQL: a row lock (FOR UPDATE) held until the step is written
    const [row]: OrderRow[] = await manager.query(`SELECT ${COLUMNS} FROM supervision.rectifications WHERE id = $1 FOR UPDATE`, [id]);
    if (!row || !mayRead(row, principal, actingUscc)) throw DomainError.notFound('rectification order');
    return row;
  }

  private async toDtos(rows: OrderRow[]): Promise<RectificationDto[]> {
    if (rows.length === 0) return [];
    // raw SQL: the steps of many orders at once (= ANY of a uuid array), in their order
    const steps: Array<{
      rectification_id: string;
      step: string;
      status: RectificationStatus;
      text: string | null;
      attachments: RectificationAttachment[];
      actor: string;
      at: Date;
    }> = await this.dataSource.query(
      `SELECT rectification_id, step, status, text, attachments, actor, at FROM supervision.rectification_steps WHERE rectification_id = ANY($1::uuid[]) ORDER BY seq`,
      [rows.map((r) => r.id)],
    );
    const today = shanghaiToday();
    return rows.map((r) =>
      toDto(
        r,
        steps
          .filter((s) => s.rectification_id === r.id)
          .map((s) => ({ step: s.step, status: s.status, text: s.text, attachments: s.attachments, actor: s.actor, at: s.at.toISOString() })),
        today,
      ),
    );
  }
}

function isParty(order: OrderRow, principal: Principal, actingUscc?: string): boolean {
  if (principal.role === Role.Courier) return actingUscc !== undefined && order.party_usccs.includes(actingUscc);
  if (principal.role === Role.CountyCentre) return principal.orgId !== null && order.party_org_id === principal.orgId;
  return false;
}

/** Staff and auditors see their region's orders; a courier or centre the orders against it. */
function mayRead(order: OrderRow, principal: Principal, actingUscc?: string): boolean {
  if (principal.role === Role.Courier || principal.role === Role.CountyCentre) return isParty(order, principal, actingUscc);
  return mayActIn(principal, order.region_code) || (principal.role === Role.Auditor && overlapsScope(principal, order.region_code));
}

function toDto(r: OrderRow, steps: RectificationDto['steps'], today: string): RectificationDto {
  return {
    id: r.id,
    number: r.number,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    subjectName: r.subject_name,
    enterpriseIds: r.enterprise_ids,
    regionCode: r.region_code,
    regionName: regionName(r.region_code),
    source: r.source,
    sourceRef: r.source_ref,
    finding: r.finding,
    basis: r.basis,
    severity: r.severity,
    dueDate: r.due_date,
    originalDueDate: r.original_due_date,
    owner: r.owner,
    status: r.status,
    overdue: isOverdue(r.status, r.due_date, today),
    escalated: r.escalated_at !== null,
    closedOnTime: r.closed_on_time,
    createdAt: r.created_at.toISOString(),
    closedAt: r.closed_at?.toISOString() ?? null,
    steps,
  };
}
