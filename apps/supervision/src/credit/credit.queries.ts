import type { DataSource, EntityManager } from 'typeorm';
import type { CreditRecordDto, CreditRecordRulesDto, CreditRepairDto, ListCreditRepairsMessage, Page, RectificationAttachment, Severity } from '@app/contracts';
import { keysetPage } from '../common/keyset.js';
import type { CreditScheme } from './credit.rules.js';

/**
 * The SQL of credit records, the scoring schemes and repair applications, with the rows it
 * returns. The tables have no entities: dates are read as the business date text, schemes
 * are jsonb, and the statements take the locks the service relies on.
 */

/** A row of `supervision.credit_records`; `occurred_on` as `YYYY-MM-DD`. */
export interface RecordRow {
  id: string;
  enterprise_id: string;
  kind: CreditRecordDto['kind'];
  severity: Severity;
  points: number;
  description: string;
  occurred_on: string;
  source_id: string | null;
  created_at: Date;
  scheme_version: number;
  repaired_at: Date | null;
}

/** A row of `supervision.credit_schemes`. */
export interface SchemeRow {
  version: number;
  scheme: CreditScheme;
  record_rules: CreditRecordRulesDto;
  reason: string;
  created_by: string;
  created_at: Date;
}

/** A row of `supervision.credit_repairs`. */
export interface RepairRow {
  id: string;
  record_id: string;
  enterprise_id: string;
  evidence: string;
  attachments: RectificationAttachment[];
  status: CreditRepairDto['status'];
  reason: string | null;
  applied_by: string;
  decided_by: string | null;
  decided_at: Date | null;
  created_at: Date;
}

/** Who an enterprise is, as the credit pages show it. */
export interface CreditEnterpriseRow {
  id: string;
  name: string;
  uscc: string;
  licence_revoked_at: Date | null;
  created_at: Date;
}

/** Whose licence an enterprise holds: who may act on it. */
export interface LicenceHolderRow {
  name: string;
  licence_issued_by: string;
  licence_territory: string[];
}

type Db = Pick<EntityManager, 'query'>;

const RECORD_COLUMNS = `id, enterprise_id, kind, severity, points, description, to_char(occurred_on, 'YYYY-MM-DD') AS occurred_on, source_id, created_at, scheme_version, repaired_at`;

/** Enterprises that can be under joint discipline: revoked, or with an unrepaired record that still counts ($1 today, $2 the scheme's halfDays). */
const CANDIDATES = `(e.licence_revoked_at IS NOT NULL OR EXISTS (
  SELECT 1 FROM supervision.credit_records r WHERE r.enterprise_id = e.id AND r.repaired_at IS NULL AND r.occurred_on > $1::date - $2::int))`;

export async function licenceHolder(db: Db, enterpriseId: string): Promise<LicenceHolderRow | undefined> {
  const [row]: LicenceHolderRow[] = await db.query(`SELECT name, licence_issued_by, licence_territory FROM supervision.enterprises WHERE id = $1`, [
    enterpriseId,
  ]);
  return row;
}

export async function insertRecord(
  db: Db,
  record: {
    enterpriseId: string;
    kind: CreditRecordDto['kind'];
    severity: Severity;
    points: number;
    description: string;
    occurredOn: string;
    sourceId: string | null;
    createdBy: string;
    schemeVersion: number;
  },
): Promise<RecordRow> {
  const [row]: RecordRow[] = await db.query(
    `INSERT INTO supervision.credit_records (enterprise_id, kind, severity, points, description, occurred_on, source_id, created_by, scheme_version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     RETURNING ${RECORD_COLUMNS}`,
    [
      record.enterpriseId,
      record.kind,
      record.severity,
      record.points,
      record.description,
      record.occurredOn,
      record.sourceId,
      record.createdBy,
      record.schemeVersion,
    ],
  );
  return row;
}

/** The scheme in force: the highest version. */
export async function currentScheme(db: Db): Promise<SchemeRow> {
  const [row]: SchemeRow[] = await db.query(`SELECT * FROM supervision.credit_schemes ORDER BY version DESC LIMIT 1`);
  return row;
}

export function allSchemes(db: Db): Promise<SchemeRow[]> {
  return db.query(`SELECT * FROM supervision.credit_schemes ORDER BY version DESC`);
}

/** Holds the schemes table until the transaction ends, so that two new versions cannot take the same number. */
export async function lockSchemes(manager: EntityManager): Promise<void> {
  await manager.query(`LOCK TABLE supervision.credit_schemes IN EXCLUSIVE MODE`);
}

export async function insertScheme(
  db: Db,
  scheme: { version: number; scheme: CreditScheme; recordRules: CreditRecordRulesDto; reason: string; createdBy: string },
): Promise<SchemeRow> {
  const [row]: SchemeRow[] = await db.query(
    `INSERT INTO supervision.credit_schemes (version, scheme, record_rules, reason, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING *`,
    [scheme.version, JSON.stringify(scheme.scheme), JSON.stringify(scheme.recordRules), scheme.reason, scheme.createdBy],
  );
  return row;
}

