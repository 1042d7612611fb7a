import type { DataSource, EntityManager } from 'typeorm';
import type { Page } from '@app/contracts';
import { keysetPage } from '../common/keyset.js';

/**
 * The SQL of emergency plans (应急预案) and drills (应急演练), with the rows it returns. The
 * tables have no entities: the statements read dates as text, count a plan's drills in a
 * subquery, check uuid arrays with `= ANY` and gather a drill's resources with `json_agg`.
 */

/** A row of `supervision.emergency_plans`, with its issue date as text and its drill count. */
export interface PlanRow {
  id: string;
  region_code: string;
  title: string;
  issued_on_text: string;
  summary: string;
  drills: number;
  created_at: Date;
}

/** A row of `supervision.emergency_drills`, with its date as text and the resources it used. */
export interface DrillRow {
  id: string;
  region_code: string;
  plan_id: string | null;
  title: string;
  held_on_text: string;
  participants: string[];
  participant_count: number;
  resources: Array<{ id: string; kind: string; name: string }>;
  resources_note: string | null;
  findings: string;
  created_at: Date;
}

type Db = Pick<EntityManager, 'query'>;

const PLANS = `(SELECT p.*, to_char(p.issued_on, 'YYYY-MM-DD') AS issued_on_text,
    (SELECT count(*)::int FROM supervision.emergency_drills d WHERE d.plan_id = p.id) AS drills
  FROM supervision.emergency_plans p) AS plans`;
const DRILLS = `(SELECT d.*, to_char(d.held_on, 'YYYY-MM-DD') AS held_on_text,
    coalesce((SELECT json_agg(json_build_object('id', r.id, 'kind', r.kind, 'name', r.name) ORDER BY r.name)
              FROM supervision.emergency_resources r WHERE r.id = ANY(d.resource_ids)), '[]'::json) AS resources
  FROM supervision.emergency_drills d) AS drills`;

export async function insertPlan(
  db: Db,
  plan: { regionCode: string; title: string; issuedOn: string; summary: string; createdBy: string },
): Promise<{ id: string }> {
  const [row]: Array<{ id: string }> = await db.query(
    `INSERT INTO supervision.emergency_plans (region_code, title, issued_on, summary, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [plan.regionCode, plan.title, plan.issuedOn, plan.summary, plan.createdBy],
  );
  return row;
}

/** A page of plans, newest first, under the numbered conditions `where`. */
export function listPlans<T>(
  dataSource: DataSource,
  where: string[],
  params: unknown[],
  query: { limit?: number; cursor?: string },
  map: (r: PlanRow) => T,
): Promise<Page<T>> {
  return keysetPage(dataSource, PLANS, where, params, query, map);
}

/** The plan with this id, which the caller has just written or read. */
export async function planById(db: Db, id: string): Promise<PlanRow> {
  const [row]: PlanRow[] = await db.query(`SELECT * FROM ${PLANS} WHERE id = $1`, [id]);
  return row;
}

/** The region a plan covers, if the plan exists. */
export async function planRegion(db: Db, id: string): Promise<{ region_code: string } | undefined> {
  const [plan]: Array<{ region_code: string }> = await db.query(`SELECT region_code FROM supervision.emergency_plans WHERE id = $1`, [id]);
  return plan;
}

/** The registered emergency resources among these ids, with their regions. */
export function resourceRegions(db: Db, ids: string[]): Promise<Array<{ id: string; region_code: string }>> {
  return db.query(`SELECT id, region_code FROM supervision.emergency_resources WHERE id = ANY($1::uuid[])`, [ids]);
}

export async function insertDrill(
  db: Db,
  drill: {
    regionCode: string;
    planId: string | null;
    title: string;
    heldOn: string;
    participants: string[];
    participantCount: number;
    resourceIds: string[];
    resourcesNote: string | null;
    findings: string;
    createdBy: string;
  },
): Promise<{ id: string }> {
  const [row]: Array<{ id: string }> = await db.query(
    `INSERT INTO supervision.emergency_drills
       (region_code, plan_id, title, held_on, participants, participant_count, resource_ids, resources_note, findings, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [
      drill.regionCode,
      drill.planId,
      drill.title,
      drill.heldOn,
      drill.participants,
      drill.participantCount,
      drill.resourceIds,
      drill.resourcesNote,
      drill.findings,
      drill.createdBy,
    ],
  );
  return row;
}

/** A page of drills, newest first, under the numbered conditions `where`. */
export function listDrills<T>(
  dataSource: DataSource,
  where: string[],
  params: unknown[],
  query: { limit?: number; cursor?: string },
  map: (r: DrillRow) => T,
): Promise<Page<T>> {
  return keysetPage(dataSource, DRILLS, where, params, query, map);
}

/** The drill with this id, which the caller has just written or read. */
export async function drillById(db: Db, id: string): Promise<DrillRow> {
  const [row]: DrillRow[] = await db.query(`SELECT * FROM ${DRILLS} WHERE id = $1`, [id]);
  return row;
}
