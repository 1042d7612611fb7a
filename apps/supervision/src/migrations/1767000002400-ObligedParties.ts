import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Obliged parties of the upload rate (libs/quality uploadRate): a county centre is known from
 * its registration (`subsidies.centre.registered`), before any report, so `first_report_on`
 * may be empty; the days each courier brand uploaded waybills (`rm_courier_days`) for the
 * courier companies' upload rate. Records received and refused by county-day arrive as flow
 * figures (`records_received`, `records_rejected`) and need no table. Quarterly evaluations
 * (data-quality) are stored with their units and published by staff; the action threshold is data.
 */
export class ObligedParties1767000002400 implements MigrationInterface {
  name = 'ObligedParties1767000002400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE supervision.rm_centres ALTER COLUMN first_report_on DROP NOT NULL`);
    await q.query(`ALTER TABLE supervision.rm_centres ADD COLUMN registered_on date, ADD COLUMN name text`);
    await q.query(`
      CREATE TABLE supervision.rm_courier_days (
        brand text NOT NULL,
        date date NOT NULL,
        PRIMARY KEY (brand, date)
      )`);
    await q.query(`
      CREATE TABLE supervision.quality_evaluations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        quarter text NOT NULL,
        region_code text NOT NULL,
        status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
        threshold numeric(5, 4) NOT NULL,
        result jsonb NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        published_by text,
        published_at timestamptz(3)
      )`);
    await q.query(`CREATE INDEX ix_quality_evaluations_published ON supervision.quality_evaluations (published_at DESC, id) WHERE status = 'published'`);
    await q.query(`CREATE INDEX ix_quality_evaluations_region ON supervision.quality_evaluations (region_code, quarter)`);
    await q.query(`
      CREATE TABLE supervision.quality_settings (
        key text PRIMARY KEY,
        value numeric NOT NULL,
        updated_by text NOT NULL,
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`INSERT INTO supervision.quality_settings (key, value, updated_by) VALUES ('action_threshold', 0.8, 'migration')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE supervision.quality_settings`);
    await q.query(`DROP TABLE supervision.quality_evaluations`);
    await q.query(`DROP TABLE supervision.rm_courier_days`);
    await q.query(`DELETE FROM supervision.rm_centres WHERE first_report_on IS NULL`);
    await q.query(`ALTER TABLE supervision.rm_centres DROP COLUMN registered_on, DROP COLUMN name`);
    await q.query(`ALTER TABLE supervision.rm_centres ALTER COLUMN first_report_on SET NOT NULL`);
  }
}
