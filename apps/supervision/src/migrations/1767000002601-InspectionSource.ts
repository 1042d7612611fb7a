import { MigrationInterface, QueryRunner } from 'typeorm';

/** Why an inspection was opened: a random draw, or a complaint naming its one target (举报核查). */
export class InspectionSource1767000002601 implements MigrationInterface {
  name = 'InspectionSource1767000002601';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE supervision.inspection_draws ADD COLUMN source text NOT NULL DEFAULT 'random' CHECK (source IN ('random', 'complaint')), ADD COLUMN source_ref text`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE supervision.inspection_draws DROP COLUMN source, DROP COLUMN source_ref`);
  }
}
