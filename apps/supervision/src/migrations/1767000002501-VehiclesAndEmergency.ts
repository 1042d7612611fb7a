import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 17 items 5 and 6: the delivery vehicle registry (seed 001 §30), emergency plans and
 * drills (§28–29), and e-commerce platforms and their warehouses as emergency resources (§28).
 */
export class VehiclesAndEmergency1767000002501 implements MigrationInterface {
  name = 'VehiclesAndEmergency1767000002501';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE supervision.delivery_vehicles (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        enterprise_id uuid NOT NULL REFERENCES supervision.enterprises(id),
        plate text NOT NULL,
        plate_kind text NOT NULL CHECK (plate_kind IN ('ordinary', 'new_energy')),
        new_energy boolean NOT NULL,
        uniform_no text NOT NULL,
        markings boolean NOT NULL,
        pass_status text NOT NULL CHECK (pass_status IN ('none', 'applied', 'issued', 'expired')),
        pass_valid_to date,
        region_code text NOT NULL,
        registered_by text NOT NULL,
        org_id text,
        created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT uq_delivery_vehicles_plate UNIQUE (plate),
        CONSTRAINT uq_delivery_vehicles_uniform_no UNIQUE (enterprise_id, uniform_no),
        CHECK (plate_kind = 'ordinary' OR new_energy)
      )`);
    await q.query(`CREATE INDEX ix_delivery_vehicles_created ON supervision.delivery_vehicles (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX ix_delivery_vehicles_enterprise ON supervision.delivery_vehicles (enterprise_id)`);
    await q.query(`
      CREATE TABLE supervision.emergency_plans (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        region_code text NOT NULL,
        title text NOT NULL,
        issued_on date NOT NULL,
        summary text NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX ix_emergency_plans_created ON supervision.emergency_plans (created_at DESC, id DESC)`);
    await q.query(`
      CREATE TABLE supervision.emergency_drills (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        region_code text NOT NULL,
        plan_id uuid REFERENCES supervision.emergency_plans(id),
        title text NOT NULL,
        held_on date NOT NULL,
        participants text[] NOT NULL,
        participant_count int NOT NULL CHECK (participant_count > 0),
        resource_ids uuid[] NOT NULL DEFAULT '{}',
        resources_note text,
        findings text NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX ix_emergency_drills_created ON supervision.emergency_drills (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX ix_emergency_drills_plan ON supervision.emergency_drills (plan_id) WHERE plan_id IS NOT NULL`);
    await q.query(`ALTER TABLE supervision.emergency_resources DROP CONSTRAINT emergency_resources_kind_check`);
    await q.query(
      `ALTER TABLE supervision.emergency_resources ADD CONSTRAINT emergency_resources_kind_check
       CHECK (kind IN ('vehicle', 'team', 'depot', 'ecommerce_platform', 'ecommerce_warehouse'))`,
    );
    await q.query(`ALTER TABLE supervision.emergency_resources ADD COLUMN operator_name text, ADD COLUMN operator_uscc text, ADD COLUMN address text`);
    await q.query(
      `ALTER TABLE supervision.emergency_resources ADD CONSTRAINT ck_emergency_resources_operator
       CHECK (kind NOT IN ('ecommerce_platform', 'ecommerce_warehouse') OR operator_name IS NOT NULL)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE supervision.emergency_resources DROP CONSTRAINT ck_emergency_resources_operator`);
    await q.query(`ALTER TABLE supervision.emergency_resources DROP COLUMN operator_name, DROP COLUMN operator_uscc, DROP COLUMN address`);
    await q.query(`DELETE FROM supervision.emergency_resources WHERE kind IN ('ecommerce_platform', 'ecommerce_warehouse')`);
    await q.query(`ALTER TABLE supervision.emergency_resources DROP CONSTRAINT emergency_resources_kind_check`);
    await q.query(`ALTER TABLE supervision.emergency_resources ADD CONSTRAINT emergency_resources_kind_check CHECK (kind IN ('vehicle', 'team', 'depot'))`);
    await q.query(`DROP TABLE supervision.emergency_drills`);
    await q.query(`DROP TABLE supervision.emergency_plans`);
    await q.query(`DROP TABLE supervision.delivery_vehicles`);
  }
}
