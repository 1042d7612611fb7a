import type { DataSource, EntityManager } from 'typeorm';
import { type IncidentStatus, type ListIncidentsQuery, type Page, type Principal, Role } from '@app/contracts';
import { keysetPage } from '../common/keyset.js';

/**
 * The SQL of incidents (突发事件) and their timeline, with the rows it returns. The tables
 * have no entities: every statement here is one the service needs as it is (row locks,
 * array columns, inserts returning the stored row).
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
