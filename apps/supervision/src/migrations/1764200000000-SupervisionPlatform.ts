import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read models built from the services' events, policy targets, inspections (双随机一公开),
 * credit records, incidents and emergency dispatch.
 */
export class SupervisionPlatform1764200000000 implements MigrationInterface {
  name = 'SupervisionPlatform1764200000000';

  async up(q: QueryRunner): Promise<void> {
    // Read models (rm_*): rebuilt from the EVENTS stream by the rebuild command.
    await q.query(`
      CREATE TABLE supervision.rm_figures (
        metric text NOT NULL,
        period_kind text NOT NULL CHECK (period_kind IN ('day', 'month', 'year')),
        region_code text NOT NULL,
        period_start date NOT NULL,
        value bigint NOT NULL,
        PRIMARY KEY (metric, period_kind, region_code, period_start)
      )`);
    await q.query(`
      CREATE TABLE supervision.rm_outlets (
        outlet_id text PRIMARY KEY,
        kind text NOT NULL,
        enterprise_ids text[] NOT NULL,
        region_code text NOT NULL,
        county_code text NOT NULL,
        township_code text NOT NULL,
        status text NOT NULL,
        open boolean NOT NULL,
        receipt_no text,
        filed_on date,
        closed_on date,
        event_at timestamptz(3) NOT NULL,
        event_id uuid NOT NULL
      )`);
    await q.query(`CREATE INDEX ix_rm_outlets_township ON supervision.rm_outlets (township_code) WHERE filed_on IS NOT NULL`);
    await q.query(`
      CREATE TABLE supervision.rm_outlet_usage (
        outlet_id text NOT NULL,
        date date NOT NULL,
        kind text NOT NULL,
        county_code text NOT NULL,
        parcels_in bigint NOT NULL,
        parcels_collected bigint NOT NULL,
        parcels_delivered bigint NOT NULL,
        event_at timestamptz(3) NOT NULL,
        event_id uuid NOT NULL,
        PRIMARY KEY (outlet_id, date)
      )`);
    await q.query(`
      CREATE TABLE supervision.rm_centres (
        centre_id text PRIMARY KEY,
        county_code text NOT NULL,
        org_id text,
        first_report_on date NOT NULL
      )`);
    await q.query(`CREATE INDEX ix_rm_centres_county ON supervision.rm_centres (county_code)`);
    await q.query(`
      CREATE TABLE supervision.rm_centre_days (
        centre_id text NOT NULL,
        date date NOT NULL,
        county_code text NOT NULL,
        first_reported_at timestamptz(3) NOT NULL,
        PRIMARY KEY (centre_id, date)
      )`);
    await q.query(`CREATE INDEX ix_rm_centre_days_county ON supervision.rm_centre_days (county_code, date)`);
    await q.query(`
      CREATE TABLE supervision.rm_claims (
        claim_id text PRIMARY KEY,
        programme_id text NOT NULL,
        year integer NOT NULL,
        county_code text NOT NULL,
        status text NOT NULL,
        items bigint NOT NULL,
        amount_fen bigint NOT NULL,
        avg_ceiling_fen bigint NOT NULL,
        status_since date NOT NULL,
        event_at timestamptz(3) NOT NULL,
        event_id uuid NOT NULL
      )`);
    await q.query(`CREATE INDEX ix_rm_claims_status ON supervision.rm_claims (status, county_code)`);
    await q.query(`CREATE INDEX ix_rm_claims_year ON supervision.rm_claims (year, county_code)`);
    await q.query(`
      CREATE TABLE supervision.rm_facilities (
        facility_id text PRIMARY KEY,
        kind text NOT NULL,
        region_code text NOT NULL,
        county_code text NOT NULL,
        status text NOT NULL,
        capacity_tonnes double precision NOT NULL,
        designated_at date,
        registered_on date,
        operating_since date,
        closed_on date,
        event_at timestamptz(3) NOT NULL,
        event_id uuid NOT NULL
      )`);
    await q.query(`CREATE INDEX ix_rm_facilities_kind ON supervision.rm_facilities (kind, county_code)`);
    await q.query(`
      CREATE TABLE supervision.rm_green_reports (
        report_id text PRIMARY KEY,
        enterprise_id text NOT NULL,
        year integer NOT NULL,
        period text NOT NULL,
        region_code text NOT NULL,
        version integer NOT NULL,
        status text NOT NULL,
        parcels bigint NOT NULL,
        e_waybills bigint NOT NULL,
        transit_bags_total bigint NOT NULL,
        recyclable_transit_bags bigint NOT NULL,
        vehicles_total bigint NOT NULL,
        vehicles_new_energy bigint NOT NULL,
        co2e_kg double precision NOT NULL,
        event_at timestamptz(3) NOT NULL,
        event_id uuid NOT NULL
      )`);
    await q.query(`CREATE INDEX ix_rm_green_reports_year ON supervision.rm_green_reports (year, status, region_code)`);

    await q.query(`
      CREATE TABLE supervision.policy_targets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        key text NOT NULL,
        metric_zh text NOT NULL,
        region_code text NOT NULL,
        year integer NOT NULL,
        op text NOT NULL CHECK (op IN ('>=', '<=')),
        value numeric NOT NULL CHECK (value >= 0),
        unit text NOT NULL,
        document text NOT NULL,
        clause text NOT NULL,
        quote text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT uq_policy_targets UNIQUE (key, region_code, year)
      )`);
    await q.query(`CREATE INDEX ix_policy_targets_created ON supervision.policy_targets (created_at DESC, id DESC)`);

    await q.query(`
      CREATE TABLE supervision.inspectors (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        org_id uuid NOT NULL,
        org_name text NOT NULL,
        org_kind text NOT NULL,
        region_code text NOT NULL,
        conflict_keys text[] NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX ix_inspectors_created ON supervision.inspectors (created_at DESC, id DESC)`);
    await q.query(`
      CREATE TABLE supervision.inspection_draws (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        target_kind text NOT NULL,
        count integer NOT NULL,
        inspectors_per_target integer NOT NULL,
        seed text NOT NULL,
        region_code text NOT NULL,
        weighted boolean NOT NULL,
        algorithm text NOT NULL,
        candidates jsonb NOT NULL,
        inspector_pool jsonb NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX ix_inspection_draws_created ON supervision.inspection_draws (created_at DESC, id DESC)`);
    await q.query(`
      CREATE TABLE supervision.inspection_items (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        draw_id uuid NOT NULL REFERENCES supervision.inspection_draws(id),
        position integer NOT NULL,
        target_id text NOT NULL,
        target_name text NOT NULL,
        region_code text NOT NULL,
        enterprise_ids text[] NOT NULL,
        weight double precision NOT NULL,
        inspector_ids uuid[] NOT NULL,
        outcome text CHECK (outcome IN ('pass', 'fail')),
        findings text,
        fine_fen bigint,
        severity text CHECK (severity IN ('minor', 'serious', 'grave')),
        recorded_at timestamptz(3),
        recorded_by text,
        created_at timestamptz(3) NOT NULL,
        CONSTRAINT uq_inspection_items_position UNIQUE (draw_id, position)
      )`);
    await q.query(`CREATE INDEX ix_inspection_items_created ON supervision.inspection_items (created_at DESC, id DESC)`);

    await q.query(`
      CREATE TABLE supervision.credit_records (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        enterprise_id uuid NOT NULL REFERENCES supervision.enterprises(id),
        kind text NOT NULL CHECK (kind IN ('violation', 'inspection_finding', 'licence_revoked')),
        severity text NOT NULL CHECK (severity IN ('minor', 'serious', 'grave')),
        points integer NOT NULL CHECK (points >= 0),
        description text NOT NULL,
        occurred_on date NOT NULL,
        source_id text,
        created_by text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX ix_credit_records_enterprise ON supervision.credit_records (enterprise_id, occurred_on DESC)`);
    await q.query(`CREATE UNIQUE INDEX uq_credit_records_source ON supervision.credit_records (kind, source_id, enterprise_id) WHERE source_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE supervision.emergency_resources (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('vehicle', 'team', 'depot')),
        name text NOT NULL,
        region_code text NOT NULL,
        capacity integer NOT NULL CHECK (capacity > 0),
        capacity_unit text NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX ix_emergency_resources_created ON supervision.emergency_resources (created_at DESC, id DESC)`);
    await q.query(`
      CREATE TABLE supervision.incidents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL,
        title text NOT NULL,
        severity smallint NOT NULL CHECK (severity BETWEEN 1 AND 4),
        status text NOT NULL CHECK (status IN ('open', 'responding', 'resolved', 'closed')),
        affected_regions text[] NOT NULL,
        description text,
        created_by text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz(3) NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX ix_incidents_created ON supervision.incidents (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX ix_incidents_status ON supervision.incidents (status, created_at DESC, id DESC)`);
    await q.query(`
      CREATE TABLE supervision.dispatches (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        incident_id uuid NOT NULL REFERENCES supervision.incidents(id),
        resource_id uuid NOT NULL REFERENCES supervision.emergency_resources(id),
        dispatched_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
        released_at timestamptz(3),
        dispatched_by text NOT NULL,
        note text
      )`);
    // A resource is held by at most one incident at a time: the database refuses a second
    // active dispatch even if two requests race past the service's own check.
    await q.query(`CREATE UNIQUE INDEX uq_dispatches_active_resource ON supervision.dispatches (resource_id) WHERE released_at IS NULL`);
    await q.query(`CREATE INDEX ix_dispatches_incident ON supervision.dispatches (incident_id, dispatched_at)`);
    await q.query(`
      CREATE TABLE supervision.incident_timeline (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigint GENERATED ALWAYS AS IDENTITY,
        incident_id uuid NOT NULL REFERENCES supervision.incidents(id),
        at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
        kind text NOT NULL,
        detail jsonb NOT NULL,
        actor text NOT NULL
      )`);
    await q.query(`CREATE INDEX ix_incident_timeline ON supervision.incident_timeline (incident_id, seq)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'incident_timeline',
      'dispatches',
      'incidents',
      'emergency_resources',
      'credit_records',
      'inspection_items',
      'inspection_draws',
      'inspectors',
      'policy_targets',
      'rm_green_reports',
      'rm_facilities',
      'rm_claims',
      'rm_centre_days',
      'rm_centres',
      'rm_outlet_usage',
      'rm_outlets',
      'rm_figures',
    ]) {
      await q.query(`DROP TABLE supervision.${table}`);
    }
  }
}
