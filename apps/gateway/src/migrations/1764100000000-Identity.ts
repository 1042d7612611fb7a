import { MigrationInterface, QueryRunner } from 'typeorm';

export class Identity1764100000000 implements MigrationInterface {
  name = 'Identity1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE gateway.organisations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('postal_admin', 'county_centre', 'courier', 'cold_chain_operator')),
        region_code text NOT NULL,
        uscc char(18),
        created_by text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX uq_organisations_uscc ON gateway.organisations (uscc) WHERE uscc IS NOT NULL`);
    await q.query(`CREATE INDEX ix_organisations_created ON gateway.organisations (created_at DESC, id DESC)`);
    await q.query(`
      CREATE TABLE gateway.users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username text NOT NULL,
        password_hash text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin', 'staff', 'county_centre', 'courier', 'auditor')),
        org_id uuid REFERENCES gateway.organisations(id),
        region_code text NOT NULL,
        disabled_at timestamptz,
        created_by text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT uq_users_username UNIQUE (username),
        CONSTRAINT ck_users_org CHECK (role = 'admin' OR org_id IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX ix_users_org ON gateway.users (org_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX ix_users_created ON gateway.users (created_at DESC, id DESC)`);
    await q.query(`
      CREATE TABLE gateway.api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES gateway.organisations(id),
        role text NOT NULL CHECK (role IN ('staff', 'county_centre', 'courier', 'auditor')),
        name text NOT NULL,
        key_hash char(64) NOT NULL,
        key_prefix text NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        last_used_at timestamptz,
        CONSTRAINT uq_api_keys_hash UNIQUE (key_hash)
      )`);
    await q.query(`CREATE INDEX ix_api_keys_org ON gateway.api_keys (org_id, created_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE gateway.api_keys`);
    await q.query(`DROP TABLE gateway.users`);
    await q.query(`DROP TABLE gateway.organisations`);
  }
}
