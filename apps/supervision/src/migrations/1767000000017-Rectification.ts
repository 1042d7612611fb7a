import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rectification loop (责令整改 → 整改报告 → 验收/退回 → 逾期 → 专项督办) of seed 001 §22
 * and seed 002 二(三), with every step kept, and the key-supervision list (重点监管名录) with
 * its entry and exit rules as data. The seeded rules are this platform's example
 * configuration, not seed text: the administration changes them (audited).
 */
export class Rectification1767000000017 implements MigrationInterface {
  name = 'Rectification1767000000017';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE supervision.rectification_number_seq`);
    await q.query(`
      CREATE TABLE supervision.rectifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        number text NOT NULL UNIQUE,
        subject_type text NOT NULL CHECK (subject_type IN ('enterprise', 'outlet', 'county_centre')),
        subject_id text NOT NULL,
        subject_name text NOT NULL,
        enterprise_ids uuid[] NOT NULL DEFAULT '{}',
        party_usccs text[] NOT NULL DEFAULT '{}',
        party_org_id text,
        region_code text NOT NULL,
        source text NOT NULL CHECK (source IN ('inspection', 'late_filing', 'data_anomaly', 'complaint', 'other')),
        source_ref text,
        finding text NOT NULL,
        basis text NOT NULL,
        severity text NOT NULL CHECK (severity IN ('minor', 'serious', 'grave')),
        due_date date NOT NULL,
        original_due_date date NOT NULL,
        owner text NOT NULL,
        status text NOT NULL CHECK (status IN ('open', 'responded', 'returned', 'escalated', 'accepted', 'closed')),
        escalated_at timestamptz(3),
        closed_at timestamptz(3),
        closed_on_time boolean,
        created_by text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz(3) NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX ix_rectifications_created ON supervision.rectifications (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX ix_rectifications_region ON supervision.rectifications (region_code text_pattern_ops, status)`);
    await q.query(`CREATE INDEX ix_rectifications_due ON supervision.rectifications (due_date) WHERE status IN ('open', 'returned', 'escalated')`);
    await q.query(`CREATE INDEX ix_rectifications_enterprises ON supervision.rectifications USING gin (enterprise_ids)`);
    await q.query(`CREATE INDEX ix_rectifications_usccs ON supervision.rectifications USING gin (party_usccs)`);
    await q.query(`
      CREATE TABLE supervision.rectification_steps (
        seq bigserial PRIMARY KEY,
        rectification_id uuid NOT NULL REFERENCES supervision.rectifications (id),
        step text NOT NULL,
        status text NOT NULL,
        text text,
        attachments jsonb NOT NULL DEFAULT '[]',
        actor text NOT NULL,
        at timestamptz(3) NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX ix_rectification_steps_order ON supervision.rectification_steps (rectification_id, seq)`);

    await q.query(`
      CREATE TABLE supervision.key_supervision_rules (
        code text PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('entry', 'exit')),
        trigger text NOT NULL CHECK (trigger IN ('grave_finding', 'joint_discipline', 'overdue_orders', 'escalated_orders', 'exit_clean_days')),
        threshold integer NOT NULL CHECK (threshold > 0),
        window_days integer NOT NULL CHECK (window_days > 0),
        active boolean NOT NULL DEFAULT true,
        description text NOT NULL,
        updated_by text NOT NULL DEFAULT 'migration',
        updated_at timestamptz(3) NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`
      INSERT INTO supervision.key_supervision_rules (code, kind, trigger, threshold, window_days, description) VALUES
        ('grave_finding', 'entry', 'grave_finding', 1, 365, '一年内有 1 次严重问题（严重违法违规记录或严重问题的责令整改）的，列入重点监管名录'),
        ('joint_discipline', 'entry', 'joint_discipline', 1, 1, '被列入失信联合惩戒的，列入重点监管名录'),
        ('overdue_orders', 'entry', 'overdue_orders', 2, 365, '一年内有 2 次责令整改逾期未整改的，列入重点监管名录'),
        ('escalated_orders', 'entry', 'escalated_orders', 1, 365, '一年内有 1 次责令整改转为专项督办的，列入重点监管名录'),
        ('exit_clean', 'exit', 'exit_clean_days', 180, 180, '列入后连续 180 天无新的触发情形、且无未办结整改的，可移出重点监管名录')`);
    await q.query(`
      CREATE TABLE supervision.key_supervision_entries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        enterprise_id uuid NOT NULL REFERENCES supervision.enterprises (id),
        rule_code text NOT NULL REFERENCES supervision.key_supervision_rules (code),
        reason text NOT NULL,
        entered_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
        last_trigger_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
        exited_at timestamptz(3),
        exit_reason text,
        exited_by text,
        created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE UNIQUE INDEX uq_key_supervision_current ON supervision.key_supervision_entries (enterprise_id) WHERE exited_at IS NULL`);
    await q.query(`CREATE INDEX ix_key_supervision_created ON supervision.key_supervision_entries (created_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE supervision.key_supervision_entries`);
    await q.query(`DROP TABLE supervision.key_supervision_rules`);
    await q.query(`DROP TABLE supervision.rectification_steps`);
    await q.query(`DROP TABLE supervision.rectifications`);
    await q.query(`DROP SEQUENCE supervision.rectification_number_seq`);
  }
}
