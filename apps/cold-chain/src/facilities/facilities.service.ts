import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Repository, SelectQueryBuilder } from 'typeorm';
import { randomUUID } from 'node:crypto';
import {
  type ChangeFacilityStatusMessage,
  type CreateFacilityRequest,
  DomainError,
  EventTypes,
  type FacilityDetailDto,
  type FacilityKind,
  type FacilityPageDto,
  type FacilityStatusChangedEvent,
  type FacilityTreeNodeDto,
  mayActIn,
  type ListFacilitiesRequest,
  type Principal,
  shanghaiToday,
  type UpdateFacilityMessage,
} from '@app/contracts';
import { paginate } from '@app/database';
import { AuditTrail, Outbox } from '@app/events';
import type { RequestMeta } from '@app/messaging';
import { Facility, StatusChange, TemperatureZone } from './facility.entity.js';
import {
  aKind,
  facilityViolations,
  type ParentFacts,
  parentViolations,
  registrationStatusViolations,
  statusChangeViolations,
  designationLevelOf,
} from './facility.rules.js';
import { FacilityStore } from './facility.store.js';
import { facilityDraft, facilityResponse, facilitySummary, violationError } from './facility.view.js';

/** How deep the tree queries walk; the kind rule keeps real trees at four levels. */
const MAX_TREE_DEPTH = 16;

/** Staff change only facilities inside their region scope; admin anything (the roles are the access table's). */
export function assertWriteScope(principal: Principal | null, regionCode: string): void {
  if (!principal) throw DomainError.forbidden();
  if (!mayActIn(principal, regionCode)) {
    throw new DomainError(403, 'OUT_OF_SCOPE', `region ${regionCode} is outside your region scope ${principal.regionCode}`);
  }
}

@Injectable()
export class FacilitiesService {
  constructor(
    @InjectRepository(Facility) private readonly facilities: Repository<Facility>,
    @InjectRepository(TemperatureZone) private readonly zones: Repository<TemperatureZone>,
    @InjectRepository(StatusChange) private readonly history: Repository<StatusChange>,
    private readonly dataSource: DataSource,
    private readonly store: FacilityStore,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
  ) {}

  async create(input: CreateFacilityRequest, meta: RequestMeta): Promise<FacilityDetailDto> {
    assertWriteScope(meta.principal, input.regionCode);
    const retried =
      meta.idempotencyKey && meta.principal && (await this.facilities.findOneBy({ createdBy: meta.principal.sub, idempotencyKey: meta.idempotencyKey }));
    if (retried) return this.get(retried.id);
    const today = shanghaiToday();
    const statusDate = input.statusDate ?? today;
    const violations = [...facilityViolations(input, today), ...registrationStatusViolations(input.status, statusDate, today)];
    if (input.parentId) {
      const parent = await this.parentFacts(this.dataSource.manager, input.parentId);
      violations.push(...parentViolations({ kind: input.kind }, parent.facts, parent.ancestorIds));
    }
    if (violations.length > 0) throw violationError(violations);
    await this.assertUnique({ code: input.code ?? null, kind: input.kind, regionCode: input.regionCode, name: input.name });
    const draft = facilityDraft(input, { id: randomUUID(), code: input.code ?? null, statusDate, parentId: input.parentId ?? null });
    await this.dataSource.transaction((manager) =>
      this.store.insert(manager, [draft], meta, { action: 'facility.registered', idempotencyKey: meta.idempotencyKey }),
    );
    return this.get(draft.id);
  }

  async list(query: ListFacilitiesRequest): Promise<FacilityPageDto> {
    const page = await paginate(this.filtered(query), query);
    const zones = await this.zonesOf(page.items.map((f) => f.id));
    return { items: page.items.map((f) => facilityResponse(f, zones)), nextCursor: page.nextCursor };
  }

  /** The registry's filters, shared by the list and the export. */
  filtered(query: ListFacilitiesRequest): SelectQueryBuilder<Facility> {
    const qb = this.facilities.createQueryBuilder('f');
    if (query.kind) qb.andWhere('f.kind = :kind', { kind: query.kind });
    if (query.status) qb.andWhere('f.status = :status', { status: query.status });
    if (query.regionCode) qb.andWhere('f.region_code LIKE :region', { region: `${query.regionCode}%` });
    if (query.commodity) qb.andWhere('f.commodities @> ARRAY[:commodity]::text[]', { commodity: query.commodity });
    if (query.parentId) qb.andWhere('f.parent_id = :parentId', { parentId: query.parentId });
    if (query.q) {
      qb.andWhere('(f.name ILIKE :q OR f.operator ILIKE :q)', { q: `%${query.q.replace(/[%_\\]/g, '\\$&')}%` });
    }
    return qb;
  }

