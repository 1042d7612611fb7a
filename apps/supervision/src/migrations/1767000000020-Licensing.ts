import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Licence matters online (许可备案事项网上统一办理, seed 001 §22): licence applications with
 * their material files, the time limits of each step as data, branches and business offices
 * (分支机构、营业部, seed 003 二(七)1), complaints from the public (seed 002 二(五)16), and
 * the end of a licence by cancellation (注销), kept apart from a revocation (吊销).
 */
export class Licensing1767000000020 implements MigrationInterface {
  name = 'Licensing1767000000020';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE supervision.enterprises ADD COLUMN licence_cancelled_at timestamptz`);
    await q.query(`
      CREATE TABLE supervision.licence_time_limits (
        step text PRIMARY KEY,
        working_days int NOT NULL CHECK (working_days > 0),
        basis text NOT NULL
      )`);
    await q.query(`
      INSERT INTO supervision.licence_time_limits (step, working_days, basis) VALUES
        ('accept', 5, '《中华人民共和国行政许可法》第三十二条：申请材料不齐全的，应当当场或者在五日内一次告知申请人需要补正的全部内容；第八十二条：期限以工作日计算'),
        ('decide', 20, '《中华人民共和国行政许可法》第四十二条：应当自受理行政许可申请之日起二十日内作出行政许可决定；第八十二条：期限以工作日计算'),
        ('resubmit', 20, '本平台设定的补正期限（非法定期限），管理员可调整')`);
    await q.query(`CREATE SEQUENCE supervision.licence_application_no_seq`);
    await q.query(`
      CREATE TABLE supervision.licence_applications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        application_no text NOT NULL UNIQUE,
        kind text NOT NULL CHECK (kind IN ('new', 'change', 'renewal', 'cancellation')),
        status text NOT NULL CHECK (status IN ('submitted', 'returned', 'accepted', 'granted', 'refused')),
        uscc text NOT NULL,
        name text NOT NULL,
        brand text NOT NULL,
        address text NOT NULL,
        region_code text NOT NULL,
        territory text[] NOT NULL,
        scope text NOT NULL,
        material jsonb NOT NULL,
        reason text,
        enterprise_id uuid,
        missing text[] NOT NULL DEFAULT '{}',
        returned_once boolean NOT NULL DEFAULT false,
        due_on date,
        licence_number text,
        valid_from date,
        valid_to date,
        refusal_reason text,
        steps jsonb NOT NULL DEFAULT '[]',
        created_by text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        version int NOT NULL DEFAULT 1
      )`);
    await q.query(`CREATE INDEX ix_licence_applications_created ON supervision.licence_applications (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX ix_licence_applications_uscc ON supervision.licence_applications (uscc, created_at DESC)`);
    await q.query(`CREATE INDEX ix_licence_applications_region_status ON supervision.licence_applications (region_code text_pattern_ops, status)`);
    await q.query(`
      CREATE UNIQUE INDEX ux_licence_applications_open ON supervision.licence_applications (uscc, kind)
        WHERE status IN ('submitted', 'returned', 'accepted')`);
    await q.query(`
      CREATE TABLE supervision.licence_files (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        application_id uuid NOT NULL REFERENCES supervision.licence_applications (id),
        material_kind text NOT NULL,
        filename text NOT NULL,
        content_type text NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
        size int NOT NULL CHECK (size > 0 AND size <= 524288),
        sha256 text NOT NULL,
        content bytea NOT NULL,
        uploaded_by text NOT NULL,
        uploaded_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_licence_files_application ON supervision.licence_files (application_id, uploaded_at)`);
    await q.query(`CREATE SEQUENCE supervision.branch_receipt_seq`);
    await q.query(`
      CREATE TABLE supervision.branches (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        enterprise_id uuid NOT NULL REFERENCES supervision.enterprises (id),
        kind text NOT NULL CHECK (kind IN ('branch', 'business_office')),
        name text NOT NULL,
        region_code text NOT NULL,
        address text NOT NULL,
        uscc text,
        receipt_no text NOT NULL UNIQUE,
        created_by text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        UNIQUE (enterprise_id, name)
      )`);
    await q.query(`CREATE INDEX ix_branches_enterprise ON supervision.branches (enterprise_id, created_at)`);
    await q.query(`CREATE SEQUENCE supervision.complaint_no_seq`);
    await q.query(`
      CREATE TABLE supervision.complaints (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        complaint_no text NOT NULL UNIQUE,
        status text NOT NULL CHECK (status IN ('received', 'assigned', 'responded', 'closed', 'referred')),
        subject_kind text NOT NULL,
        subject_id uuid,
        subject_name text NOT NULL,
        enterprise_id uuid,
        category text NOT NULL,
        description text NOT NULL CHECK (length(description) <= 2000),
        region_code text NOT NULL,
        occurred_on date,
        contact text CHECK (length(contact) <= 100),
        assigned_region text,
        response text,
        referred_to text,
        reference_id uuid,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        version int NOT NULL DEFAULT 1
      )`);
    await q.query(`CREATE INDEX ix_complaints_created ON supervision.complaints (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX ix_complaints_region_status ON supervision.complaints (region_code text_pattern_ops, status)`);
    await q.query(`CREATE INDEX ix_complaints_enterprise ON supervision.complaints (enterprise_id) WHERE enterprise_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE supervision.complaints`);
    await q.query(`DROP SEQUENCE supervision.complaint_no_seq`);
    await q.query(`DROP TABLE supervision.branches`);
    await q.query(`DROP SEQUENCE supervision.branch_receipt_seq`);
    await q.query(`DROP TABLE supervision.licence_files`);
    await q.query(`DROP TABLE supervision.licence_applications`);
    await q.query(`DROP SEQUENCE supervision.licence_application_no_seq`);
    await q.query(`DROP TABLE supervision.licence_time_limits`);
    await q.query(`ALTER TABLE supervision.enterprises DROP COLUMN licence_cancelled_at`);
  }
}
