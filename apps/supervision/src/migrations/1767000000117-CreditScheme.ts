import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Credit as configured rules (issue 17): the scoring scheme is a versioned table the
 * administration sets; version 1 carries the numbers the platform used so far, as this
 * platform's local example (seed 002 requires credit supervision 依法依规 with a repair
 * procedure, and sets no numbers). Each record keeps the version that gave its points, so a
 * new version changes new scores only. Credit repair (信用修复) applications and their
 * decisions; a repaired record counts no more.
 */
export class CreditScheme1767000000117 implements MigrationInterface {
  name = 'CreditScheme1767000000117';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE supervision.credit_schemes (
        version integer PRIMARY KEY,
        scheme jsonb NOT NULL,
        record_rules jsonb NOT NULL,
        reason text NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`
      INSERT INTO supervision.credit_schemes (version, scheme, record_rules, reason, created_by) VALUES (1,
        '{"points":{"minor":5,"serious":15,"grave":40},"fullDays":365,"halfDays":730,"halfWeight":0.5,"levels":{"A":90,"B":75,"C":60},"disciplineBelow":60}',
        '{"overdueOrder":"minor","lateFiling":"none","dataFraud":"grave"}',
        '本平台示例方案（地方配置，非种子文件条文）', 'migration')`);
    await q.query(
      `ALTER TABLE supervision.credit_records ADD COLUMN scheme_version integer NOT NULL DEFAULT 1 REFERENCES supervision.credit_schemes (version)`,
    );
    await q.query(`ALTER TABLE supervision.credit_records ALTER COLUMN scheme_version DROP DEFAULT`);
    await q.query(`ALTER TABLE supervision.credit_records ADD COLUMN repaired_at timestamptz(3)`);
    await q.query(`ALTER TABLE supervision.credit_records DROP CONSTRAINT credit_records_kind_check`);
    await q.query(`ALTER TABLE supervision.credit_records ADD CONSTRAINT credit_records_kind_check
      CHECK (kind IN ('violation', 'inspection_finding', 'licence_revoked', 'overdue_order', 'late_filing', 'data_fraud'))`);
    await q.query(`
      CREATE TABLE supervision.credit_repairs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        record_id uuid NOT NULL REFERENCES supervision.credit_records (id),
        enterprise_id uuid NOT NULL REFERENCES supervision.enterprises (id),
        evidence text NOT NULL,
        attachments jsonb NOT NULL DEFAULT '[]',
        status text NOT NULL CHECK (status IN ('applied', 'approved', 'rejected')),
        reason text,
        applied_by text NOT NULL,
        decided_by text,
        decided_at timestamptz(3),
        created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX ix_credit_repairs_created ON supervision.credit_repairs (created_at DESC, id DESC)`);
    await q.query(`CREATE UNIQUE INDEX uq_credit_repairs_pending ON supervision.credit_repairs (record_id) WHERE status = 'applied'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE supervision.credit_repairs`);
    await q.query(`DELETE FROM supervision.credit_records WHERE kind IN ('overdue_order', 'late_filing', 'data_fraud')`);
    await q.query(`ALTER TABLE supervision.credit_records DROP CONSTRAINT credit_records_kind_check`);
    await q.query(
      `ALTER TABLE supervision.credit_records ADD CONSTRAINT credit_records_kind_check CHECK (kind IN ('violation', 'inspection_finding', 'licence_revoked'))`,
    );
    await q.query(`ALTER TABLE supervision.credit_records DROP COLUMN repaired_at`);
    await q.query(`ALTER TABLE supervision.credit_records DROP COLUMN scheme_version`);
    await q.query(`DROP TABLE supervision.credit_schemes`);
  }
}
