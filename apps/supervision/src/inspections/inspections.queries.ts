import type { DataSource, EntityManager } from 'typeorm';
import type { DrawSource, InspectionTargetKind, ListDrawsQuery, ListInspectorsQuery, Page, PublicInspectionsQuery, Severity } from '@app/contracts';
import { keysetPage } from '../common/keyset.js';
import type { Candidate, PoolInspector } from './draw.rules.js';

/**
 * The SQL of the inspector pool, inspection draws and their items (双随机、一公开), and of the
 * registries a draw takes its candidates from, with the rows it returns. The tables have no
 * entities: draws store their candidate and inspector lists as jsonb, items are written as a
 * set, and candidates come from the read models.
 */

/** A candidate as the draw stores it: what the algorithm needs, plus what the result shows. */
export interface StoredCandidate extends Candidate {
  name: string;
  enterpriseIds: string[];
}

/** A row of `supervision.inspection_draws`. */
export interface DrawRow {
  id: string;
  target_kind: InspectionTargetKind;
  count: number;
  inspectors_per_target: number;
  seed: string;
  region_code: string;
  weighted: boolean;
  algorithm: string;
  candidates: StoredCandidate[];
  inspector_pool: PoolInspector[];
  /** random (a draw) or complaint (an inspection of a complaint's subject) */
  source: DrawSource;
  source_ref: string | null;
  created_at: Date;
}

/** A row of `supervision.inspection_items`; `inspector_ids` as text. */
export interface ItemRow {
  id: string;
  draw_id: string;
  position: number;
  target_id: string;
  target_name: string;
  region_code: string;
  enterprise_ids: string[];
  weight: number;
  inspector_ids: string[];
  outcome: 'pass' | 'fail' | null;
  findings: string | null;
  fine_fen: string | null;
  severity: Severity | null;
  recorded_at: Date | null;
}

/** A row of `supervision.inspectors` as the pool list shows it. */
export interface InspectorRow {
  id: string;
  name: string;
  org_id: string;
  org_name: string;
  region_code: string;
  created_at: Date;
}

/** An item of the public list (一公开), with its draw's seed and kind. */
export interface PublicItemRow {
  id: string;
  draw_id: string;
  created_at: Date;
  seed: string;
  target_kind: InspectionTargetKind;
  target_name: string;
  region_code: string;
  outcome: string | null;
  findings: string | null;
  fine_fen: string | null;
}

type Db = Pick<EntityManager, 'query'>;

export async function insertInspector(
  db: Db,
  inspector: { name: string; orgId: string; orgName: string; orgKind: string; regionCode: string; conflictKeys: string[]; createdBy: string },
): Promise<{ id: string; created_at: Date }> {
  const [row]: Array<{ id: string; created_at: Date }> = await db.query(
    `INSERT INTO supervision.inspectors (name, org_id, org_name, org_kind, region_code, conflict_keys, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, created_at`,
    [inspector.name, inspector.orgId, inspector.orgName, inspector.orgKind, inspector.regionCode, inspector.conflictKeys, inspector.createdBy],
  );
  return row;
}

export function listInspectors(dataSource: DataSource, query: ListInspectorsQuery): Promise<Page<InspectorRow>> {
  return keysetPage(dataSource, 'supervision.inspectors', [], [], query, (r: InspectorRow) => r);
}

/** Every inspector with the region they may inspect and their conflict-of-interest keys. */
export async function inspectorPool(db: Db): Promise<PoolInspector[]> {
  const rows: Array<{ id: string; region_code: string; conflict_keys: string[] }> = await db.query(
    `SELECT id, region_code, conflict_keys FROM supervision.inspectors`,
  );
  return rows.map((r) => ({ id: r.id, regionCode: r.region_code, keys: r.conflict_keys }));
}

export async function inspectorsByIds(db: Db, ids: string[]): Promise<Array<{ id: string; name: string; org_name: string }>> {
  return ids.length ? db.query(`SELECT id, name, org_name FROM supervision.inspectors WHERE id = ANY($1::uuid[])`, [ids]) : [];
}

export async function insertDraw(
  db: Db,
  draw: {
    targetKind: InspectionTargetKind;
    count: number;
    inspectorsPerTarget: number;
    seed: string;
    regionCode: string;
    weighted: boolean;
    algorithm: string;
    candidates: StoredCandidate[];
    pool: PoolInspector[];
    createdBy: string;
    source: DrawSource;
    sourceRef: string | null;
  },
): Promise<{ id: string; created_at: Date }> {
  const [row]: Array<{ id: string; created_at: Date }> = await db.query(
    `INSERT INTO supervision.inspection_draws
       (target_kind, count, inspectors_per_target, seed, region_code, weighted, algorithm, candidates, inspector_pool, created_by, source, source_ref)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id, created_at`,
    [
      draw.targetKind,
      draw.count,
      draw.inspectorsPerTarget,
      draw.seed,
      draw.regionCode,
      draw.weighted,
      draw.algorithm,
      JSON.stringify(draw.candidates),
      JSON.stringify(draw.pool),
      draw.createdBy,
      draw.source,
      draw.sourceRef,
    ],
  );
  return row;
}

