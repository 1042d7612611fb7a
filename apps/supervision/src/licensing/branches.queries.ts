import type { EntityManager } from 'typeorm';
import type { BranchDto } from '@app/contracts';

/**
 * The SQL of branches and business offices (分支机构、营业部), with the rows it returns. The
 * table has no entity: a filing receipt number is drawn from a sequence
 * (`supervision.branch_receipt_seq`) and a branch is written and returned in one statement.
 */

/** A row of `supervision.branches`. */
export interface BranchRow {
  id: string;
  enterprise_id: string;
  kind: BranchDto['kind'];
  name: string;
  region_code: string;
  address: string;
  uscc: string | null;
  receipt_no: string;
  created_at: Date;
}

type Db = Pick<EntityManager, 'query'>;

/** Whether the enterprise has a branch of this name already. */
export async function branchNamed(db: Db, enterpriseId: string, name: string): Promise<boolean> {
  const [clash] = await db.query(`SELECT 1 FROM supervision.branches WHERE enterprise_id = $1 AND name = $2`, [enterpriseId, name]);
  return Boolean(clash);
}

/** The next number of the branch filing receipts. */
export async function nextReceiptNumber(db: Db): Promise<number> {
  const [{ n }] = await db.query(`SELECT nextval('supervision.branch_receipt_seq')::int AS n`);
  return n;
}

export async function insertBranch(
  db: Db,
  branch: { enterpriseId: string; kind: string; name: string; regionCode: string; address: string; uscc: string | null; receiptNo: string; createdBy: string },
): Promise<BranchRow> {
  const [row]: BranchRow[] = await db.query(
    `INSERT INTO supervision.branches (enterprise_id, kind, name, region_code, address, uscc, receipt_no, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
    [branch.enterpriseId, branch.kind, branch.name, branch.regionCode, branch.address, branch.uscc, branch.receiptNo, branch.createdBy],
  );
  return row;
}

/** The enterprise's branches, oldest first. */
export function branchesOf(db: Db, enterpriseId: string): Promise<BranchRow[]> {
  return db.query(`SELECT * FROM supervision.branches WHERE enterprise_id = $1 ORDER BY created_at, id`, [enterpriseId]);
}

export async function branchById(db: Db, id: string): Promise<BranchRow | undefined> {
  const [row]: BranchRow[] = await db.query(`SELECT * FROM supervision.branches WHERE id = $1`, [id]);
  return row;
}
