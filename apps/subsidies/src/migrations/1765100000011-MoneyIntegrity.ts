import { MigrationInterface, QueryRunner } from 'typeorm';
import { POLICY_CEILINGS } from '../programmes/policy-ceilings.js';

/**
 * Subsidy money integrity (issue 11): the programme's verification basis and ceiling basis,
 * who uploaded each waybill batch, the items each claim holds (a count key is held by at most
 * one claim that is not returned, across programmes and years), and payment vouchers.
 */
export class MoneyIntegrity1765100000011 implements MigrationInterface {
  name = 'MoneyIntegrity1765100000011';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE subsidies.programmes ADD COLUMN verification text NOT NULL DEFAULT 'waybills' CHECK (verification IN ('counts', 'waybills'))`);
    await q.query(`ALTER TABLE subsidies.programmes ADD COLUMN ceiling_document text, ADD COLUMN ceiling_clause text`);
    // programmes of a year with a policy ceiling take its basis; others stay without one (shown as null)
    for (const c of POLICY_CEILINGS) {
      await q.query(`UPDATE subsidies.programmes SET ceiling_document = $2, ceiling_clause = $3 WHERE year = $1`, [c.year, c.document, c.clause]);
    }

    await q.query(`ALTER TABLE subsidies.waybill_batches ADD COLUMN role text`);
    // earlier batches: the uploader's role as the batch's audit record has it
    await q.query(
      `UPDATE subsidies.waybill_batches b SET role = a.role FROM subsidies.audit_log a
       WHERE a.object_type = 'waybill_batch' AND a.action = 'waybills.ingested' AND a.object_id = b.id::text`,
    );

    await q.query(`ALTER TABLE subsidies.claims ADD COLUMN verification text NOT NULL DEFAULT 'waybills'`);
    await q.query(`ALTER TABLE subsidies.claims ADD COLUMN ceiling_document text, ADD COLUMN ceiling_clause text`);
    await q.query(
      `UPDATE subsidies.claims c SET ceiling_document = p.ceiling_document, ceiling_clause = p.ceiling_clause FROM subsidies.programmes p WHERE p.id = c.programme_id`,
    );
    await q.query(`ALTER TABLE subsidies.claims ADD COLUMN voucher_no text, ADD COLUMN paid_on date, ADD COLUMN paid_amount_fen bigint`);
    await q.query(
      `ALTER TABLE subsidies.claims ADD CONSTRAINT ck_claims_paid CHECK (status <> 'paid' OR (voucher_no IS NOT NULL AND paid_on IS NOT NULL AND paid_amount_fen = amount_fen)) NOT VALID`,
    );
    await q.query(`CREATE INDEX ix_claims_programme_county_status ON subsidies.claims (programme_id, county_code, status)`);

    await q.query(`
      CREATE TABLE subsidies.claim_items (
        claim_id uuid NOT NULL REFERENCES subsidies.claims (id),
        county_code text NOT NULL,
        date date NOT NULL,
        brand text NOT NULL,
        direction text NOT NULL,
        reported integer NOT NULL,
        verified integer NOT NULL CHECK (verified >= 0 AND verified <= reported),
        held boolean NOT NULL DEFAULT true,
        PRIMARY KEY (claim_id, county_code, date, brand, direction)
      )`);
    // the rule "an item is paid once": a count key is held by one claim that is not returned
    await q.query(`CREATE UNIQUE INDEX ux_claim_items_held ON subsidies.claim_items (county_code, date, brand, direction) WHERE held`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE subsidies.claim_items`);
    await q.query(`DROP INDEX subsidies.ix_claims_programme_county_status`);
    await q.query(`ALTER TABLE subsidies.claims DROP CONSTRAINT ck_claims_paid`);
    await q.query(
      `ALTER TABLE subsidies.claims DROP COLUMN verification, DROP COLUMN ceiling_document, DROP COLUMN ceiling_clause, DROP COLUMN voucher_no, DROP COLUMN paid_on, DROP COLUMN paid_amount_fen`,
    );
    await q.query(`ALTER TABLE subsidies.waybill_batches DROP COLUMN role`);
    await q.query(`ALTER TABLE subsidies.programmes DROP COLUMN verification, DROP COLUMN ceiling_document, DROP COLUMN ceiling_clause`);
  }
}
