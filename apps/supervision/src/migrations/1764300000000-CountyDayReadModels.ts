import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read models that answer the overview, the data-quality figures and the action list by
 * lookup: county-day pairs of centre counts and courier waybills (`rm_county_days`, with
 * the cross-match state kept on the row), reported days per centre and year
 * (`rm_centre_years`), and four flow metrics in `rm_figures` (county-days compared and
 * matched, centre-days reported and reported on time), with an index for the overview's
 * every-metric-of-a-region-and-period lookup. Backfilled from the existing read
 * models, then analysed so the first plans do not run on empty statistics.
 */
export class CountyDayReadModels1764300000000 implements MigrationInterface {
  name = 'CountyDayReadModels1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE supervision.rm_county_days (
        county_code text NOT NULL,
        date date NOT NULL,
        counted bigint,
        waybills bigint,
        matched boolean,
        PRIMARY KEY (county_code, date)
      )`);
    // the overview reads every metric of a region and period: without this it scans rm_figures
    await q.query(`CREATE INDEX ix_rm_figures_region_period ON supervision.rm_figures (region_code, period_kind, period_start)`);
    await q.query(`CREATE INDEX ix_rm_county_days_mismatch ON supervision.rm_county_days (date DESC, county_code) WHERE NOT matched`);
    await q.query(`
      CREATE TABLE supervision.rm_centre_years (
        centre_id text NOT NULL,
        year integer NOT NULL,
        days integer NOT NULL,
        PRIMARY KEY (centre_id, year)
      )`);

    await q.query(`
      INSERT INTO supervision.rm_county_days (county_code, date, counted, waybills)
      SELECT region_code, period_start,
             sum(value) FILTER (WHERE metric IN ('parcels_upstream', 'parcels_downstream')),
             sum(value) FILTER (WHERE metric IN ('waybills_upstream', 'waybills_downstream'))
      FROM supervision.rm_figures
      WHERE metric IN ('parcels_upstream', 'parcels_downstream', 'waybills_upstream', 'waybills_downstream')
        AND period_kind = 'day' AND length(region_code) = 6
      GROUP BY 1, 2`);
    await q.query(`
      UPDATE supervision.rm_county_days
      SET matched = abs(counted - waybills) <= 0.1 * greatest(counted, waybills)
      WHERE counted IS NOT NULL AND waybills IS NOT NULL`);
    await q.query(`
      INSERT INTO supervision.rm_centre_years (centre_id, year, days)
      SELECT centre_id, extract(year FROM date)::int, count(*) FROM supervision.rm_centre_days GROUP BY 1, 2`);

    // county-day figures, rolled up to city and province and to month and year as addFigures does
    await q.query(`
      WITH county_day AS (
        SELECT 'county_days_compared' AS metric, county_code, date, count(*) AS value
        FROM supervision.rm_county_days WHERE matched IS NOT NULL GROUP BY 2, 3
        UNION ALL
        SELECT 'county_days_matched', county_code, date, count(*) FROM supervision.rm_county_days WHERE matched GROUP BY 2, 3
        UNION ALL
        SELECT 'centre_days_reported', county_code, date, count(*) FROM supervision.rm_centre_days GROUP BY 2, 3
        UNION ALL
        SELECT 'centre_days_on_time', county_code, date, count(*) FROM supervision.rm_centre_days
        WHERE (first_reported_at AT TIME ZONE 'Asia/Shanghai')::date <= date + 1 GROUP BY 2, 3
      )
      INSERT INTO supervision.rm_figures (metric, period_kind, region_code, period_start, value)
      SELECT metric, kind, region, start, sum(value)
      FROM county_day
      CROSS JOIN LATERAL (VALUES (left(county_code, 2)), (left(county_code, 4)), (county_code)) AS r(region)
      CROSS JOIN LATERAL (VALUES ('day', date), ('month', date_trunc('month', date)::date), ('year', date_trunc('year', date)::date)) AS p(kind, start)
      GROUP BY 1, 2, 3, 4`);
    await q.query(`ANALYZE supervision.rm_county_days, supervision.rm_centre_years, supervision.rm_figures`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DELETE FROM supervision.rm_figures WHERE metric IN ('county_days_compared', 'county_days_matched', 'centre_days_reported', 'centre_days_on_time')`,
    );
    await q.query(`DROP INDEX supervision.ix_rm_figures_region_period`);
    await q.query(`DROP TABLE supervision.rm_centre_years`);
    await q.query(`DROP TABLE supervision.rm_county_days`);
  }
}
