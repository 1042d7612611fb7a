import type { DataSource, EntityManager } from 'typeorm';
import { type IncidentStatus, type ListIncidentsQuery, type ListResourcesQuery, type Page, type Principal, Role } from '@app/contracts';
import { keysetPage } from '../common/keyset.js';

/**
 * The SQL of incidents (突发事件), their timeline, emergency resources and their dispatch,
 * with the rows it returns. The tables have no entities: the statements take row locks,
 * read array columns, write sets of dispatches at once and return the stored rows.
 */

/** A row of `supervision.incidents`. */
export interface IncidentRow {
  id: string;
  kind: string;
  title: string;
  severity: number;
  status: IncidentStatus;
  affected_regions: string[];
  description: string | null;
  created_at: Date;
}

/** A row of `supervision.incident_timeline`, as an incident shows it. */
export interface TimelineRow {
  incident_id: string;
  at: Date;
  kind: string;
  detail: Record<string, unknown>;
  actor: string;
}

type Db = Pick<EntityManager, 'query'>;

export async function insertIncident(
  db: Db,
  incident: { kind: string; title: string; severity: number; affectedRegions: string[]; description: string | null; createdBy: string },
): Promise<IncidentRow> {
  const [row]: IncidentRow[] = await db.query(
    `INSERT INTO supervision.incidents (kind, title, severity, status, affected_regions, description, created_by)
     VALUES ($1, $2, $3, 'open', $4, $5, $6) RETURNING *`,
    [incident.kind, incident.title, incident.severity, incident.affectedRegions, incident.description, incident.createdBy],
  );
  return row;
}

/** A page of incidents, newest first; staff see those touching their region or an enclosing one. */
export function listIncidents(dataSource: DataSource, query: ListIncidentsQuery, principal: Principal): Promise<Page<IncidentRow>> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (query.status) where.push(`status = $${params.push(query.status)}`);
  if (principal.role !== Role.Admin) {
    // the affected regions are an array: one of them within the caller's region, or enclosing it
    where.push(
      `EXISTS (SELECT 1 FROM unnest(affected_regions) r WHERE r LIKE $${params.push(`${principal.regionCode}%`)} OR $${params.push(principal.regionCode)} LIKE r || '%')`,
    );
  }
  return keysetPage(dataSource, 'supervision.incidents', where, params, query, (r: IncidentRow) => r);
}

export async function incidentById(db: Db, id: string): Promise<IncidentRow | undefined> {
  const [row]: IncidentRow[] = await db.query(`SELECT * FROM supervision.incidents WHERE id = $1`, [id]);
  return row;
}

/** The incident, locked (FOR UPDATE) until the transaction ends. */
export async function lockIncident(manager: EntityManager, id: string): Promise<IncidentRow | undefined> {
  const [row]: IncidentRow[] = await manager.query(`SELECT * FROM supervision.incidents WHERE id = $1 FOR UPDATE`, [id]);
  return row;
}

export async function setIncidentStatus(db: Db, id: string, status: IncidentStatus): Promise<void> {
  await db.query(`UPDATE supervision.incidents SET status = $2, updated_at = clock_timestamp() WHERE id = $1`, [id, status]);
}

export async function appendTimeline(db: Db, incidentId: string, kind: string, detail: Record<string, unknown>, actor: string): Promise<void> {
  await db.query(`INSERT INTO supervision.incident_timeline (incident_id, kind, detail, actor) VALUES ($1, $2, $3, $4)`, [
    incidentId,
    kind,
    JSON.stringify(detail),
    actor,
  ]);
}

/** The timelines of these incidents, each in its order. */
export function timelinesOf(db: Db, incidentIds: string[]): Promise<TimelineRow[]> {
  return db.query(`SELECT incident_id, at, kind, detail, actor FROM supervision.incident_timeline WHERE incident_id = ANY($1::uuid[]) ORDER BY seq`, [
    incidentIds,
  ]);
}

/** A row of `supervision.emergency_resources`, with the incident that holds it now (an active dispatch), if any. */
export interface ResourceRow {
  id: string;
  kind: string;
  name: string;
  region_code: string;
  capacity: number;
  capacity_unit: string;
  operator_name: string | null;
  operator_uscc: string | null;
  address: string | null;
  held_by: string | null;
  created_at: Date;
}

/** A resource asked for in a dispatch, with the incident that holds it now, if any. */
export interface ResourceHoldRow {
  id: string;
  name: string;
  held_by: string | null;
}

/** A dispatch of a resource to an incident, as the incident shows it. */
export interface DispatchRow {
  id: string;
  incident_id: string;
  resource_id: string;
  name: string;
  dispatched_at: Date;
  released_at: Date | null;
}

/** A dispatch made or released: which one, of which resource. */
export interface DispatchRef {
  id: string;
  resource_id: string;
}

