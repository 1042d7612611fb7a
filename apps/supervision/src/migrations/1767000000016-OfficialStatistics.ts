import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Official monthly statistics (官方统计) entered by staff: every version kept, a correction is
 * the next version with its reason; the current figure is the highest version.
 */
export class OfficialStatistics1767000000016 implements MigrationInterface {
  name = 'OfficialStatistics1767000000016';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE supervision.official_statistics (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        metric text NOT NULL,
        region_code text NOT NULL,
        month date NOT NULL CHECK (extract(day FROM month) = 1),
        version int NOT NULL CHECK (version >= 1),
        value numeric NOT NULL CHECK (value >= 0),
        unit text NOT NULL,
        source text NOT NULL,
        reason text,
        entered_by text NOT NULL,
        entered_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT official_statistics_version_uq UNIQUE (region_code, metric, month, version),
        CONSTRAINT official_statistics_reason_ck CHECK (version = 1 OR reason IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX official_statistics_region_month_idx ON supervision.official_statistics (region_code, month)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE supervision.official_statistics`);
  }
}
