import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read models of the national view (SUPERVISION_SCOPE=national; empty in a province's
 * deployment): the waybill numbers each province accepted, and those accepted by more than
 * one province (one subsidy per waybill is provincial, so a number claimed in two provinces
 * is a data-quality flag for both).
 */
export class NationalView1767000000018 implements MigrationInterface {
  name = 'NationalView1767000000018';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE supervision.rm_province_waybills (
        waybill_no text NOT NULL,
        province char(2) NOT NULL,
        accepted_on date NOT NULL,
        PRIMARY KEY (waybill_no, province)
      )`);
    await q.query(`
      CREATE TABLE supervision.rm_cross_province_waybills (
        waybill_no text PRIMARY KEY,
        provinces char(2)[] NOT NULL,
        flagged_on date NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE supervision.rm_cross_province_waybills`);
    await q.query(`DROP TABLE supervision.rm_province_waybills`);
  }
}