  async get(id: string): Promise<FacilityDetailDto> {
    const f = await this.facilities.findOneBy({ id });
    if (!f) throw DomainError.notFound('facility');
    const [zones, history, ancestorIds, children] = await Promise.all([
      this.zonesOf([id]),
      this.history.find({ where: { facilityId: id }, order: { effectiveDate: 'ASC', seq: 'ASC' } }),
      this.ancestorIds(this.dataSource.manager, id),
      this.facilities.find({ where: { parentId: id }, order: { createdAt: 'ASC' } }),
    ]);
    const ancestors = ancestorIds.length ? await this.facilities.findBy({ id: In(ancestorIds) }) : [];
    return {
      ...facilityResponse(f, zones),
      statusHistory: history.map((h) => ({
        from: h.fromStatus,
        to: h.toStatus,
        date: h.effectiveDate,
        reason: h.reason,
        recordedBy: h.recordedBy,
        recordedAt: h.createdAt.toISOString(),
      })),
      ancestors: ancestorIds.map((aid) => facilitySummary(ancestors.find((a) => a.id === aid) as Facility)),
      children: children.map(facilitySummary),
    };
  }

  /** The facility and everything below it, nested. */
  async tree(id: string): Promise<FacilityTreeNodeDto> {
    const ids: Array<{ id: string }> = await this.dataSource.query(
      `WITH RECURSIVE down (id, depth) AS (
         SELECT id, 0 FROM cold_chain.facilities WHERE id = $1
         UNION ALL
         SELECT c.id, d.depth + 1 FROM cold_chain.facilities c JOIN down d ON c.parent_id = d.id WHERE d.depth < ${MAX_TREE_DEPTH}
       )
       SELECT id FROM down`,
      [id],
    );
    const rows = ids.length ? await this.facilities.find({ where: { id: In(ids.map((r) => r.id)) }, order: { createdAt: 'ASC', id: 'ASC' } }) : [];
    const nodes = new Map<string, FacilityTreeNodeDto>(rows.map((f) => [f.id, { ...facilitySummary(f), children: [] }]));
    const root = nodes.get(id);
    if (!root) throw DomainError.notFound('facility');
    for (const f of rows) if (f.id !== id && f.parentId) nodes.get(f.parentId)?.children.push(nodes.get(f.id) as FacilityTreeNodeDto);
    return root;
  }

  async update(input: UpdateFacilityMessage, meta: RequestMeta): Promise<FacilityDetailDto> {
    await this.dataSource.transaction(async (manager) => {
      const f = await this.lock(manager, input.id);
      assertWriteScope(meta.principal, f.regionCode);
      if (input.regionCode !== undefined) assertWriteScope(meta.principal, input.regionCode);
      if (input.expectedVersion !== undefined && input.expectedVersion !== f.version) {
        throw DomainError.conflict('VERSION_CONFLICT', `the facility is at version ${f.version}, not ${input.expectedVersion}; reload and retry`);
      }
      const zones = await manager.findBy(TemperatureZone, { facilityId: f.id });
      const before = facilityResponse(f, zones);
      const next = {
        kind: f.kind,
        regionCode: input.regionCode ?? f.regionCode,
        location: input.location ?? { lat: f.lat, lng: f.lng },
        capacityTonnes: input.capacityTonnes ?? f.capacityTonnes,
        temperatureZones: input.temperatureZones ?? zones,
        designationLevel: designationLevelOf(
          f.kind,
          input.designationLevel === undefined ? f.designationLevel : input.designationLevel,
          input.designatedAt === undefined ? f.designatedAt : input.designatedAt,
        ),
        designatedAt: input.designatedAt === undefined ? f.designatedAt : input.designatedAt,
      };
      const violations = facilityViolations(next, shanghaiToday());
      if (input.parentId) {
        const parent = await this.parentFacts(manager, input.parentId);
        violations.push(...parentViolations({ id: f.id, kind: f.kind }, parent.facts, parent.ancestorIds));
      }
      if (violations.length > 0) throw violationError(violations);
      const name = input.name ?? f.name;
      if (input.code !== undefined || input.name !== undefined || input.regionCode !== undefined) {
        await this.assertUnique({ code: input.code ?? null, kind: f.kind, regionCode: next.regionCode, name }, f.id);
      }
      await manager.update(
        Facility,
        { id: f.id },
        {
          code: input.code ?? f.code,
          name,
          operator: input.operator ?? f.operator,
          operatorUscc: input.operatorUscc ?? f.operatorUscc,
          regionCode: next.regionCode,
          address: input.address ?? f.address,
          lat: next.location.lat,
          lng: next.location.lng,
          capacityTonnes: next.capacityTonnes,
          volumeCubicMetres: input.volumeCubicMetres ?? f.volumeCubicMetres,
          commodities: input.commodities ?? f.commodities,
          designationLevel: next.designationLevel,
          designatedAt: next.designatedAt,
          parentId: input.parentId === undefined ? f.parentId : input.parentId,
          version: f.version + 1,
          updatedAt: new Date(),
        },
      );
      if (input.temperatureZones) {
        await manager.delete(TemperatureZone, { facilityId: f.id });
        await this.store.insertZones(manager, [{ facilityId: f.id, zones: input.temperatureZones }]);
      }
      const after = facilityResponse(await this.lock(manager, f.id), await manager.findBy(TemperatureZone, { facilityId: f.id }));
      await this.audit.record(
        manager,
        { action: 'facility.updated', objectType: 'facility', objectId: f.id, before, after: { ...after, changeReason: input.reason } },
        meta,
      );
    });
    return this.get(input.id);
  }

