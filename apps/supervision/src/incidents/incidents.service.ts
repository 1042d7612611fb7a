import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import {
  CreateIncidentRequest,
  CreateResourceRequest,
  DispatchMessage,
  DomainError,
  IncidentDto,
  IncidentStatus,
  IncidentStatusMessage,
  ListIncidentsQuery,
  ListResourcesQuery,
  mayActIn,
  OPEN_INCIDENT_STATUSES,
  OPERATED_RESOURCE_KINDS,
  outsideScope,
  overlapsScope,
  Page,
  Principal,
  ReleaseDispatchMessage,
  regionScope,
  ResourceDto,
  Role,
} from '@app/contracts';
import { AuditTrail, CreatedOnce } from '@app/events';
import type { RequestMeta } from '@app/messaging';
import { regions } from '@app/regions';
import {
  appendTimeline,
  dispatchesOf,
  incidentById,
  type IncidentRow,
  insertDispatches,
  insertIncident,
  insertResource,
  listIncidents,
  listResources,
  lockIncident,
  lockResources,
  releaseAllDispatches,
  releaseDispatch,
  resourceById,
  type ResourceRow,
  setIncidentStatus,
  timelinesOf,
} from './incidents.queries.js';

/** Allowed status moves; resolving or closing releases every resource the incident holds. */
const TRANSITIONS: Record<IncidentStatus, IncidentStatus[]> = {
  open: ['responding', 'resolved', 'closed'],
  responding: ['resolved', 'closed'],
  resolved: ['closed', 'responding'],
  closed: [],
};

const ACTIVE_DISPATCH_INDEX = 'uq_dispatches_active_resource';

