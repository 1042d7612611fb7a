import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  CreateLicenceApplicationMessage,
  DomainError,
  EnterpriseRegisteredEvent,
  EventTypes,
  LicenceApplicationDto,
  LicenceApplicationEvent,
  LicenceApplicationIdMessage,
  LicenceApplicationKind,
  LicenceApplicationStatus,
  LicenceApplicationStepMessage,
  LicenceFileContent,
  LicenceFileDto,
  LicenceFileIdMessage,
  LicenceMaterialDto,
  LicenceRevokedEvent,
  ListLicenceApplicationsMessage,
  MAX_LICENCE_FILE_BYTES,
  MAX_LICENCE_FILES,
  mayActIn,
  outsideScope,
  Page,
  Principal,
  regionScope,
  Role,
  shanghaiToday,
  UploadLicenceFileMessage,
  workingCalendar,
} from '@app/contracts';
import { AuditTrail, CreatedOnce, Outbox } from '@app/events';
import type { RequestMeta } from '@app/messaging';
import { keysetPage } from '../common/keyset.js';
import { Enterprise } from '../enterprises/enterprise.entity.js';
import { toResponse as enterpriseResponse } from '../enterprises/enterprises.service.js';
import { dueOn, fileTypeOf, grantedLicence, nextStatus, nextStepOf, STEP_ACTOR, type TimeLimits } from './licensing.rules.js';

interface StepEntry {
  step: string;
  at: string;
  actor: string;
  note: string | null;
}

interface ApplicationRow {
  id: string;
  application_no: string;
  kind: LicenceApplicationKind;
  status: LicenceApplicationStatus;
  uscc: string;
  name: string;
  brand: string;
  address: string;
  region_code: string;
  territory: string[];
  scope: string;
  material: LicenceMaterialDto;
  reason: string | null;
  enterprise_id: string | null;
  missing: string[];
  returned_once: boolean;
  due_on: string | null;
  licence_number: string | null;
  valid_from: string | null;
  valid_to: string | null;
  refusal_reason: string | null;
  steps: StepEntry[];
  created_at: Date;
  updated_at: Date;
}

interface FileRow {
  id: string;
  material_kind: string;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  uploaded_at: Date;
}

const COLUMNS = `id, application_no, kind, status, uscc, name, brand, address, region_code, territory, scope, material, reason,
  enterprise_id, missing, returned_once, to_char(due_on, 'YYYY-MM-DD') AS due_on, licence_number,
  to_char(valid_from, 'YYYY-MM-DD') AS valid_from, to_char(valid_to, 'YYYY-MM-DD') AS valid_to, refusal_reason, steps, created_at, updated_at`;

/**
 * Express business licence applications online (快递业务经营许可网上办理, seed 001 §22): an
 * enterprise applies for a licence or its change, renewal or cancellation with structured
 * material and files; staff accept it (受理) or return it once with the full list of what is
 * missing (一次性告知), then grant or refuse it, each step due by a date counted in working
 * days from the limits in `licence_time_limits`. A grant writes the enterprise registry in the
 * same transaction; a cancellation ends the licence and sends the licence-ended event the
 * outlets service lapses the holder's filings on.
 */
