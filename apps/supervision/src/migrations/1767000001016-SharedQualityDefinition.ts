import { MigrationInterface, QueryRunner } from 'typeorm';
import { crossMatchSql, QUALITY_PARAMETERS } from '@app/quality';

/**
 * The read models recomputed by the shared data-quality definition (libs/quality): the two-way
 * cross-match at its tolerance (a county-day with counts and no courier waybills, or the
 * reverse, is compared and a mismatch) and on time by its hour of the next day; then the four
 * county-day flow figures rebuilt from the rows, rolled up as addFigures does.
 */
export class SharedQualityDefinition1767000001016 implements MigrationInterface {
  name = 'SharedQualityDefinition1767000001016';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE supervision.rm_county_days SET matched = ${crossMatchSql('counted', 'waybills', '$1')}`, [QUALITY_PARAMETERS.crossMatchTolerance]);
    await rebuildFigures(
      q,
      `first_reported_at <= ((date + 1)::timestamp + make_interval(hours => ${QUALITY_PARAMETERS.onTimeHour})) AT TIME ZONE 'Asia/Shanghai'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE supervision.rm_county_days SET matched = CASE WHEN counted IS NULL OR waybills IS NULL THEN NULL ELSE abs(counted - waybills) <= 0.1 * greatest(counted, waybills) END`,
    );
    await rebuildFigures(q, `(first_reported_at AT TIME ZONE 'Asia/Shanghai')::date <= date + 1`);
  }
}

async function rebuildFigures(q: QueryRunner, onTime: string): Promise<void> {
  await q.query(`DELETE FROM supervision.rm_figures WHERE metric IN ('county_days_compared', 'county_days_matched', 'centre_days_on_time')`);
  await q.query(`
    WITH county_day AS (
      SELECT 'county_days_compared' AS metric, county_code, date, count(*) AS value
      FROM supervision.rm_county_days WHERE matched IS NOT NULL GROUP BY 2, 3
      UNION ALL
      SELECT 'county_days_matched', county_code, date, count(*) FROM supervision.rm_county_days WHERE matched GROUP BY 2, 3
      UNION ALL
      SELECT 'centre_days_on_time', county_code, date, count(*) FROM supervision.rm_centre_days WHERE ${onTime} GROUP BY 2, 3
    )
    INSERT INTO supervision.rm_figures (metric, period_kind, region_code, period_start, value)
    SELECT metric, kind, region, start, sum(value)
    FROM county_day
    CROSS JOIN LATERAL (VALUES (left(county_code, 2)), (left(county_code, 4)), (county_code)) AS r(region)
    CROSS JOIN LATERAL (VALUES ('day', date), ('month', date_trunc('month', date)::date), ('year', date_trunc('year', date)::date)) AS p(kind, start)
    GROUP BY 1, 2, 3, 4`);
}
