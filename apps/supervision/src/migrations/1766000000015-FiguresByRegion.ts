import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The by-region index of `rm_figures` carries the metric as its last column, so a time
 * series (one metric, one region, a range of periods) is one index range whichever of the
 * two indexes the planner takes: with statistics unknown it took the by-region index and
 * read every metric of the region's year, and with `region_code = ANY(…)` it took the
 * primary key and read every region of the metric.
 */
export class FiguresByRegion1766000000015 implements MigrationInterface {
  name = 'FiguresByRegion1766000000015';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ix_rm_figures_region_period_metric ON supervision.rm_figures (region_code, period_kind, period_start, metric)`);
    await q.query(`DROP INDEX supervision.ix_rm_figures_region_period`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ix_rm_figures_region_period ON supervision.rm_figures (region_code, period_kind, period_start)`);
    await q.query(`DROP INDEX supervision.ix_rm_figures_region_period_metric`);
  }
}
