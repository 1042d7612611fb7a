import { MigrationInterface, QueryRunner } from 'typeorm';

/** The operator's branch or business office that runs an outlet (分支机构、营业部, seed 003 二(七)1). */
export class OutletBranch1767000000020 implements MigrationInterface {
  name = 'OutletBranch1767000000020';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outlets.outlets ADD COLUMN branch_id uuid`);
    await q.query(`CREATE INDEX ix_outlets_branch ON outlets.outlets (branch_id) WHERE branch_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outlets.outlets DROP COLUMN branch_id`);
  }
}