/** Incidents (突发事件) with affected regions, emergency resources and their dispatch (001 §28–30). */
@Injectable()
export class IncidentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
    private readonly once: CreatedOnce,
  ) {}

  async createResource(input: CreateResourceRequest, principal: Principal, meta: RequestMeta): Promise<ResourceDto> {
    this.checkRegions(principal, [input.regionCode], 'regionCode');
    if (OPERATED_RESOURCE_KINDS.includes(input.kind) && !input.operatorName) {
      throw DomainError.rule('OPERATOR_REQUIRED', `a resource of kind ${input.kind} names the enterprise operating it`, [
        { field: 'operatorName', message: 'required for an e-commerce platform or warehouse' },
      ]);
    }
    return this.dataSource.transaction(async (manager) => {
      const earlier = await this.once.earlier(manager, meta, 'resource.registered');
      if (earlier) {
        const held = await resourceById(manager, earlier);
        if (!held) throw DomainError.notFound('emergency resource');
        return toResource(held);
      }
      const row = await insertResource(manager, {
        kind: input.kind,
        name: input.name,
        regionCode: input.regionCode,
        capacity: input.capacity,
        capacityUnit: input.capacityUnit,
        createdBy: principal.sub,
        operatorName: input.operatorName ?? null,
        operatorUscc: input.operatorUscc ?? null,
        address: input.address ?? null,
      });
      const dto = toResource(row);
      await this.audit.record(manager, { action: 'resource.registered', objectType: 'emergency_resource', objectId: dto.id, after: dto }, meta);
      await this.once.remember(manager, meta, 'resource.registered', dto.id);
      return dto;
    });
  }

  async listResources(query: ListResourcesQuery, principal: Principal): Promise<Page<ResourceDto>> {
    const page = await listResources(this.dataSource, query, principal.role === Role.Admin ? null : principal.regionCode);
    return { items: page.items.map(toResource), nextCursor: page.nextCursor };
  }

  async create(input: CreateIncidentRequest, principal: Principal, meta: RequestMeta): Promise<IncidentDto> {
    this.checkRegions(principal, input.affectedRegions, 'affectedRegions');
    const id = await this.dataSource.transaction(async (manager) => {
      const earlier = await this.once.earlier(manager, meta, 'incident.opened');
      if (earlier) return earlier;
      const row = await insertIncident(manager, {
        kind: input.kind,
        title: input.title,
        severity: input.severity,
        affectedRegions: [...new Set(input.affectedRegions)],
        description: input.description ?? null,
        createdBy: principal.sub,
      });
      await this.timeline(manager, row.id, 'opened', { kind: input.kind, severity: input.severity, affectedRegions: row.affected_regions }, principal);
      await this.audit.record(manager, { action: 'incident.opened', objectType: 'incident', objectId: row.id, after: row }, meta);
      await this.once.remember(manager, meta, 'incident.opened', row.id);
      return row.id;
    });
    return this.get(id, principal);
  }

  async list(query: ListIncidentsQuery, principal: Principal): Promise<Page<IncidentDto>> {
    const page = await listIncidents(this.dataSource, query, principal);
    return { items: await this.toDtos(page.items), nextCursor: page.nextCursor };
  }

  async get(id: string, principal: Principal): Promise<IncidentDto> {
    const row = await incidentById(this.dataSource, id);
    if (!row || !this.mayRead(principal, row)) throw DomainError.notFound('incident');
    const [dto] = await this.toDtos([row]);
    return dto;
  }

  async setStatus(input: IncidentStatusMessage, principal: Principal, meta: RequestMeta): Promise<IncidentDto> {
    await this.dataSource.transaction(async (manager) => {
      const incident = await this.lock(manager, input.id, principal);
      if (!TRANSITIONS[incident.status].includes(input.status)) {
        throw DomainError.rule('ILLEGAL_TRANSITION', `an incident ${incident.status} cannot become ${input.status}`);
      }
      await setIncidentStatus(manager, incident.id, input.status);
      await this.timeline(manager, incident.id, 'status', { from: incident.status, to: input.status, note: input.note ?? null }, principal);
      if (!OPEN_INCIDENT_STATUSES.includes(input.status)) {
        const released = await releaseAllDispatches(manager, incident.id);
        for (const r of released)
          await this.timeline(manager, incident.id, 'released', { dispatchId: r.id, resourceId: r.resource_id, reason: input.status }, principal);
      }
      await this.audit.record(
        manager,
        {
          action: 'incident.status_changed',
          objectType: 'incident',
          objectId: incident.id,
          before: { status: incident.status },
          after: { status: input.status, note: input.note ?? null },
        },
        meta,
      );
    });
    return this.get(input.id, principal);
  }

  /**
   * Sends resources to an open incident. A resource held by another open incident is
   * refused (409 RESOURCE_BUSY): checked here, and by a partial unique index on active
   * dispatches when two requests race. Only resources of the caller's region can be sent
   * (another region's answers 404, as if it did not exist).
   */
  async dispatch(input: DispatchMessage, principal: Principal, meta: RequestMeta): Promise<IncidentDto> {
    try {
      await this.dataSource.transaction(async (manager) => {
        const incident = await this.lock(manager, input.id, principal);
        // a retry of a dispatch that went through answers with the incident as it is
        if (await this.once.earlier(manager, meta, `incident.dispatched:${incident.id}`)) return;
        if (!OPEN_INCIDENT_STATUSES.includes(incident.status)) {
          throw DomainError.rule('INCIDENT_NOT_OPEN', `resources go only to open incidents; this one is ${incident.status}`);
        }
        const ids = [...new Set(input.resourceIds)];
        const resources = await lockResources(manager, ids, regionScope(principal));
        const missing = ids.filter((id) => !resources.some((r) => r.id === id));
        if (missing.length > 0) throw DomainError.notFound(`emergency resource ${missing.join(', ')}`);
        const busy = resources.filter((r) => r.held_by !== null);
        if (busy.length > 0) throw busyError(busy.map((r) => `${r.name} (${r.held_by === incident.id ? 'this incident' : `incident ${r.held_by}`})`));
        const rows = await insertDispatches(manager, incident.id, ids, principal.sub, input.note ?? null);
        for (const r of rows)
          await this.timeline(manager, incident.id, 'dispatched', { dispatchId: r.id, resourceId: r.resource_id, note: input.note ?? null }, principal);
        if (incident.status === 'open') {
          await setIncidentStatus(manager, incident.id, 'responding');
          await this.timeline(manager, incident.id, 'status', { from: 'open', to: 'responding', note: '已调度应急资源' }, principal);
        }
        await this.audit.record(manager, { action: 'incident.dispatched', objectType: 'incident', objectId: incident.id, after: { dispatches: rows } }, meta);
        await this.once.remember(manager, meta, `incident.dispatched:${incident.id}`, incident.id);
      });
    } catch (err) {
      if (err instanceof QueryFailedError && (err.driverError as { constraint?: string }).constraint === ACTIVE_DISPATCH_INDEX) {
        throw busyError(['a resource was dispatched elsewhere at the same moment']);
      }
      throw err;
    }
    return this.get(input.id, principal);
  }

  async release(input: ReleaseDispatchMessage, principal: Principal, meta: RequestMeta): Promise<IncidentDto> {
    await this.dataSource.transaction(async (manager) => {
      const incident = await this.lock(manager, input.incidentId, principal);
      const row = await releaseDispatch(manager, input.dispatchId, incident.id);
      if (!row) throw DomainError.notFound('active dispatch');
      await this.timeline(manager, incident.id, 'released', { dispatchId: row.id, resourceId: row.resource_id }, principal);
      await this.audit.record(manager, { action: 'incident.resource_released', objectType: 'incident', objectId: incident.id, after: row }, meta);
    });
    return this.get(input.incidentId, principal);
  }

  private checkRegions(principal: Principal, codes: string[], field: string): void {
    for (const code of codes) {
      if (!regions().has(code))
        throw DomainError.rule('UNKNOWN_REGION', `region ${code} is not a division of the province`, [{ field, message: `unknown region ${code}` }]);
      if (!mayActIn(principal, code)) throw outsideScope(`region ${code}`, principal);
    }
  }

  /** Staff see an incident that touches their region, or an enclosing one. */
  private mayRead(principal: Principal, row: IncidentRow): boolean {
    return row.affected_regions.some((r) => overlapsScope(principal, r));
  }

  /**
   * Locks an incident to act on it: invisible answers 404; visible but affecting a region
   * outside the caller's (e.g. a province-wide incident for county staff) answers 403.
   */
  private async lock(manager: EntityManager, id: string, principal: Principal): Promise<IncidentRow> {
    const row = await lockIncident(manager, id);
    if (!row || !this.mayRead(principal, row)) throw DomainError.notFound('incident');
    if (!row.affected_regions.every((r) => mayActIn(principal, r))) throw outsideScope(`incident ${row.title} (${row.affected_regions.join(', ')})`, principal);
    return row;
  }

  private async timeline(manager: EntityManager, incidentId: string, kind: string, detail: Record<string, unknown>, principal: Principal): Promise<void> {
    await appendTimeline(manager, incidentId, kind, detail, principal.sub);
  }

  private async toDtos(rows: IncidentRow[]): Promise<IncidentDto[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const [dispatches, timeline] = await Promise.all([dispatchesOf(this.dataSource, ids), timelinesOf(this.dataSource, ids)]);
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      title: r.title,
      severity: r.severity,
      status: r.status,
      affectedRegions: r.affected_regions,
      description: r.description,
      createdAt: r.created_at.toISOString(),
      dispatches: dispatches
        .filter((d) => d.incident_id === r.id)
        .map((d) => ({
          id: d.id,
          resourceId: d.resource_id,
          resourceName: d.name,
          dispatchedAt: d.dispatched_at.toISOString(),
          releasedAt: d.released_at?.toISOString() ?? null,
        })),
      timeline: timeline.filter((t) => t.incident_id === r.id).map((t) => ({ at: t.at.toISOString(), kind: t.kind, detail: t.detail, actor: t.actor })),
    }));
  }
}

function busyError(what: string[]): DomainError {
  return DomainError.conflict('RESOURCE_BUSY', `already dispatched to an open incident: ${what.join('; ')}`);
}

function toResource(r: ResourceRow): ResourceDto {
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    regionCode: r.region_code,
    capacity: r.capacity,
    capacityUnit: r.capacity_unit,
    heldBy: r.held_by,
    operatorName: r.operator_name,
    operatorUscc: r.operator_uscc,
    address: r.address,
    createdAt: r.created_at.toISOString(),
  };
}
