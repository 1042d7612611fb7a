import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  ComplaintDto,
  ComplaintReceiptDto,
  ComplaintRectificationMessage,
  ComplaintInspectionMessage,
  ComplaintStatus,
  ComplaintStep,
  ComplaintStepMessage,
  CreateComplaintRequest,
  DomainError,
  EventTypes,
  ListComplaintsRequest,
  mayActIn,
  outsideScope,
  Page,
  Principal,
  regionScope,
  shanghaiToday,
} from '@app/contracts';
import { AuditTrail, Outbox } from '@app/events';
import type { RequestMeta } from '@app/messaging';
import { regions } from '@app/regions';
import { keysetPage } from '../common/keyset.js';
import { RectificationsService } from '../rectifications/rectifications.service.js';
import { InspectionsService } from '../inspections/inspections.service.js';
import { complaintNext } from './complaints.rules.js';

interface ComplaintRow {
  id: string;
  complaint_no: string;
  status: ComplaintStatus;
  subject_kind: string;
  subject_id: string | null;
  subject_name: string;
  category: string;
  description: string;
  region_code: string;
  occurred_on: string | null;
  contact: string | null;
  assigned_region: string | null;
  response: string | null;
  referred_to: string | null;
  reference_id: string | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `id, complaint_no, status, subject_kind, subject_id, subject_name, category, description, region_code,
  to_char(occurred_on, 'YYYY-MM-DD') AS occurred_on, contact, assigned_region, response, referred_to, reference_id, created_at, updated_at`;

/**
 * Complaints and reports from the public (投诉举报, seed 002 二(五)16: open channels for the
 * public to report unlawful operation). Received without an account and with no personal
 * data but an optional contact (no address, no device data is stored); the administration of
 * the region assigns, answers, closes, or turns it into a rectification order.
 */
@Injectable()
export class ComplaintsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
    private readonly rectifications: RectificationsService,
    private readonly inspections: InspectionsService,
  ) {}

  async create(input: CreateComplaintRequest, meta: RequestMeta): Promise<ComplaintReceiptDto> {
    if (!regions().has(input.regionCode))
      throw DomainError.rule('UNKNOWN_REGION', `region ${input.regionCode} is not a division of the province`, [
        { field: 'regionCode', message: 'unknown region code' },
      ]);
    if (input.occurredOn && input.occurredOn > shanghaiToday())
      throw DomainError.rule('FUTURE_DATE', 'occurredOn is in the future', [{ field: 'occurredOn', message: 'must not be after today' }]);
    return this.dataSource.transaction(async (manager) => {
      let enterpriseId: string | null = null;
      if (input.subjectId && input.subjectKind === 'enterprise') {
        // raw SQL: an existence check on enterprises inside this transaction (a plain lookup the Enterprise entity could do; kept as written)
        const [e] = await manager.query(`SELECT id FROM supervision.enterprises WHERE id = $1`, [input.subjectId]);
        enterpriseId = e?.id ?? null;
      }
      // raw SQL: draws the next complaint number from a sequence (nextval)
      const [{ n }] = await manager.query(`SELECT nextval('supervision.complaint_no_seq')::int AS n`);
      const complaintNo = `TS-${shanghaiToday().slice(0, 4)}-${String(n).padStart(6, '0')}`;
      // raw SQL: returns the stored row with its date as text (to_char in COLUMNS); complaints have no entity
      const [row]: ComplaintRow[] = await manager.query(
        `INSERT INTO supervision.complaints (complaint_no, status, subject_kind, subject_id, subject_name, enterprise_id, category, description, region_code, occurred_on, contact)
         VALUES ($1, 'received', $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${COLUMNS}`,
        [
          complaintNo,
          input.subjectKind,
          input.subjectId ?? null,
          input.subjectName,
          enterpriseId,
          input.category,
          input.description,
          input.regionCode,
          input.occurredOn ?? null,
          input.contact ?? null,
        ],
      );
      // the audit keeps the facts, not the contact
      await this.audit.record(
        manager,
        { action: 'complaint.received', objectType: 'complaint', objectId: row.id, after: { ...toDto(row), contact: row.contact ? '(given)' : null } },
        meta,
      );
      await this.outbox.add(
        manager,
        EventTypes.complaintChanged,
        { complaintId: row.id, status: row.status, regionCode: row.region_code, enterpriseId, category: row.category },
        meta,
      );
      return { complaintNo, receivedAt: row.created_at.toISOString() };
    });
  }

  async list(query: ListComplaintsRequest, principal: Principal): Promise<Page<ComplaintDto>> {
    const params: unknown[] = [`${regionScope(principal)}%`];
    const where = [`(region_code LIKE $1 OR assigned_region LIKE $1)`];
    if (query.regionCode) {
      params.push(`${query.regionCode}%`);
      where.push(`(region_code LIKE $${params.length} OR assigned_region LIKE $${params.length})`);
    }
    if (query.status) {
      params.push(query.status);
      where.push(`status = $${params.length}`);
    }
    return keysetPage<ComplaintRow, ComplaintDto>(this.dataSource, 'supervision.complaints', where, params, query, toDto, COLUMNS);
  }

  async get(id: string, principal: Principal): Promise<ComplaintDto> {
    // raw SQL: reads the date as text (to_char in COLUMNS); complaints have no entity
    const [row]: ComplaintRow[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM supervision.complaints WHERE id = $1`, [id]);
    if (!row || !sees(principal, row)) throw DomainError.notFound('complaint');
    return toDto(row);
  }

  async step(input: ComplaintStepMessage, principal: Principal, meta: RequestMeta): Promise<ComplaintDto> {
    return this.dataSource.transaction(async (manager) => {
      // raw SQL: a row lock (FOR UPDATE) held until the step is written
      const [row]: ComplaintRow[] = await manager.query(`SELECT ${COLUMNS} FROM supervision.complaints WHERE id = $1 FOR UPDATE`, [input.id]);
      if (!row || !sees(principal, row)) throw DomainError.notFound('complaint');
      const to = complaintNext(row.status, input.step);
      if (!to) throw DomainError.conflict('WRONG_STATUS', `complaint ${row.complaint_no} is ${row.status}; it cannot take the step ${input.step}`);
      return this.apply(manager, row, input, to, meta);
    });
  }

  /**
   * Turns a complaint into a rectification order (转为责令整改): opens the order against the
   * enterprise or outlet the complaint names (or the one staff name), with the complaint as
   * its source, and marks the complaint referred to it, in one transaction.
   */
  async rectify(input: ComplaintRectificationMessage, principal: Principal, meta: RequestMeta): Promise<ComplaintDto> {
    return this.dataSource.transaction(async (manager) => {
      // raw SQL: a row lock (FOR UPDATE) held until the order is made and the step written
      const [row]: ComplaintRow[] = await manager.query(`SELECT ${COLUMNS} FROM supervision.complaints WHERE id = $1 FOR UPDATE`, [input.id]);
      if (!row || !sees(principal, row)) throw DomainError.notFound('complaint');
      const to = complaintNext(row.status, 'refer');
      if (!to) throw DomainError.conflict('WRONG_STATUS', `complaint ${row.complaint_no} is ${row.status}; it cannot be turned into an order`);
      const subjectType = input.subjectType ?? (row.subject_kind === 'enterprise' || row.subject_kind === 'outlet' ? row.subject_kind : undefined);
      const subjectId = input.subjectId ?? (input.subjectType ? undefined : (row.subject_id ?? undefined));
      if (!subjectType || !subjectId) {
        throw DomainError.rule('SUBJECT_REQUIRED', 'the complaint names no registered enterprise or outlet: name the subject of the order', [
          { field: 'subjectId', message: 'required with subjectType' },
        ]);
      }
      const orderId = await this.rectifications.open(
        manager,
        {
          subjectType,
          subjectId,
          finding: input.finding ?? row.description,
          basis: input.basis,
          dueDate: input.dueDate,
          source: 'complaint',
          sourceRef: row.complaint_no,
        },
        principal,
        meta,
      );
      return this.apply(manager, row, { step: 'refer', referTo: 'rectification', referenceId: orderId }, to, meta);
    });
  }

  /**
   * Turns a complaint into an inspection of its subject (举报核查): opens it (inspectors drawn,
   * the complaint number as its source) and marks the complaint referred to it, in one
   * transaction.
   */
  async inspect(input: ComplaintInspectionMessage, principal: Principal, meta: RequestMeta): Promise<ComplaintDto> {
    return this.dataSource.transaction(async (manager) => {
      // raw SQL: a row lock (FOR UPDATE) held until the inspection is made and the step written
      const [row]: ComplaintRow[] = await manager.query(`SELECT ${COLUMNS} FROM supervision.complaints WHERE id = $1 FOR UPDATE`, [input.id]);
      if (!row || !sees(principal, row)) throw DomainError.notFound('complaint');
      const to = complaintNext(row.status, 'refer');
      if (!to) throw DomainError.conflict('WRONG_STATUS', `complaint ${row.complaint_no} is ${row.status}; it cannot be turned into an inspection`);
      const targetKind = input.subjectType ?? (row.subject_kind === 'enterprise' || row.subject_kind === 'outlet' ? row.subject_kind : undefined);
      const targetId = input.subjectId ?? (input.subjectType ? undefined : (row.subject_id ?? undefined));
      if (!targetKind || !targetId) {
        throw DomainError.rule('SUBJECT_REQUIRED', 'the complaint names no registered enterprise or outlet: name what to inspect', [
          { field: 'subjectId', message: 'required with subjectType' },
        ]);
      }
      const region = row.assigned_region ?? row.region_code;
      if (!mayActIn(principal, region)) throw outsideScope(`region ${region}`, principal);
      const drawId = await this.inspections.openForComplaint(
        manager,
        { targetKind, targetId, region, inspectorsPerTarget: input.inspectorsPerTarget ?? 2, complaintNo: row.complaint_no },
        meta,
      );
      return this.apply(manager, row, { step: 'refer', referTo: 'inspection', referenceId: drawId }, to, meta);
    });
  }

  private async apply(
    manager: EntityManager,
    row: ComplaintRow,
    input: { step: ComplaintStep; regionCode?: string; note?: string; referTo?: string; referenceId?: string },
    to: ComplaintStatus,
    meta: RequestMeta,
  ): Promise<ComplaintDto> {
    const principal = meta.principal!;
    const sets = ['status = $2', 'updated_at = now()', 'version = version + 1'];
    const params: unknown[] = [row.id, to];
    const set = (column: string, value: unknown) => {
      params.push(value);
      sets.push(`${column} = $${params.length}`);
    };
    switch (input.step) {
      case 'assign': {
        const region = input.regionCode ?? row.region_code;
        if (!mayActIn(principal, region)) throw outsideScope(`region ${region}`, principal);
        set('assigned_region', region);
        break;
      }
      case 'respond':
      case 'close':
        if (!input.note && input.step === 'respond') throw DomainError.rule('NOTE_REQUIRED', 'an answer has a text', [{ field: 'note', message: 'required' }]);
        if (input.note) set('response', input.note);
        break;
      case 'refer':
        if (!input.referTo || !input.referenceId) {
          throw DomainError.rule('REFERENCE_REQUIRED', 'name what the complaint turned into', [{ field: 'referenceId', message: 'required with referTo' }]);
        }
        set('referred_to', input.referTo);
        set('reference_id', input.referenceId);
        break;
    }
    const before = toDto(row);
    // raw SQL: updates only the columns this step sets, bumping version = version + 1 in the same statement
    await manager.query(`UPDATE supervision.complaints SET ${sets.join(', ')} WHERE id = $1`, params);
    // raw SQL: reads the row back with its date as text (to_char in COLUMNS)
    const [after]: ComplaintRow[] = await manager.query(`SELECT ${COLUMNS} FROM supervision.complaints WHERE id = $1`, [row.id]);
    const dto = toDto(after);
    await this.audit.record(
      manager,
      { action: `complaint.${input.step}`, objectType: 'complaint', objectId: row.id, before: { ...before, contact: null }, after: { ...dto, contact: null } },
      meta,
    );
    await this.outbox.add(
      manager,
      EventTypes.complaintChanged,
      { complaintId: row.id, status: dto.status, regionCode: dto.regionCode, category: dto.category },
      meta,
    );
    return dto;
  }
}

function sees(principal: Principal, row: ComplaintRow): boolean {
  return mayActIn(principal, row.region_code) || (row.assigned_region !== null && mayActIn(principal, row.assigned_region));
}

function toDto(r: ComplaintRow): ComplaintDto {
  return {
    id: r.id,
    complaintNo: r.complaint_no,
    status: r.status,
    subjectKind: r.subject_kind,
    subjectId: r.subject_id,
    subjectName: r.subject_name,
    category: r.category,
    description: r.description,
    regionCode: r.region_code,
    occurredOn: r.occurred_on,
    contact: r.contact,
    assignedRegion: r.assigned_region,
    response: r.response,
    referredTo: r.referred_to,
    referenceId: r.reference_id,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}
