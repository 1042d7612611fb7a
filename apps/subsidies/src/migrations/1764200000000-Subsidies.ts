import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rural parcel subsidies: county centres, daily parcel counts (every version kept), waybill
 * records deduplicated province-wide by their primary key, ingest batches keyed by the
 * client's Idempotency-Key, programmes and claims.
 */
export class Subsidies1764200000000 implements MigrationInterface {
  name = 'Subsidies1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE subsidies.county_centres (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        county_code text NOT NULL,
        org_id uuid NOT NULL,
        daily_capacity integer,
        created_by text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT uq_centres_county UNIQUE (county_code),
        CONSTRAINT uq_centres_org UNIQUE (org_id)
      )`);
    await q.query(`CREATE INDEX ix_centres_created ON subsidies.county_centres (created_at DESC, id DESC)`);

    await q.query(`
      CREATE TABLE subsidies.count_uploads (
        id uuid PRIMARY KEY,
        centre_id uuid NOT NULL REFERENCES subsidies.county_centres (id),
        county_code text NOT NULL,
        source text NOT NULL,
        received integer NOT NULL,
        accepted integer NOT NULL,
        corrected integer NOT NULL,
        unchanged integer NOT NULL,
        rejected integer NOT NULL,
        submitted_by text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp()
      )`);

    await q.query(`
      CREATE TABLE subsidies.parcel_counts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        centre_id uuid NOT NULL REFERENCES subsidies.county_centres (id),
        county_code text NOT NULL,
        date date NOT NULL,
        brand text NOT NULL,
        direction text NOT NULL CHECK (direction IN ('upstream', 'downstream')),
        items integer NOT NULL CHECK (items >= 0),
        weight_kg numeric(15, 3),
        version integer NOT NULL,
        previous_items integer,
        reason text,
        upload_id uuid NOT NULL REFERENCES subsidies.count_uploads (id),
        reported_by text NOT NULL,
        reported_org text,
        logic_errors text[] NOT NULL DEFAULT '{}',
        created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
        superseded_at timestamptz(3),
        CONSTRAINT uq_parcel_counts_version UNIQUE (centre_id, date, brand, direction, version)
      )`);
    await q.query(`CREATE UNIQUE INDEX ux_parcel_counts_current ON subsidies.parcel_counts (centre_id, date, brand, direction) WHERE superseded_at IS NULL`);
    await q.query(`CREATE INDEX ix_parcel_counts_county_date ON subsidies.parcel_counts (county_code, date)`);
    await q.query(`CREATE INDEX ix_parcel_counts_created ON subsidies.parcel_counts (created_at DESC, id DESC)`);

    await q.query(`
      CREATE TABLE subsidies.waybill_batches (
        id uuid PRIMARY KEY,
        actor text NOT NULL,
        org_id text,
        idempotency_key text,
        request_hash text NOT NULL,
        content_hash text NOT NULL,
        part integer NOT NULL,
        parts integer NOT NULL,
        received integer NOT NULL DEFAULT 0,
        accepted integer NOT NULL DEFAULT 0,
        duplicates integer NOT NULL DEFAULT 0,
        rejected integer NOT NULL DEFAULT 0,
        result jsonb,
        created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE UNIQUE INDEX ux_waybill_batches_key ON subsidies.waybill_batches (actor, idempotency_key, part) WHERE idempotency_key IS NOT NULL`);
    await q.query(`CREATE INDEX ix_waybill_batches_created ON subsidies.waybill_batches (created_at)`);

    // The hot table: the primary key is the province-wide dedup; no foreign key to the batch
    // (it would cost a lookup per row); one secondary index for per-county, per-day reads.
    await q.query(`
      CREATE TABLE subsidies.waybills (
        waybill_no text PRIMARY KEY,
        brand text NOT NULL,
        date date NOT NULL,
        direction text NOT NULL CHECK (direction IN ('upstream', 'downstream')),
        county_code text NOT NULL,
        village_code text,
        batch_id uuid NOT NULL
      )`);
    await q.query(`CREATE INDEX ix_waybills_county_date ON subsidies.waybills (county_code, date)`);

    await q.query(`
      CREATE TABLE subsidies.waybill_duplicates (
        batch_id uuid NOT NULL,
        waybill_no text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('request', 'province')),
        county_code text NOT NULL,
        date date NOT NULL,
        brand text NOT NULL,
        direction text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX ix_waybill_duplicates_county ON subsidies.waybill_duplicates (county_code, date)`);
    await q.query(`CREATE INDEX ix_waybill_duplicates_no ON subsidies.waybill_duplicates (waybill_no)`);

    // What came in, by source, batch, county and business date: the validity and duplicate
    // indicators read it. Rows without a usable county or date are placed under the
    // province (14) or the day they arrived.
    await q.query(`
      CREATE TABLE subsidies.intake_tallies (
        batch_id uuid NOT NULL,
        source text NOT NULL CHECK (source IN ('counts', 'waybills')),
        county_code text NOT NULL,
        date date NOT NULL,
        received integer NOT NULL,
        accepted integer NOT NULL,
        duplicates integer NOT NULL,
        rejected integer NOT NULL,
        PRIMARY KEY (batch_id, county_code, date)
      )`);
    await q.query(`CREATE INDEX ix_intake_tallies_county_date ON subsidies.intake_tallies (county_code, date)`);

    await q.query(`
      CREATE TABLE subsidies.programmes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        year integer NOT NULL,
        name text NOT NULL,
        directions text[] NOT NULL,
        rates jsonb NOT NULL,
        avg_ceiling_fen integer NOT NULL CHECK (avg_ceiling_fen >= 0),
        budgets jsonb NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT uq_programmes_year_name UNIQUE (year, name)
      )`);
    await q.query(`CREATE INDEX ix_programmes_created ON subsidies.programmes (created_at DESC, id DESC)`);

    await q.query(`
      CREATE TABLE subsidies.claims (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        programme_id uuid NOT NULL REFERENCES subsidies.programmes (id),
        year integer NOT NULL,
        county_code text NOT NULL,
        period_start date NOT NULL,
        period_end date NOT NULL,
        status text NOT NULL CHECK (status IN ('draft', 'submitted', 'reviewed', 'approved', 'paid', 'returned')),
        reported_items bigint NOT NULL,
        items bigint NOT NULL,
        gross_fen bigint NOT NULL,
        amount_fen bigint NOT NULL CHECK (amount_fen >= 0),
        avg_fen numeric(14, 2) NOT NULL,
        capped_by text CHECK (capped_by IN ('ceiling', 'budget')),
        avg_ceiling_fen integer NOT NULL,
        lines jsonb NOT NULL,
        return_reason text,
        created_by text NOT NULL,
        org_id text,
        created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
        CHECK (period_end >= period_start)
      )`);
    await q.query(`CREATE INDEX ix_claims_created ON subsidies.claims (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX ix_claims_programme_county ON subsidies.claims (programme_id, county_code)`);
    await q.query(`CREATE INDEX ix_claims_county_status ON subsidies.claims (county_code, status)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'claims',
      'programmes',
      'intake_tallies',
      'waybill_duplicates',
      'waybills',
      'waybill_batches',
      'parcel_counts',
      'count_uploads',
      'county_centres',
    ]) {
      await q.query(`DROP TABLE subsidies.${table}`);
    }
  }
}
