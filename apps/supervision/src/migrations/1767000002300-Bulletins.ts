import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Monthly bulletins (月度通报) and the weights of their score. The weights are this platform's
 * own scheme (no seed document sets one); the admin changes them (audited). A bulletin keeps
 * the weights and the figures it was built with, so publishing it later shows what was built.
 */
export class Bulletins1767000002300 implements MigrationInterface {
  name = 'Bulletins1767000002300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE supervision.bulletin_weights (
        key text PRIMARY KEY,
        weight numeric(5, 2) NOT NULL CHECK (weight >= 0 AND weight <= 100),
        updated_by text NOT NULL DEFAULT 'migration',
        updated_at timestamptz(3) NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`
      INSERT INTO supervision.bulletin_weights (key, weight) VALUES
        ('rural_parcels_upstream', 15), ('rural_parcels_downstream', 15), ('subsidy_avg_to_ceiling', 10),
        ('township_outlet_coverage', 15), ('locker_delivery_rate', 5), ('data_quality_score', 10),
        ('e_waybill_rate', 5), ('recyclable_transit_bag_rate', 5), ('late_filings', 5),
        ('open_incidents', 5), ('public_complaints', 10)`);
    await q.query(`
      CREATE TABLE supervision.bulletins (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        title text NOT NULL,
        period date NOT NULL,
        level text NOT NULL CHECK (level IN ('city', 'county')),
        region_code text NOT NULL,
        status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
        indicators jsonb NOT NULL,
        rows jsonb NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
        published_by text,
        published_at timestamptz(3),
        CHECK ((status = 'published') = (published_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX ix_bulletins_created ON supervision.bulletins (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX ix_bulletins_published ON supervision.bulletins (period DESC, published_at DESC) WHERE status = 'published'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE supervision.bulletins`);
    await q.query(`DROP TABLE supervision.bulletin_weights`);
  }
}
