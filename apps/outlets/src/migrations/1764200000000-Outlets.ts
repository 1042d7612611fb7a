import { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS = `'terminal_outlet', 'smart_locker', 'public_service_station', 'village_post_station', 'village_service_point'`;

export class Outlets1764200000000 implements MigrationInterface {
  name = 'Outlets1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outlets.outlets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_org_id text,
        kind text NOT NULL CHECK (kind IN (${KINDS})),
        name text NOT NULL,
        enterprise_id uuid NOT NULL,
        enterprise_name text NOT NULL,
        shared_enterprise_ids uuid[] NOT NULL DEFAULT '{}',
        region_code text NOT NULL CHECK (region_code ~ '^14[0-9]{7}([0-9]{3})?$'),
        county_code text NOT NULL CHECK (county_code = left(region_code, 6)),
        township_code text NOT NULL CHECK (township_code = left(region_code, 9)),
        village_code text CHECK (village_code IS NULL OR village_code = region_code),
        address text NOT NULL,
        lat double precision NOT NULL,
        lng double precision NOT NULL,
        opening_hours text,
        person_in_charge text,
        compartments jsonb,
        compartment_total integer GENERATED ALWAYS AS (
          coalesce((compartments->>'small')::int, 0) + coalesce((compartments->>'medium')::int, 0) + coalesce((compartments->>'large')::int, 0)
        ) STORED,
        opened_on date NOT NULL,
        status text NOT NULL CHECK (status IN ('submitted', 'filed', 'rejected', 'closed', 'lapsed')),
        receipt_no text,
        version integer NOT NULL,
        pending_version integer,
        filed_on date,
        closed_on date,
        created_by text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT uq_outlets_receipt_no UNIQUE (receipt_no),
        CONSTRAINT ck_outlets_filed_has_receipt CHECK (status <> 'filed' OR receipt_no IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX ix_outlets_created ON outlets.outlets (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX ix_outlets_owner ON outlets.outlets (owner_org_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX ix_outlets_region ON outlets.outlets (region_code text_pattern_ops)`);
    await q.query(`CREATE INDEX ix_outlets_enterprise ON outlets.outlets (enterprise_id) WHERE status IN ('submitted', 'filed')`);
    await q.query(`CREATE INDEX ix_outlets_filed_township ON outlets.outlets (township_code text_pattern_ops) WHERE status = 'filed'`);
    await q.query(
      `CREATE INDEX ix_outlets_filed_village ON outlets.outlets (village_code text_pattern_ops) WHERE status = 'filed' AND village_code IS NOT NULL`,
    );
    await q.query(`CREATE INDEX ix_outlets_position ON outlets.outlets (lat, lng) WHERE status IN ('submitted', 'filed')`);

    await q.query(`
      CREATE TABLE outlets.filings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        outlet_id uuid NOT NULL REFERENCES outlets.outlets(id),
        version integer NOT NULL CHECK (version >= 1),
        type text NOT NULL CHECK (type IN ('initial', 'change', 'closure')),
        status text NOT NULL CHECK (status IN ('submitted', 'accepted', 'rejected', 'superseded', 'lapsed')),
        particulars jsonb NOT NULL,
        effective_on date NOT NULL,
        submitted_on date NOT NULL,
        due_on date NOT NULL,
        late boolean GENERATED ALWAYS AS (submitted_on > due_on) STORED,
        decision_due_on date,
        notice_due_on date,
        notice_on date,
        missing_items text[] NOT NULL DEFAULT '{}',
        decided_on date,
        decided_by text,
        reason text,
        submitted_by text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT uq_filings_version UNIQUE (outlet_id, version)
      )`);
    await q.query(`CREATE UNIQUE INDEX uq_filings_pending ON outlets.filings (outlet_id) WHERE status = 'submitted'`);
    await q.query(`CREATE INDEX ix_filings_decision_due ON outlets.filings (created_at DESC, id DESC) WHERE status = 'submitted'`);
    await q.query(`CREATE INDEX ix_filings_late ON outlets.filings (created_at DESC, id DESC) WHERE late`);

    await q.query(`
      CREATE TABLE outlets.receipt_sequences (
        county_code text NOT NULL,
        year integer NOT NULL,
        last_no integer NOT NULL CHECK (last_no >= 1),
        PRIMARY KEY (county_code, year)
      )`);

    await q.query(`
      CREATE TABLE outlets.usage_reports (
        outlet_id uuid NOT NULL REFERENCES outlets.outlets(id),
        date date NOT NULL,
        kind text NOT NULL CHECK (kind IN (${KINDS})),
        county_code text NOT NULL,
        township_code text NOT NULL,
        compartments integer NOT NULL CHECK (compartments >= 0),
        parcels_in integer NOT NULL CHECK (parcels_in >= 0),
        parcels_collected integer NOT NULL CHECK (parcels_collected >= 0),
        parcels_delivered integer NOT NULL CHECK (parcels_delivered >= 0),
        reported_by text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (outlet_id, date)
      )`);
    await q.query(`CREATE INDEX ix_usage_region_date ON outlets.usage_reports (township_code text_pattern_ops, date)`);

    await q.query(`
      CREATE TABLE outlets.duplicate_flags (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        outlet_id uuid NOT NULL REFERENCES outlets.outlets(id),
        other_outlet_id uuid NOT NULL REFERENCES outlets.outlets(id),
        distance_m double precision NOT NULL CHECK (distance_m >= 0),
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'dismissed', 'confirmed')),
        note text,
        reviewed_by text,
        reviewed_at timestamptz(3),
        created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT ck_duplicate_distinct CHECK (outlet_id <> other_outlet_id)
      )`);
    await q.query(`CREATE UNIQUE INDEX uq_duplicate_pair ON outlets.duplicate_flags (LEAST(outlet_id, other_outlet_id), GREATEST(outlet_id, other_outlet_id))`);
    await q.query(`CREATE INDEX ix_duplicate_status ON outlets.duplicate_flags (status, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX ix_duplicate_other ON outlets.duplicate_flags (other_outlet_id) WHERE status = 'open'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outlets.duplicate_flags`);
    await q.query(`DROP TABLE outlets.usage_reports`);
    await q.query(`DROP TABLE outlets.receipt_sequences`);
    await q.query(`DROP TABLE outlets.filings`);
    await q.query(`DROP TABLE outlets.outlets`);
  }
}
