import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Delivery time limits (issue 17, seed 001 一(二) 半日达/次日达): a waybill may carry its
 * pick-up and delivery times. Both columns are nullable without a default, so adding them to
 * the partitioned table rewrites nothing (no check constraint either: validating one would read
 * every partition; the ingest's rules refuse a delivery before its pick-up), and rows without
 * times cost one null bit each.
 * `delivery_days` sums the timed waybills per county and pick-up day (Asia/Shanghai) in the
 * ingest transaction, the figures the WaybillsAccepted events carry to supervision.
 */
export class DeliveryTimes1767000002500 implements MigrationInterface {
  name = 'DeliveryTimes1767000002500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE subsidies.waybills ADD COLUMN picked_up_at timestamptz, ADD COLUMN delivered_at timestamptz`);
    await q.query(`
      CREATE TABLE subsidies.delivery_days (
        county_code text NOT NULL,
        date date NOT NULL,
        timed int NOT NULL CHECK (timed >= 0),
        half_day int NOT NULL CHECK (half_day >= 0),
        next_day int NOT NULL CHECK (next_day >= 0),
        PRIMARY KEY (county_code, date),
        CHECK (half_day <= next_day AND next_day <= timed)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE subsidies.delivery_days`);
    await q.query(`ALTER TABLE subsidies.waybills DROP COLUMN picked_up_at, DROP COLUMN delivered_at`);
  }
}