  async changeStatus(input: ChangeFacilityStatusMessage, meta: RequestMeta): Promise<FacilityDetailDto> {
    const retried =
      meta.idempotencyKey && meta.principal && (await this.history.findOneBy({ recordedBy: meta.principal.sub, idempotencyKey: meta.idempotencyKey }));
    if (retried) return this.get(retried.facilityId);
    await this.dataSource.transaction(async (manager) => {
      const f = await this.lock(manager, input.id);
      assertWriteScope(meta.principal, f.regionCode);
      const violations = statusChangeViolations({ status: f.status, since: f.statusSince }, { status: input.status, date: input.date }, shanghaiToday());
      if (violations.length > 0) throw violationError(violations);
      await manager.insert(StatusChange, {
        facilityId: f.id,
        fromStatus: f.status,
        toStatus: input.status,
        effectiveDate: input.date,
        reason: input.reason ?? null,
        recordedBy: meta.principal?.sub ?? 'system',
        idempotencyKey: meta.idempotencyKey ?? null,
      });
      await manager.update(Facility, { id: f.id }, { status: input.status, statusSince: input.date, version: f.version + 1, updatedAt: new Date() });
      await this.audit.record(
        manager,
        {
          action: 'facility.status-changed',
          objectType: 'facility',
          objectId: f.id,
          before: { status: f.status, since: f.statusSince },
          after: { status: input.status, since: input.date, reason: input.reason ?? null },
        },
        meta,
      );
      await this.outbox.add<FacilityStatusChangedEvent>(
        manager,
        EventTypes.facilityStatusChanged,
        {
          facilityId: f.id,
          kind: f.kind,
          regionCode: f.regionCode,
          countyCode: f.countyCode,
          status: input.status,
          previousStatus: f.status,
          capacityTonnes: f.capacityTonnes,
          designatedAt: f.designatedAt,
          date: input.date,
          reason: input.reason ?? null,
        },
        meta,
      );
    });
    return this.get(input.id);
  }

  /** The facility's row, locked for the rest of the transaction. */
  async lock(manager: EntityManager, id: string): Promise<Facility> {
    const f = await manager.findOne(Facility, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!f) throw DomainError.notFound('facility');
    return f;
  }

  /** A proposed parent and its ancestors; a parent that does not exist is a 422 on parentId. */
  async parentFacts(manager: EntityManager, parentId: string): Promise<{ facts: ParentFacts; ancestorIds: string[] }> {
    const parent = await manager.findOneBy(Facility, { id: parentId });
    if (!parent) {
      throw DomainError.rule('PARENT_NOT_FOUND', `no facility ${parentId} to hang under`, [{ field: 'parentId', message: 'no such facility' }]);
    }
    return {
      facts: { id: parent.id, kind: parent.kind, status: parent.status, name: parent.name },
      ancestorIds: await this.ancestorIds(manager, parentId),
    };
  }

  /** Ids of a facility's ancestors, root first. */
  async ancestorIds(manager: EntityManager, id: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await manager.query(
      `WITH RECURSIVE up (id, parent_id, depth) AS (
         SELECT id, parent_id, 0 FROM cold_chain.facilities WHERE id = $1
         UNION ALL
         SELECT f.id, f.parent_id, up.depth + 1 FROM cold_chain.facilities f JOIN up ON f.id = up.parent_id
         WHERE up.depth < ${MAX_TREE_DEPTH}
       )
       SELECT id FROM up WHERE depth > 0 ORDER BY depth DESC`,
      [id],
    );
    return rows.map((r) => r.id);
  }

  private zonesOf(ids: string[]): Promise<TemperatureZone[]> {
    return ids.length ? this.zones.findBy({ facilityId: In(ids) }) : Promise.resolve([]);
  }

  private async assertUnique(f: { code: string | null; kind: FacilityKind; regionCode: string; name: string }, exceptId?: string): Promise<void> {
    const rows: Array<{ id: string; code: string; name: string }> = await this.dataSource.query(
      `SELECT id, code, name FROM cold_chain.facilities
       WHERE (code = $1 OR (kind = $2 AND region_code = $3 AND name = $4)) AND id IS DISTINCT FROM $5`,
      [f.code, f.kind, f.regionCode, f.name, exceptId ?? null],
    );
    const clash = rows[0];
    if (!clash) return;
    if (f.code !== null && clash.code === f.code) throw DomainError.conflict('CODE_TAKEN', `code ${f.code} belongs to facility ${clash.name} (${clash.id})`);
    throw DomainError.conflict('FACILITY_EXISTS', `${aKind(f.kind)} named ${f.name} is already registered in ${f.regionCode} (${clash.code})`);
  }
}
