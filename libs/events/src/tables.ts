import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The platform's own tables in a service's schema: the transactional outbox, the consumer
 * dedup table and the audit trail. Every service lists this migration first.
 */
export function platformTablesMigration(schema: string): new () => MigrationInterface {
  return class PlatformTables1764000000000 implements MigrationInterface {
    name = 'PlatformTables1764000000000';

    async up(q: QueryRunner): Promise<void> {
      await q.query(`
        CREATE TABLE "${schema}".outbox (
          id uuid PRIMARY KEY,
          type text NOT NULL,
          event jsonb NOT NULL,
          created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
          sent_at timestamptz(3)
        )`);
      await q.query(`CREATE INDEX ix_outbox_pending ON "${schema}".outbox (created_at, id) WHERE sent_at IS NULL`);
      await q.query(`
        CREATE TABLE "${schema}".applied_events (
          consumer text NOT NULL,
          event_id uuid NOT NULL,
          applied_at timestamptz(3) NOT NULL DEFAULT now(),
          PRIMARY KEY (consumer, event_id)
        )`);
      await q.query(`
        CREATE TABLE "${schema}".audit_log (
          id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
          created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
          actor text NOT NULL,
          org_id text,
          role text,
          action text NOT NULL,
          object_type text NOT NULL,
          object_id text NOT NULL,
          before jsonb,
          after jsonb,
          correlation_id text NOT NULL
        )`);
      await q.query(`CREATE INDEX ix_audit_created ON "${schema}".audit_log (created_at DESC, id DESC)`);
      await q.query(`CREATE INDEX ix_audit_object ON "${schema}".audit_log (object_type, object_id, created_at DESC, id DESC)`);
      await q.query(`CREATE INDEX ix_audit_actor ON "${schema}".audit_log (actor, created_at DESC, id DESC)`);
    }

    async down(q: QueryRunner): Promise<void> {
      await q.query(`DROP TABLE "${schema}".audit_log`);
      await q.query(`DROP TABLE "${schema}".applied_events`);
      await q.query(`DROP TABLE "${schema}".outbox`);
    }
  };
}

/**
 * The region of the acting principal on every audit record, so auditors read only the
 * records of actions taken within their region. Earlier records (and the system's) have
 * none and are read by province-level auditors and the admin only.
 */
export function auditRegionMigration(schema: string): new () => MigrationInterface {
  return class AuditRegion1764600000013 implements MigrationInterface {
    name = 'AuditRegion1764600000013';

    async up(q: QueryRunner): Promise<void> {
      await q.query(`ALTER TABLE "${schema}".audit_log ADD COLUMN region_code text`);
    }

    async down(q: QueryRunner): Promise<void> {
      await q.query(`ALTER TABLE "${schema}".audit_log DROP COLUMN region_code`);
    }
  };
}

/**
 * Event messages a consumer refused (not JSON, not a valid event, or claiming another
 * service's type than its subject's), kept once per consumer and stream sequence.
 */
export function deadLettersMigration(schema: string): new () => MigrationInterface {
  return class DeadLetters1764600000016 implements MigrationInterface {
    name = 'DeadLetters1764600000016';

    async up(q: QueryRunner): Promise<void> {
      await q.query(`
        CREATE TABLE "${schema}".dead_letters (
          id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
          consumer text NOT NULL,
          stream_seq bigint NOT NULL,
          subject text NOT NULL,
          reason text NOT NULL,
          detail text NOT NULL,
          body text NOT NULL,
          received_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
          CONSTRAINT uq_dead_letters_message UNIQUE (consumer, stream_seq)
        )`);
    }

    async down(q: QueryRunner): Promise<void> {
      await q.query(`DROP TABLE "${schema}".dead_letters`);
    }
  };
}

/**
 * Parking of outbox rows that cannot be published (OutboxRelay): how often the server
 * refused a row, its last error, and when it was set aside after OUTBOX_PARK_AFTER refusals. The
 * pending index leaves parked rows out.
 */
export function outboxParkingMigration(schema: string): new () => MigrationInterface {
  return class OutboxParking1765600000000 implements MigrationInterface {
    name = 'OutboxParking1765600000000';

    async up(q: QueryRunner): Promise<void> {
      await q.query(
        `ALTER TABLE "${schema}".outbox ADD COLUMN attempts int NOT NULL DEFAULT 0, ADD COLUMN last_error text, ADD COLUMN parked_at timestamptz(3)`,
      );
      await q.query(`DROP INDEX "${schema}".ix_outbox_pending`);
      await q.query(`CREATE INDEX ix_outbox_pending ON "${schema}".outbox (created_at, id) WHERE sent_at IS NULL AND parked_at IS NULL`);
    }

    async down(q: QueryRunner): Promise<void> {
      await q.query(`DROP INDEX "${schema}".ix_outbox_pending`);
      await q.query(`CREATE INDEX ix_outbox_pending ON "${schema}".outbox (created_at, id) WHERE sent_at IS NULL`);
      await q.query(`ALTER TABLE "${schema}".outbox DROP COLUMN attempts, DROP COLUMN last_error, DROP COLUMN parked_at`);
    }
  };
}
