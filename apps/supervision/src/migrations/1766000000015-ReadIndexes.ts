import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The by-region index of `rm_figures` carries the metric as its last column, so a time
 * series (one metric, one region, a range of periods) is one index range whichever of the
 * two indexes the planner takes: with statistics unknown it took the by-region index and
 * read every metric of the region's year, and with `region_code = ANY(…)` it took the
 * primary key and read every region of the metric. The filed outlets of a township are
 * indexed in filing order, so the overview's coverage probe stops at the first one open.
 */
export class ReadIndexes1766000000015 implements MigrationInterface {
  name = 'ReadIndexes1766000000015';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ix_rm_figures_region_period_metric ON supervision.rm_figures (region_code, period_kind, period_start, metric)`);
    await q.query(`DROP INDEX supervision.ix_rm_figures_region_period`);
    await q.query(`CREATE INDEX ix_rm_outlets_township_filed ON supervision.rm_outlets (township_code, filed_on) WHERE filed_on IS NOT NULL`);
    await q.query(`DROP INDEX supervision.ix_rm_outlets_township`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ix_rm_figures_region_period ON supervision.rm_figures (region_code, period_kind, period_start)`);
    await q.query(`DROP INDEX supervision.ix_rm_figures_region_period_metric`);
    await q.query(`CREATE INDEX ix_rm_outlets_township ON supervision.rm_outlets (township_code) WHERE filed_on IS NOT NULL`);
    await q.query(`DROP INDEX supervision.ix_rm_outlets_township_filed`);
  }
}