@Injectable()
export class LicenceApplicationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
    private readonly once: CreatedOnce,
  ) {}

  async create(input: CreateLicenceApplicationMessage, principal: Principal, meta: RequestMeta): Promise<LicenceApplicationDto> {
    const uscc = applicantUscc(principal, input.actingUscc, input.uscc);
    const territory = input.territory ?? [input.regionCode];
    const outside = territory.filter((code) => !code.startsWith(input.regionCode));
    if (outside.length > 0) {
      throw DomainError.rule('TERRITORY_OUTSIDE_AUTHORITY', `territory ${outside.join(', ')} lies outside region ${input.regionCode} applied to`, [
        { field: 'territory', message: 'every code must lie within regionCode' },
      ]);
    }
    return this.dataSource.transaction(async (manager) => {
      const earlier = await this.once.earlier(manager, meta, 'licence-application.submitted');
      if (earlier) return this.load(manager, earlier);
      // raw SQL: an existence check on brands inside this transaction (a plain lookup the Brand entity could do; kept as written)
      const [brand] = await manager.query(`SELECT 1 FROM supervision.brands WHERE code = $1`, [input.brand]);
      if (!brand)
        throw DomainError.rule('UNKNOWN_BRAND', `brand ${input.brand} is not in the brand table`, [
          { field: 'brand', message: 'unknown brand code; see GET /api/v1/brands' },
        ]);
      const enterprise = await manager.findOneBy(Enterprise, { uscc });
      if (input.kind === 'new' && enterprise) {
        throw DomainError.conflict('ENTERPRISE_EXISTS', `an enterprise with credit code ${uscc} is registered already; apply for a change or renewal`);
      }
      if (input.kind !== 'new' && !enterprise) {
        throw DomainError.rule('NOT_REGISTERED', `no enterprise with credit code ${uscc} holds a licence to ${input.kind}`, [
          { field: 'kind', message: 'apply for a new licence first' },
        ]);
      }
      // raw SQL: licence applications have no entity; an open one of the same kind blocks a new one
      const [open] = await manager.query(
        `SELECT application_no FROM supervision.licence_applications WHERE uscc = $1 AND kind = $2 AND status IN ('submitted', 'returned', 'accepted')`,
        [uscc, input.kind],
      );
      if (open) throw DomainError.conflict('APPLICATION_OPEN', `application ${open.application_no} of the same kind is still open`);
      const today = shanghaiToday();
      // raw SQL: draws the next application number from a sequence (nextval)
      const [{ n }] = await manager.query(`SELECT nextval('supervision.licence_application_no_seq')::int AS n`);
      const applicationNo = `XK-${input.regionCode}-${today.slice(0, 4)}-${String(n).padStart(6, '0')}`;
      const steps: StepEntry[] = [{ step: 'submitted', at: new Date().toISOString(), actor: principal.sub, note: null }];
      // raw SQL: writes array and jsonb columns (territory, steps); licence applications have no entity
      const [{ id }] = await manager.query(
        `INSERT INTO supervision.licence_applications
           (application_no, kind, status, uscc, name, brand, address, region_code, territory, scope, material, reason, enterprise_id, due_on, steps, created_by)
         VALUES ($1, $2, 'submitted', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
        [
          applicationNo,
          input.kind,
          uscc,
          input.name,
          input.brand,
          input.address,
          input.regionCode,
          territory,
          input.scope,
          JSON.stringify(input.material),
          input.reason ?? null,
          enterprise?.id ?? null,
          dueOn('submitted', today, await this.limits(manager), workingCalendar),
          JSON.stringify(steps),
          principal.sub,
        ],
      );
      const dto = await this.load(manager, id as string);
      await this.record(manager, dto, 'submitted', null, meta);
      await this.once.remember(manager, meta, 'licence-application.submitted', dto.id);
      return dto;
    });
  }

  async list(query: ListLicenceApplicationsMessage, principal: Principal): Promise<Page<LicenceApplicationDto>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (principal.role === Role.Courier) {
      if (!query.actingUscc) return { items: [], nextCursor: null };
      params.push(query.actingUscc);
      where.push(`uscc = $${params.length}`);
    } else {
      params.push(`${regionScope(principal)}%`);
      where.push(`region_code LIKE $${params.length}`);
    }
    if (query.regionCode) {
      params.push(`${query.regionCode}%`);
      where.push(`region_code LIKE $${params.length}`);
    }
    if (query.status) {
      params.push(query.status);
      where.push(`status = $${params.length}`);
    }
    const page = await keysetPage<ApplicationRow, ApplicationRow>(this.dataSource, 'supervision.licence_applications', where, params, query, (r) => r, COLUMNS);
    const files = await this.filesOf(
      this.dataSource.manager,
      page.items.map((r) => r.id),
    );
    return { items: page.items.map((r) => toDto(r, files.get(r.id) ?? [])), nextCursor: page.nextCursor };
  }

  async get(input: LicenceApplicationIdMessage, principal: Principal): Promise<LicenceApplicationDto> {
    const dto = await this.load(this.dataSource.manager, input.id);
    this.assertSees(dto, principal, input.actingUscc);
    return dto;
  }

  async step(input: LicenceApplicationStepMessage, principal: Principal, meta: RequestMeta): Promise<LicenceApplicationDto> {
    return this.dataSource.transaction(async (manager) => {
      // raw SQL: a row lock (FOR UPDATE) held until the step is written
      const [row]: ApplicationRow[] = await manager.query(`SELECT ${COLUMNS} FROM supervision.licence_applications WHERE id = $1 FOR UPDATE`, [input.id]);
      if (!row) throw DomainError.notFound('licence application');
      const before = toDto(row, []);
      this.assertSees(before, principal, input.actingUscc);
      if (STEP_ACTOR[input.step] === 'staff') {
        if (principal.role !== Role.Staff && principal.role !== Role.Admin)
          throw DomainError.forbidden(`only the administration may ${input.step} an application`);
        if (!mayActIn(principal, row.region_code)) throw outsideScope(`application ${row.application_no} to region ${row.region_code}`, principal);
      } else if (principal.role !== Role.Courier && principal.role !== Role.Admin) {
        throw DomainError.forbidden('only the applicant resubmits its application');
      }
      const to = nextStatus({ status: row.status, returnedOnce: row.returned_once }, input.step);
      if (to === 'ALREADY_RETURNED') {
        throw DomainError.rule(
          'ALREADY_RETURNED',
          `application ${row.application_no} was returned once already; the missing material is told once (一次性告知): accept or refuse it`,
        );
      }
      if (to === 'WRONG_STATUS')
        throw DomainError.conflict('WRONG_STATUS', `application ${row.application_no} is ${row.status}; it cannot be ${input.step}ed now`);
      const today = shanghaiToday();
      const sets: string[] = [`status = $2`, `due_on = $3`, `updated_at = now()`, `version = version + 1`];
      const params: unknown[] = [row.id, to, dueOn(to, today, await this.limits(manager), workingCalendar)];
      const set = (column: string, value: unknown) => {
        params.push(value);
        sets.push(`${column} = $${params.length}`);
      };
      let note: string | null = input.note ?? null;
      switch (input.step) {
        case 'return':
          if (!input.missing?.length)
            throw DomainError.rule('MISSING_LIST_REQUIRED', 'list everything that is missing', [{ field: 'missing', message: 'at least one item' }]);
          set('missing', input.missing);
          set('returned_once', true);
          note = input.missing.join('；');
          break;
        case 'resubmit':
          if (input.material) set('material', JSON.stringify(input.material));
          break;
        case 'refuse':
          if (!input.reason) throw DomainError.rule('REASON_REQUIRED', 'a refusal gives its reasons', [{ field: 'reason', message: 'required' }]);
          set('refusal_reason', input.reason);
          note = input.reason;
          break;
        case 'grant': {
          const enterpriseId = await this.applyGrant(manager, row, input, principal, meta);
          set('enterprise_id', enterpriseId);
          // raw SQL: reads the licence dates as text (to_char), as the application stores them
          const [e] = await manager.query(
            `SELECT licence_number, to_char(licence_valid_from, 'YYYY-MM-DD') AS f, to_char(licence_valid_to, 'YYYY-MM-DD') AS t FROM supervision.enterprises WHERE id = $1`,
            [enterpriseId],
          );
          set('licence_number', e.licence_number);
          set('valid_from', e.f);
          set('valid_to', e.t);
          break;
        }
        case 'accept':
          break;
      }
      const entry: StepEntry = { step: input.step === 'resubmit' ? 'resubmitted' : to, at: new Date().toISOString(), actor: principal.sub, note };
      set('steps', JSON.stringify([...row.steps, entry]));
      // raw SQL: updates only the columns this step sets, bumping version = version + 1 in the same statement
      await manager.query(`UPDATE supervision.licence_applications SET ${sets.join(', ')} WHERE id = $1`, params);
      const after = await this.load(manager, row.id);
      await this.record(manager, after, entry.step, before, meta);
      return after;
    });
  }

  async upload(input: UploadLicenceFileMessage, principal: Principal, meta: RequestMeta): Promise<LicenceFileDto> {
    const content = Buffer.from(input.base64, 'base64');
    if (content.length === 0) throw new DomainError(415, 'UNSUPPORTED_MEDIA_TYPE', 'the file is empty');
    if (content.length > MAX_LICENCE_FILE_BYTES) {
      throw new DomainError(413, 'PAYLOAD_TOO_LARGE', `the file is ${content.length} bytes; a material file takes at most ${MAX_LICENCE_FILE_BYTES}`);
    }
    const contentType = fileTypeOf(content);
    if (!contentType) throw new DomainError(415, 'UNSUPPORTED_MEDIA_TYPE', 'a material file is a PDF, JPEG or PNG (judged by its content)');
    return this.dataSource.transaction(async (manager) => {
      // raw SQL: a row lock (FOR UPDATE) so that the file count below holds until the file is written
      const [row]: ApplicationRow[] = await manager.query(`SELECT ${COLUMNS} FROM supervision.licence_applications WHERE id = $1 FOR UPDATE`, [input.id]);
      if (!row) throw DomainError.notFound('licence application');
      this.assertSees(toDto(row, []), principal, input.actingUscc);
      if (principal.role !== Role.Courier && principal.role !== Role.Admin) throw DomainError.forbidden('only the applicant uploads material');
      if (row.status !== 'submitted' && row.status !== 'returned') {
        throw DomainError.conflict('WRONG_STATUS', `application ${row.application_no} is ${row.status}; material is added while it is submitted or returned`);
      }
      // raw SQL: counts the application's files under the lock taken above
      const [{ n }] = await manager.query(`SELECT count(*)::int AS n FROM supervision.licence_files WHERE application_id = $1`, [row.id]);
      if (n >= MAX_LICENCE_FILES) throw DomainError.rule('TOO_MANY_FILES', `an application takes at most ${MAX_LICENCE_FILES} files`);
      // raw SQL: writes a bytea file and returns its stored fields; licence files have no entity
      const [file]: FileRow[] = await manager.query(
        `INSERT INTO supervision.licence_files (application_id, material_kind, filename, content_type, size, sha256, content, uploaded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id, material_kind, filename, content_type, size, sha256, uploaded_at`,
        [row.id, input.materialKind, input.filename, contentType, content.length, createHash('sha256').update(content).digest('hex'), content, principal.sub],
      );
      const dto = fileDto(file);
      await this.audit.record(manager, { action: 'licence-application.file-uploaded', objectType: 'licence-application', objectId: row.id, after: dto }, meta);
      return dto;
    });
  }

  /** A file's content: for the applicant and the administration of the region applied to (auditors are refused by the access table). */
  async download(input: LicenceFileIdMessage, principal: Principal): Promise<LicenceFileContent> {
    const application = await this.load(this.dataSource.manager, input.id);
    this.assertSees(application, principal, input.actingUscc);
    // raw SQL: reads the bytea content as base64 (encode) for the message reply
    const [file] = await this.dataSource.query(
      `SELECT filename, content_type, encode(content, 'base64') AS base64 FROM supervision.licence_files WHERE id = $1 AND application_id = $2`,
      [input.fileId, input.id],
    );
    if (!file) throw DomainError.notFound('file');
    return { filename: file.filename, contentType: file.content_type, base64: (file.base64 as string).replace(/\n/g, '') };
  }

  /** Writes the registry for a grant; returns the enterprise id. */
  private async applyGrant(
    manager: EntityManager,
    row: ApplicationRow,
    input: LicenceApplicationStepMessage,
    principal: Principal,
    meta: RequestMeta,
  ): Promise<string> {
    const existing = row.enterprise_id ? await manager.findOne(Enterprise, { where: { id: row.enterprise_id }, lock: { mode: 'pessimistic_write' } }) : null;
    if (row.kind !== 'new' && !existing) throw DomainError.rule('NOT_REGISTERED', 'the enterprise of this application is not in the registry');
    const current = existing ? { number: existing.licenceNumber, validFrom: existing.licenceValidFrom, validTo: existing.licenceValidTo } : null;
    const terms = grantedLicence(row.kind, current, input);
    if (terms === 'MISSING_LICENCE_TERMS') {
      throw DomainError.rule('MISSING_LICENCE_TERMS', 'a grant gives the licence number and its validity', [
        { field: 'licenceNumber', message: 'required for a new licence' },
        { field: 'validFrom', message: 'required for a new licence or renewal' },
        { field: 'validTo', message: 'required for a new licence or renewal' },
      ]);
    }
    if (terms === 'BAD_DATES')
      throw DomainError.rule('LICENCE_DATES', 'validTo is before validFrom', [{ field: 'validTo', message: 'must not be before validFrom' }]);
    if (row.kind === 'new') {
      const saved = await manager.save(
        manager.create(Enterprise, {
          name: row.name,
          uscc: row.uscc,
          brand: row.brand,
          licenceNumber: terms!.number,
          licenceValidFrom: terms!.validFrom,
          licenceValidTo: terms!.validTo,
          licenceScope: row.scope,
          licenceTerritory: row.territory,
          licenceIssuedBy: row.region_code,
          licenceRevokedAt: null,
          licenceCancelledAt: null,
          licenceLapseAnnounced: null,
          createdBy: principal.sub,
        }),
      );
      await this.audit.record(
        manager,
        { action: 'enterprise.registered', objectType: 'enterprise', objectId: saved.id, after: enterpriseResponse(saved) },
        meta,
      );
      await this.outbox.add<EnterpriseRegisteredEvent>(
        manager,
        EventTypes.enterpriseRegistered,
        { enterpriseId: saved.id, name: saved.name, uscc: saved.uscc, brand: saved.brand, licenceValidTo: saved.licenceValidTo },
        meta,
      );
      return saved.id;
    }
    const e = existing!;
    const before = enterpriseResponse(e);
    if (row.kind === 'cancellation') {
      if (e.licenceRevokedAt || e.licenceCancelledAt) throw DomainError.conflict('LICENCE_ENDED', `the licence of ${e.name} has ended already`);
      e.licenceCancelledAt = new Date();
      // announced here and now: the daily lapse job will not announce it again
      e.licenceLapseAnnounced = 'cancelled';
      const saved = await manager.save(e);
      await this.audit.record(
        manager,
        { action: 'licence.cancelled', objectType: 'enterprise', objectId: e.id, before, after: enterpriseResponse(saved) },
        meta,
      );
      // the one event the outlets service lapses an operator's filings on: sent for every end of a licence
      await this.outbox.add<LicenceRevokedEvent>(
        manager,
        EventTypes.licenceRevoked,
        {
          enterpriseId: e.id,
          revokedAt: e.licenceCancelledAt.toISOString(),
          reason: `注销快递业务经营许可（申请 ${row.application_no}）`,
          ending: 'cancelled',
        },
        meta,
      );
      return e.id;
    }
    e.licenceNumber = terms!.number;
    e.licenceValidFrom = terms!.validFrom;
    e.licenceValidTo = terms!.validTo;
    if (row.kind === 'change') {
      e.name = row.name;
      e.licenceScope = row.scope;
      e.licenceTerritory = row.territory;
    }
    const saved = await manager.save(e);
    await this.audit.record(
      manager,
      {
        action: `licence.${row.kind === 'change' ? 'changed' : 'renewed'}`,
        objectType: 'enterprise',
        objectId: e.id,
        before,
        after: enterpriseResponse(saved),
      },
      meta,
    );
    return e.id;
  }

  private assertSees(application: LicenceApplicationDto, principal: Principal, actingUscc: string | undefined): void {
    if (principal.role === Role.Courier) {
      if (!actingUscc || actingUscc !== application.uscc) throw DomainError.notFound('licence application');
      return;
    }
    if (!mayActIn(principal, application.regionCode)) throw DomainError.notFound('licence application');
  }

  private async record(
    manager: EntityManager,
    dto: LicenceApplicationDto,
    step: string,
    before: LicenceApplicationDto | null,
    meta: RequestMeta,
  ): Promise<void> {
    const strip = (d: LicenceApplicationDto) => ({ ...d, steps: undefined, files: undefined });
    await this.audit.record(
      manager,
      { action: `licence-application.${step}`, objectType: 'licence-application', objectId: dto.id, before: before && strip(before), after: strip(dto) },
      meta,
    );
    await this.outbox.add<LicenceApplicationEvent>(
      manager,
      EventTypes.licenceApplicationChanged,
      { applicationId: dto.id, kind: dto.kind, status: dto.status, uscc: dto.uscc, regionCode: dto.regionCode, enterpriseId: dto.enterpriseId, step },
      meta,
    );
  }

  private async limits(manager: EntityManager): Promise<TimeLimits> {
    // raw SQL: the configurable time limits (licence_time_limits), a small table with no entity
    const rows: Array<{ step: keyof TimeLimits; working_days: number }> = await manager.query(`SELECT step, working_days FROM supervision.licence_time_limits`);
    const limits = { accept: 5, decide: 20, resubmit: 20 };
    for (const r of rows) limits[r.step] = r.working_days;
    return limits;
  }

  private async load(manager: EntityManager, id: string): Promise<LicenceApplicationDto> {
    // raw SQL: reads dates as text (to_char in COLUMNS); licence applications have no entity
    const [row]: ApplicationRow[] = await manager.query(`SELECT ${COLUMNS} FROM supervision.licence_applications WHERE id = $1`, [id]);
    if (!row) throw DomainError.notFound('licence application');
    return toDto(row, (await this.filesOf(manager, [id])).get(id) ?? []);
  }

  private async filesOf(manager: EntityManager, ids: string[]): Promise<Map<string, LicenceFileDto[]>> {
    const byApplication = new Map<string, LicenceFileDto[]>();
    if (ids.length === 0) return byApplication;
    // raw SQL: the files of many applications at once (= ANY of a uuid array)
    const rows: Array<FileRow & { application_id: string }> = await manager.query(
      `SELECT id, application_id, material_kind, filename, content_type, size, sha256, uploaded_at FROM supervision.licence_files
        WHERE application_id = ANY($1::uuid[]) ORDER BY uploaded_at, id`,
      [ids],
    );
    for (const r of rows) {
      const list = byApplication.get(r.application_id) ?? [];
      list.push(fileDto(r));
      byApplication.set(r.application_id, list);
    }
    return byApplication;
  }
}

/** The credit code an application is for: a courier's own organisation's, or the one the admin names. */
function applicantUscc(principal: Principal, actingUscc: string | undefined, named: string | undefined): string {
  if (principal.role === Role.Courier) {
    if (!actingUscc) throw DomainError.forbidden('your organisation has no credit code to apply for');
    if (named && named !== actingUscc) throw DomainError.forbidden('a courier applies for its own organisation only');
    return actingUscc;
  }
  if (!named) throw DomainError.rule('USCC_REQUIRED', 'name the applicant by its credit code', [{ field: 'uscc', message: 'required for the admin' }]);
  return named;
}

function fileDto(r: FileRow): LicenceFileDto {
  return {
    id: r.id,
    materialKind: r.material_kind,
    filename: r.filename,
    contentType: r.content_type,
    size: r.size,
    sha256: r.sha256,
    uploadedAt: r.uploaded_at.toISOString(),
  };
}

function toDto(r: ApplicationRow, files: LicenceFileDto[]): LicenceApplicationDto {
  return {
    id: r.id,
    applicationNo: r.application_no,
    kind: r.kind,
    status: r.status,
    uscc: r.uscc,
    name: r.name,
    brand: r.brand,
    address: r.address,
    regionCode: r.region_code,
    territory: r.territory,
    scope: r.scope,
    material: r.material,
    reason: r.reason,
    enterpriseId: r.enterprise_id,
    missing: r.missing,
    returnedOnce: r.returned_once,
    nextStep: nextStepOf(r.status),
    dueOn: r.due_on,
    weekdaysOnlyYears: r.due_on ? workingCalendar.yearsWithoutCalendar(shanghaiToday(new Date(r.steps.at(-1)?.at ?? r.updated_at)), r.due_on) : [],
    licenceNumber: r.licence_number,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    refusalReason: r.refusal_reason,
    files,
    steps: r.steps,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}
