import { MigrationInterface, QueryRunner } from 'typeorm';
import { monthsFromDays } from '../quality/county-days.js';

/**
 * Per county and business date, what the data-quality indicators read, kept at intake in
 * the same transaction: the county centre's current counts (Σ items, rows, rows passing the
 * logic checks), its first reports and those on time, the accepted waybills, and what came
 * in by source (received, rejected, duplicates; place 14 for rows without a usable county).
 * `county_months` sums them per county and month (with the county-days compared and matched
 * at CROSS_MATCH_TOLERANCE), so a year is read as months. Data quality never reads the
 * waybills table. Backfilled from the tables they summarise; the on-time deadline and the
 * tolerance of the backfill are REPORT_DEADLINE_HOURS (10) and CROSS_MATCH_TOLERANCE (0.05)
 * of the environment, as at intake.
 */
export class QualityDays1764300000000 implements MigrationInterface {
  name = 'QualityDays1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE subsidies.county_days (
        county_code text NOT NULL,
        date date NOT NULL,
        counted bigint,
        current_rows integer NOT NULL DEFAULT 0,
        logic_ok_rows integer NOT NULL DEFAULT 0,
        first_reports integer NOT NULL DEFAULT 0,
        first_reports_on_time integer NOT NULL DEFAULT 0,
        waybills bigint NOT NULL DEFAULT 0,
        counts_received integer NOT NULL DEFAULT 0,
        counts_rejected integer NOT NULL DEFAULT 0,
        counts_duplicates integer NOT NULL DEFAULT 0,
        waybills_received integer NOT NULL DEFAULT 0,
        waybills_rejected integer NOT NULL DEFAULT 0,
        waybills_duplicates integer NOT NULL DEFAULT 0,
        PRIMARY KEY (county_code, date)
      )`);
    const deadlineHours = Number(process.env.REPORT_DEADLINE_HOURS ?? 10);
    await q.query(
      `INSERT INTO subsidies.county_days (county_code, date, counted, current_rows, logic_ok_rows, first_reports, first_reports_on_time)
       SELECT county_code, date,
              sum(items) FILTER (WHERE superseded_at IS NULL),
              count(*) FILTER (WHERE superseded_at IS NULL),
              count(*) FILTER (WHERE superseded_at IS NULL AND cardinality(logic_errors) = 0),
              count(*) FILTER (WHERE version = 1),
              count(*) FILTER (WHERE version = 1 AND created_at <= ((date + 1)::timestamp + make_interval(hours => $1)) AT TIME ZONE 'Asia/Shanghai')
       FROM subsidies.parcel_counts GROUP BY county_code, date`,
      [deadlineHours],
    );
    await q.query(`
      INSERT INTO subsidies.county_days AS d (county_code, date, waybills, counts_received, counts_rejected, counts_duplicates,
                                              waybills_received, waybills_rejected, waybills_duplicates)
      SELECT county_code, date,
             coalesce(sum(accepted) FILTER (WHERE source = 'waybills'), 0),
             coalesce(sum(received) FILTER (WHERE source = 'counts'), 0),
             coalesce(sum(rejected) FILTER (WHERE source = 'counts'), 0),
             coalesce(sum(duplicates) FILTER (WHERE source = 'counts'), 0),
             coalesce(sum(received) FILTER (WHERE source = 'waybills'), 0),
             coalesce(sum(rejected) FILTER (WHERE source = 'waybills'), 0),
             coalesce(sum(duplicates) FILTER (WHERE source = 'waybills'), 0)
      FROM subsidies.intake_tallies GROUP BY county_code, date
      ON CONFLICT (county_code, date) DO UPDATE SET
        waybills = EXCLUDED.waybills, counts_received = EXCLUDED.counts_received, counts_rejected = EXCLUDED.counts_rejected,
        counts_duplicates = EXCLUDED.counts_duplicates, waybills_received = EXCLUDED.waybills_received,
        waybills_rejected = EXCLUDED.waybills_rejected, waybills_duplicates = EXCLUDED.waybills_duplicates`);
    await q.query(`CREATE INDEX ix_county_days_counted ON subsidies.county_days (county_code, counted) WHERE counted IS NOT NULL`);
    await q.query(`
      CREATE TABLE subsidies.county_months (
        county_code text NOT NULL,
        month date NOT NULL,
        days_counted integer NOT NULL,
        counted_sum bigint NOT NULL,
        counted_sum_sq bigint NOT NULL,
        current_rows integer NOT NULL,
        logic_ok_rows integer NOT NULL,
        first_reports integer NOT NULL,
        first_reports_on_time integer NOT NULL,
        counts_received integer NOT NULL,
        counts_rejected integer NOT NULL,
        waybills_received integer NOT NULL,
        waybills_rejected integer NOT NULL,
        waybills_duplicates integer NOT NULL,
        compared integer NOT NULL,
        matched integer NOT NULL,
        PRIMARY KEY (county_code, month)
      )`);
    await q.query(monthsFromDays('FROM subsidies.county_days d'), [Number(process.env.CROSS_MATCH_TOLERANCE ?? 0.05)]);
    await q.query(`ANALYZE subsidies.county_days, subsidies.county_months`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE subsidies.county_months`);
    await q.query(`DROP TABLE subsidies.county_days`);
  }
}
