import { MigrationInterface, QueryRunner } from 'typeorm';
import { monthsFromDays } from '../quality/county-days.js';

/** COURIER_WAYBILLS (`waybills/courier-waybills.ts`) as it was when this migration was written, before the waybills were partitioned. */
const COURIER_WAYBILLS = `(
  SELECT w.waybill_no, w.county_code, w.date, w.brand, w.direction
  FROM subsidies.waybills w JOIN subsidies.waybill_batches b ON b.id = w.batch_id
  WHERE b.role = 'courier'
  UNION ALL
  SELECT d.waybill_no, d.county_code, d.date, d.brand, d.direction
  FROM subsidies.waybill_duplicates d JOIN subsidies.waybill_batches b ON b.id = d.batch_id
  WHERE d.kind = 'province' AND b.role = 'courier'
    AND NOT EXISTS (
      SELECT 1 FROM subsidies.waybills sw JOIN subsidies.waybill_batches sb ON sb.id = sw.batch_id
      WHERE sw.waybill_no = d.waybill_no AND sb.role = 'courier')
    AND NOT EXISTS (
      SELECT 1 FROM subsidies.waybill_duplicates e JOIN subsidies.waybill_batches eb ON eb.id = e.batch_id
      WHERE e.waybill_no = d.waybill_no AND e.kind = 'province' AND eb.role = 'courier'
        AND (e.created_at, e.batch_id) < (d.created_at, d.batch_id))
)`;

/**
 * The cross-match compares the centres' counts with the waybills courier organisations vouch
 * for (COURIER_WAYBILLS, issue 11), not with every accepted waybill: `county_days.waybills`,
 * which QualityDays filled with the accepted waybills, becomes that count per county-day
 * (kept at intake from now on), and every `county_months` row is recomputed from its days at
 * CROSS_MATCH_TOLERANCE of the environment (0.05), as QualityDays did. Runs after
 * MoneyIntegrity, which gave each waybill batch its uploader's role.
 */
export class CourierVouchedDays1765500000015 implements MigrationInterface {
  name = 'CourierVouchedDays1765500000015';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      WITH vouched AS (SELECT county_code, date, count(*) AS n FROM ${COURIER_WAYBILLS} w GROUP BY county_code, date)
      INSERT INTO subsidies.county_days AS d (county_code, date, waybills)
      SELECT county_code, date, n FROM vouched
      ON CONFLICT (county_code, date) DO UPDATE SET waybills = EXCLUDED.waybills`);
    await q.query(`
      UPDATE subsidies.county_days d SET waybills = 0
      WHERE d.waybills <> 0
        AND NOT EXISTS (SELECT 1 FROM ${COURIER_WAYBILLS} w WHERE w.county_code = d.county_code AND w.date = d.date)`);
    await q.query(monthsFromDays('FROM subsidies.county_days d'), [Number(process.env.CROSS_MATCH_TOLERANCE ?? 0.05)]);
    await q.query(`ANALYZE subsidies.county_days, subsidies.county_months`);
  }

  /** Back to every accepted waybill of the day, as QualityDays counted them. */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE subsidies.county_days d SET waybills = coalesce(
        (SELECT sum(t.accepted) FROM subsidies.intake_tallies t WHERE t.source = 'waybills' AND t.county_code = d.county_code AND t.date = d.date), 0)`);
    await q.query(monthsFromDays('FROM subsidies.county_days d'), [Number(process.env.CROSS_MATCH_TOLERANCE ?? 0.05)]);
  }
}