/** Resources with the incident holding each (its active dispatch): the source `listResources` pages through. */
const RESOURCES_WITH_HOLDER = `(SELECT r.*, (SELECT d.incident_id FROM supervision.dispatches d WHERE d.resource_id = r.id AND d.released_at IS NULL) AS held_by
  FROM supervision.emergency_resources r) AS resources`;

export async function resourceById(db: Db, id: string): Promise<ResourceRow | undefined> {
  const [row]: ResourceRow[] = await db.query(
    `SELECT r.*, (SELECT d.incident_id FROM supervision.dispatches d WHERE d.resource_id = r.id AND d.released_at IS NULL) AS held_by
     FROM supervision.emergency_resources r WHERE r.id = $1`,
    [id],
  );
  return row;
}

export async function insertResource(
  db: Db,
  resource: {
    kind: string;
    name: string;
    regionCode: string;
    capacity: number;
    capacityUnit: string;
    createdBy: string;
    operatorName: string | null;
    operatorUscc: string | null;
    address: string | null;
  },
): Promise<ResourceRow> {
  const [row]: ResourceRow[] = await db.query(
    `INSERT INTO supervision.emergency_resources (kind, name, region_code, capacity, capacity_unit, created_by, operator_name, operator_uscc, address)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *, NULL::uuid AS held_by`,
    [
      resource.kind,
      resource.name,
      resource.regionCode,
      resource.capacity,
      resource.capacityUnit,
      resource.createdBy,
      resource.operatorName,
      resource.operatorUscc,
      resource.address,
    ],
  );
  return row;
}

/** A page of resources, newest first: within `regionPrefix` (all when null), only free or only held ones when `available` says so. */
export function listResources(dataSource: DataSource, query: ListResourcesQuery, regionPrefix: string | null): Promise<Page<ResourceRow>> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (regionPrefix !== null) where.push(`region_code LIKE $${params.push(`${regionPrefix}%`)}`);
  if (query.available === 'true') where.push('held_by IS NULL');
  if (query.available === 'false') where.push('held_by IS NOT NULL');
  return keysetPage(dataSource, RESOURCES_WITH_HOLDER, where, params, query, (r: ResourceRow) => r);
}

/**
 * The resources asked for that lie within `regionScope`, locked (FOR UPDATE) until the
 * transaction ends, each with the incident holding it now.
 */
export function lockResources(manager: EntityManager, ids: string[], regionScope: string): Promise<ResourceHoldRow[]> {
  return manager.query(
    `SELECT r.id, r.name, d.incident_id AS held_by FROM supervision.emergency_resources r
     LEFT JOIN supervision.dispatches d ON d.resource_id = r.id AND d.released_at IS NULL
     WHERE r.id = ANY($1::uuid[]) AND r.region_code LIKE $2 || '%' FOR UPDATE OF r`,
    [ids, regionScope],
  );
}

/** One dispatch per resource, in one statement; a resource already held breaks `uq_dispatches_active_resource`. */
export function insertDispatches(db: Db, incidentId: string, resourceIds: string[], dispatchedBy: string, note: string | null): Promise<DispatchRef[]> {
  return db.query(
    `INSERT INTO supervision.dispatches (incident_id, resource_id, dispatched_by, note)
     SELECT $1, resource_id, $2, $3 FROM unnest($4::uuid[]) AS resource_id RETURNING id, resource_id`,
    [incidentId, dispatchedBy, note, resourceIds],
  );
}

/** Releases every active dispatch of the incident, in one statement. */
export async function releaseAllDispatches(db: Db, incidentId: string): Promise<DispatchRef[]> {
  const [released]: [DispatchRef[], number] = await db.query(
    `UPDATE supervision.dispatches SET released_at = clock_timestamp() WHERE incident_id = $1 AND released_at IS NULL RETURNING id, resource_id`,
    [incidentId],
  );
  return released;
}

/** Releases one active dispatch of the incident; undefined when there is no such active dispatch. */
export async function releaseDispatch(db: Db, dispatchId: string, incidentId: string): Promise<DispatchRef | undefined> {
  const [[row]]: [DispatchRef[], number] = await db.query(
    `UPDATE supervision.dispatches SET released_at = clock_timestamp()
     WHERE id = $1 AND incident_id = $2 AND released_at IS NULL RETURNING id, resource_id`,
    [dispatchId, incidentId],
  );
  return row;
}

/** The dispatches of these incidents with the resources' names, in dispatch order. */
export function dispatchesOf(db: Db, incidentIds: string[]): Promise<DispatchRow[]> {
  return db.query(
    `SELECT d.id, d.incident_id, d.resource_id, r.name, d.dispatched_at, d.released_at FROM supervision.dispatches d
     JOIN supervision.emergency_resources r ON r.id = d.resource_id WHERE d.incident_id = ANY($1::uuid[]) ORDER BY d.dispatched_at, d.id`,
    [incidentIds],
  );
}
