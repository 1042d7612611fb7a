import { MigrationInterface, QueryRunner } from 'typeorm';

/** The operator's credit standing on each filing version (joint discipline flags a filing for review). */
export class OperatorCredit1764400000000 implements MigrationInterface {
  name = 'OperatorCredit1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outlets.filings ADD COLUMN operator_credit jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outlets.filings DROP COLUMN operator_credit`);
  }
}