/** The drawn items of a draw, in one statement from column arrays. */
export async function insertItems(
  db: Db,
  drawId: string,
  createdAt: Date,
  items: Array<{ position: number; targetId: string; inspectorIds: string[]; c: StoredCandidate }>,
): Promise<void> {
  await db.query(
    `INSERT INTO supervision.inspection_items
       (draw_id, position, target_id, target_name, region_code, enterprise_ids, weight, inspector_ids, created_at)
     SELECT $1, position, target_id, target_name, region_code, ARRAY(SELECT jsonb_array_elements_text(enterprise_ids)), weight,
            ARRAY(SELECT jsonb_array_elements_text(inspector_ids))::uuid[], $2
     FROM unnest($3::int[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $8::float8[], $9::jsonb[])
          AS t(position, target_id, target_name, region_code, enterprise_ids, weight, inspector_ids)`,
    [
      drawId,
      createdAt,
      items.map((i) => i.position),
      items.map((i) => i.targetId),
      items.map((i) => i.c.name),
      items.map((i) => i.c.regionCode),
      items.map((i) => JSON.stringify(i.c.enterpriseIds)),
      items.map((i) => i.c.weight),
      items.map((i) => JSON.stringify(i.inspectorIds)),
    ],
  );
}

export async function drawById(db: Db, id: string): Promise<DrawRow | undefined> {
  const [row]: DrawRow[] = await db.query(`SELECT * FROM supervision.inspection_draws WHERE id = $1`, [id]);
  return row;
}

/** A page of draws, newest first, within `regionPrefix` (all when null). */
export function listDraws(dataSource: DataSource, query: ListDrawsQuery, regionPrefix: string | null): Promise<Page<DrawRow>> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (regionPrefix !== null) where.push(`region_code LIKE $${params.push(`${regionPrefix}%`)}`);
  return keysetPage(dataSource, 'supervision.inspection_draws', where, params, query, (r: DrawRow) => r);
}

/** What a draw stored for each item, in draw order: the target and its inspectors. */
export function drawnItems(db: Db, drawId: string): Promise<Array<Pick<ItemRow, 'target_id' | 'inspector_ids'>>> {
  return db.query(`SELECT target_id, inspector_ids::text[] AS inspector_ids FROM supervision.inspection_items WHERE draw_id = $1 ORDER BY position`, [drawId]);
}

/** The items of these draws, each draw's in order. */
export function itemsOf(db: Db, drawIds: string[]): Promise<ItemRow[]> {
  return db.query(
    `SELECT id, draw_id, position, target_id, target_name, region_code, weight, inspector_ids::text[] AS inspector_ids,
            outcome, findings, fine_fen, severity, recorded_at
     FROM supervision.inspection_items WHERE draw_id = ANY($1::uuid[]) ORDER BY draw_id, position`,
    [drawIds],
  );
}

/** The item of the draw, locked (FOR UPDATE) until the transaction ends, with its draw's region and kind. */
export async function lockItem(
  manager: EntityManager,
  itemId: string,
  drawId: string,
): Promise<(ItemRow & { draw_region: string; target_kind: string }) | undefined> {
  const [row]: Array<ItemRow & { draw_region: string; target_kind: string }> = await manager.query(
    `SELECT i.*, d.region_code AS draw_region, d.target_kind FROM supervision.inspection_items i
     JOIN supervision.inspection_draws d ON d.id = i.draw_id
     WHERE i.id = $1 AND i.draw_id = $2 FOR UPDATE OF i`,
    [itemId, drawId],
  );
  return row;
}

export async function recordItemResult(
  db: Db,
  itemId: string,
  result: { outcome: 'pass' | 'fail'; findings: string | null; fineFen: number; severity: Severity | null; recordedBy: string },
): Promise<void> {
  await db.query(
    `UPDATE supervision.inspection_items SET outcome = $2, findings = $3, fine_fen = $4, severity = $5,
       recorded_at = clock_timestamp(), recorded_by = $6 WHERE id = $1`,
    [itemId, result.outcome, result.findings, result.fineFen, result.severity, result.recordedBy],
  );
}