/**
 * Up to `limit + 1` enterprises that may be under joint discipline, newest first, after the
 * keyset cursor when given (the score itself is worked out in credit.rules.ts).
 */
export function disciplineCandidates(
  db: Db,
  today: string,
  halfDays: number,
  limit: number,
  after?: { t: string; id: string },
): Promise<CreditEnterpriseRow[]> {
  const params: unknown[] = [today, halfDays];
  const cursor = after ? `AND (e.created_at, e.id) < ($${params.push(after.t)}::timestamptz, $${params.push(after.id)}::uuid)` : '';
  return db.query(
    `SELECT e.id, e.name, e.uscc, e.licence_revoked_at, e.created_at FROM supervision.enterprises e
     WHERE ${CANDIDATES} ${cursor} ORDER BY e.created_at DESC, e.id DESC LIMIT ${limit + 1}`,
    params,
  );
}

/** Every enterprise that may be under joint discipline, newest first. */
export async function allDisciplineCandidates(db: Db, today: string, halfDays: number): Promise<string[]> {
  const rows: Array<{ id: string }> = await db.query(`SELECT e.id FROM supervision.enterprises e WHERE ${CANDIDATES} ORDER BY e.created_at DESC, e.id DESC`, [
    today,
    halfDays,
  ]);
  return rows.map((r) => r.id);
}

export function enterprisesByIds(db: Db, ids: string[]): Promise<CreditEnterpriseRow[]> {
  return db.query(`SELECT id, name, uscc, licence_revoked_at, created_at FROM supervision.enterprises WHERE id = ANY($1::uuid[])`, [ids]);
}

/** The records of these enterprises, latest first. */
export function recordsOf(db: Db, enterpriseIds: string[]): Promise<RecordRow[]> {
  return db.query(
    `SELECT ${RECORD_COLUMNS}
     FROM supervision.credit_records WHERE enterprise_id = ANY($1::uuid[]) ORDER BY occurred_on DESC, created_at DESC`,
    [enterpriseIds],
  );
}

/** The record a repair is applied for, with its enterprise's credit code. */
export async function recordForRepair(db: Db, recordId: string): Promise<{ enterprise_id: string; uscc: string; repaired_at: Date | null } | undefined> {
  const [row]: Array<{ enterprise_id: string; uscc: string; repaired_at: Date | null }> = await db.query(
    `SELECT r.enterprise_id, e.uscc, r.repaired_at FROM supervision.credit_records r JOIN supervision.enterprises e ON e.id = r.enterprise_id WHERE r.id = $1`,
    [recordId],
  );
  return row;
}

/** A new application; a second pending one for the same record breaks `uq_credit_repairs_pending`. */
export async function insertRepair(
  db: Db,
  repair: { recordId: string; enterpriseId: string; evidence: string; attachments: RectificationAttachment[]; appliedBy: string },
): Promise<RepairRow> {
  const [row]: RepairRow[] = await db.query(
    `INSERT INTO supervision.credit_repairs (record_id, enterprise_id, evidence, attachments, status, applied_by)
     VALUES ($1, $2, $3, $4, 'applied', $5) RETURNING *`,
    [repair.recordId, repair.enterpriseId, repair.evidence, JSON.stringify(repair.attachments), repair.appliedBy],
  );
  return row;
}

/** The application, locked (FOR UPDATE) until the transaction ends, with whose licence it concerns. */
export async function lockRepair(manager: EntityManager, id: string): Promise<(RepairRow & LicenceHolderRow) | undefined> {
  const [row]: Array<RepairRow & LicenceHolderRow> = await manager.query(
    `SELECT p.*, e.name, e.licence_issued_by, e.licence_territory FROM supervision.credit_repairs p
     JOIN supervision.enterprises e ON e.id = p.enterprise_id WHERE p.id = $1 FOR UPDATE OF p`,
    [id],
  );
  return row;
}

export async function decideRepair(db: Db, id: string, status: 'approved' | 'rejected', reason: string, decidedBy: string): Promise<RepairRow> {
  const [[row]]: [RepairRow[], number] = await db.query(
    `UPDATE supervision.credit_repairs SET status = $2, reason = $3, decided_by = $4, decided_at = clock_timestamp() WHERE id = $1 RETURNING *`,
    [id, status, reason, decidedBy],
  );
  return row;
}

/** The record counts no more. */
export async function markRepaired(db: Db, recordId: string): Promise<void> {
  await db.query(`UPDATE supervision.credit_records SET repaired_at = clock_timestamp() WHERE id = $1`, [recordId]);
}

/** A page of repair applications, newest first; only those of the enterprise with credit code `uscc` when given. */
export function listRepairs(dataSource: DataSource, query: ListCreditRepairsMessage, uscc: string | undefined): Promise<Page<RepairRow>> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (uscc !== undefined) where.push(`enterprise_id = (SELECT id FROM supervision.enterprises WHERE uscc = $${params.push(uscc)})`);
  if (query.status) where.push(`status = $${params.push(query.status)}`);
  return keysetPage(dataSource, 'supervision.credit_repairs', where, params, query, (r: RepairRow) => r);
}
