import type { DataSource, EntityManager } from 'typeorm';
import type { ListTargetsQuery, Page, TargetOp } from '@app/contracts';
import { keysetPage } from '../common/keyset.js';

/**
 * The SQL of the policy targets table (政策目标), with the rows it returns; `value` is numeric,
 * read as text. The table has no entity: a target is locked (FOR UPDATE) while it changes and
 * is updated with COALESCE of the fields given and clock_timestamp(), returning the stored row.
 */

/** A row of `supervision.policy_targets`. */
export interface TargetRow {
  id: string;
  key: string;
  metric_zh: string;
  region_code: string;
  year: number;
  op: TargetOp;
  value: string;
  unit: string;
  document: string;
  clause: string;
  quote: string;
  created_at: Date;
  updated_at: Date;
}

type Db = Pick<EntityManager, 'query'>;

export function allTargets(db: Db): Promise<TargetRow[]> {
  return db.query(`SELECT * FROM supervision.policy_targets ORDER BY key, region_code, year`);
}

/** A page of targets, newest first, of one key and one year when given. */
export function listTargets(dataSource: DataSource, query: ListTargetsQuery): Promise<Page<TargetRow>> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (query.key) where.push(`key = $${params.push(query.key)}`);
  if (query.year) where.push(`year = $${params.push(query.year)}`);
  return keysetPage(dataSource, 'supervision.policy_targets', where, params, query, (r: TargetRow) => r);
}

/** Whether a target of this key, region and year exists. */
export async function targetExists(db: Db, key: string, regionCode: string, year: number): Promise<boolean> {
  const rows: unknown[] = await db.query(`SELECT 1 FROM supervision.policy_targets WHERE key = $1 AND region_code = $2 AND year = $3`, [key, regionCode, year]);
  return rows.length > 0;
}

export async function insertTarget(
  db: Db,
  target: {
    key: string;
    metricZh: string;
    regionCode: string;
    year: number;
    op: TargetOp;
    value: number;
    unit: string;
    document: string;
    clause: string;
    quote: string;
  },
): Promise<TargetRow> {
  const [row]: TargetRow[] = await db.query(
    `INSERT INTO supervision.policy_targets (key, metric_zh, region_code, year, op, value, unit, document, clause, quote)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
    [target.key, target.metricZh, target.regionCode, target.year, target.op, target.value, target.unit, target.document, target.clause, target.quote],
  );
  return row;
}

/** The target, locked (FOR UPDATE) until the transaction ends. */
export async function lockTarget(manager: EntityManager, id: string): Promise<TargetRow | undefined> {
  const [row]: TargetRow[] = await manager.query(`SELECT * FROM supervision.policy_targets WHERE id = $1 FOR UPDATE`, [id]);
  return row;
}

/** A new value; the operator and the quote change only when given. */
export async function updateTarget(db: Db, id: string, change: { value: number; op: TargetOp | null; quote: string | null }): Promise<TargetRow> {
  const [[row]]: [TargetRow[], number] = await db.query(
    `UPDATE supervision.policy_targets SET value = $2, op = COALESCE($3, op), quote = COALESCE($4, quote), updated_at = clock_timestamp()
     WHERE id = $1 RETURNING *`,
    [id, change.value, change.op, change.quote],
  );
  return row;
}