/** Those of these ids (text: an item may name any id) that are registered enterprises. */
export async function knownEnterprises(db: Db, ids: string[]): Promise<string[]> {
  const rows: Array<{ id: string }> = await db.query(`SELECT id FROM supervision.enterprises WHERE id::text = ANY($1::text[])`, [ids]);
  return rows.map((r) => r.id);
}

/** The public list (一公开): items with their draw, newest first. */
export function publicItems(dataSource: DataSource, query: PublicInspectionsQuery): Promise<Page<PublicItemRow>> {
  return keysetPage(
    dataSource,
    'supervision.inspection_items i JOIN supervision.inspection_draws d ON d.id = i.draw_id',
    [],
    [],
    query,
    (r: PublicItemRow) => r,
    'i.id, i.draw_id, i.created_at, d.seed, d.target_kind, i.target_name, i.region_code, i.outcome, i.findings, i.fine_fen',
    'i.',
  );
}

/** Enterprises licensed on `today` whose territory lies within `region` or encloses it. */
export function licensedEnterprisesIn(db: Db, region: string, today: string): Promise<Array<{ id: string; name: string; uscc: string; territory: string[] }>> {
  return db.query(
    `SELECT id, name, uscc, licence_territory AS territory FROM supervision.enterprises
     WHERE licence_revoked_at IS NULL AND $2::date BETWEEN licence_valid_from AND licence_valid_to
       AND EXISTS (SELECT 1 FROM unnest(licence_territory) t WHERE t LIKE $1 || '%' OR $1 LIKE t || '%')`,
    [region, today],
  );
}

/** Branches and business offices within `region` of enterprises whose licence is in force on `today`, with their enterprise. */
export function licensedBranchesIn(
  db: Db,
  region: string,
  today: string,
): Promise<
  Array<{ id: string; name: string; kind: string; region_code: string; branch_uscc: string | null; enterprise_id: string; uscc: string; enterprise: string }>
> {
  return db.query(
    `SELECT b.id, b.name, b.kind, b.region_code, b.uscc AS branch_uscc, e.id AS enterprise_id, e.uscc, e.name AS enterprise
       FROM supervision.branches b JOIN supervision.enterprises e ON e.id = b.enterprise_id
       WHERE b.region_code LIKE $1 || '%' AND e.licence_revoked_at IS NULL AND e.licence_cancelled_at IS NULL
         AND $2::date BETWEEN e.licence_valid_from AND e.licence_valid_to`,
    [region, today],
  );
}

/** Open filed outlets of the region (read model). */
export function filedOutletsIn(
  db: Db,
  region: string,
): Promise<Array<{ outlet_id: string; kind: string; region_code: string; enterprise_ids: string[]; receipt_no: string | null }>> {
  return db.query(
    `SELECT outlet_id, kind, region_code, enterprise_ids, receipt_no FROM supervision.rm_outlets
     WHERE open AND filed_on IS NOT NULL AND region_code LIKE $1 || '%'`,
    [region],
  );
}

/** The credit codes of these enterprise ids (text), where registered. */
export async function usccsOf(db: Db, ids: string[]): Promise<Array<{ id: string; uscc: string }>> {
  return ids.length ? db.query(`SELECT id::text AS id, uscc FROM supervision.enterprises WHERE id::text = ANY($1::text[])`, [ids]) : [];
}

/** County centres of the region with their reported and late days of the last 365 (read models). */
export function centresWithLateDays(
  db: Db,
  region: string,
  today: string,
): Promise<Array<{ centre_id: string; county_code: string; org_id: string | null; late: string; days: string }>> {
  return db.query(
    `SELECT c.centre_id, c.county_code, c.org_id,
            count(d.date) FILTER (WHERE (d.first_reported_at AT TIME ZONE 'Asia/Shanghai')::date > d.date + 1) AS late,
            count(d.date) AS days
     FROM supervision.rm_centres c
     LEFT JOIN supervision.rm_centre_days d ON d.centre_id = c.centre_id AND d.date > $2::date - 365
     WHERE c.county_code LIKE $1 || '%' GROUP BY c.centre_id, c.county_code, c.org_id`,
    [region, today],
  );
}

/** Complaints from the public per enterprise in the last `days` days. */
export async function recentComplaints(db: Db, enterpriseIds: string[], days: number): Promise<Array<{ enterprise_id: string; n: number }>> {
  return enterpriseIds.length
    ? db.query(
        `SELECT enterprise_id::text AS enterprise_id, count(*)::int AS n FROM supervision.complaints
          WHERE enterprise_id::text = ANY($1::text[]) AND created_at > now() - make_interval(days => $2) GROUP BY enterprise_id`,
        [enterpriseIds, days],
      )
    : [];
}
