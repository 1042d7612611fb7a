import { MigrationInterface, QueryRunner } from 'typeorm';

/** Months with a partition of their own; later ones are added ahead of time (deploy/README.md). */
const FIRST_YEAR = 2023;
const LAST_YEAR = 2027;
/** Hash partitions of the numbers: about 75 million numbers each at a province-year. */
const NUMBER_PARTITIONS = 16;

/**
 * Room for a province-year (issue 15; 1.2 billion waybills a year in Shanxi):
 * - `waybills` becomes range-partitioned by month of `date` (`waybills_YYYY_MM`, one per
 *   month of 2023–2027, other dates in the default partition `waybills_other`), so an old
 *   month is detached and archived as a table, never deleted row by row. Its primary key
 *   is (waybill_no, date): a partitioned table's unique index must contain the partition key.
 * - "a waybill number once in the province" moves to `waybill_numbers (waybill_no PRIMARY KEY,
 *   date)`, hash-partitioned by the number (NUMBER_PARTITIONS parts): the ingest claims each
 *   number there first and stores the row only when it got it. `date` is the month that holds
 *   the stored row (a lookup by number joins on both).
 * The existing rows are copied into both, then the old table is dropped.
 */
export class PartitionedWaybills1765600000015 implements MigrationInterface {
  name = 'PartitionedWaybills1765600000015';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE subsidies.waybills RENAME TO waybills_unpartitioned`);
    await q.query(`ALTER TABLE subsidies.waybills_unpartitioned RENAME CONSTRAINT waybills_pkey TO waybills_unpartitioned_pkey`);
    await q.query(`ALTER INDEX subsidies.ix_waybills_county_date RENAME TO ix_waybills_unpartitioned_county_date`);
    await q.query(`
      CREATE TABLE subsidies.waybills (
        waybill_no text NOT NULL,
        brand text NOT NULL,
        date date NOT NULL,
        direction text NOT NULL CHECK (direction IN ('upstream', 'downstream')),
        county_code text NOT NULL,
        village_code text,
        batch_id uuid NOT NULL,
        PRIMARY KEY (waybill_no, date)
      ) PARTITION BY RANGE (date)`);
    await q.query(`CREATE INDEX ix_waybills_county_date ON subsidies.waybills (county_code, date)`);
    await q.query(`
      CREATE TABLE subsidies.waybill_numbers (
        waybill_no text PRIMARY KEY,
        date date NOT NULL
      ) PARTITION BY HASH (waybill_no)`);
    // one round trip for the partitions (a fresh database gets them at every start of a test platform)
    await q.query(`
      DO $$ BEGIN
        FOR y IN ${FIRST_YEAR}..${LAST_YEAR} LOOP FOR m IN 1..12 LOOP
          EXECUTE format('CREATE TABLE subsidies.waybills_%s_%s PARTITION OF subsidies.waybills FOR VALUES FROM (%L) TO (%L)',
                         y, lpad(m::text, 2, '0'), make_date(y, m, 1), make_date(y, m, 1) + interval '1 month');
        END LOOP; END LOOP;
        FOR r IN 0..${NUMBER_PARTITIONS - 1} LOOP
          EXECUTE format('CREATE TABLE subsidies.waybill_numbers_%s PARTITION OF subsidies.waybill_numbers FOR VALUES WITH (MODULUS ${NUMBER_PARTITIONS}, REMAINDER %s)',
                         lpad(r::text, 2, '0'), r);
        END LOOP;
      END $$`);
    await q.query(`CREATE TABLE subsidies.waybills_other PARTITION OF subsidies.waybills DEFAULT`);

    await q.query(
      `INSERT INTO subsidies.waybills (waybill_no, brand, date, direction, county_code, village_code, batch_id)
       SELECT waybill_no, brand, date, direction, county_code, village_code, batch_id FROM subsidies.waybills_unpartitioned`,
    );
    await q.query(`INSERT INTO subsidies.waybill_numbers (waybill_no, date) SELECT waybill_no, date FROM subsidies.waybills_unpartitioned`);
    await q.query(`DROP TABLE subsidies.waybills_unpartitioned`);
    await q.query(`ANALYZE subsidies.waybills`);
    await q.query(`ANALYZE subsidies.waybill_numbers`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE subsidies.waybills_unpartitioned (
        waybill_no text PRIMARY KEY,
        brand text NOT NULL,
        date date NOT NULL,
        direction text NOT NULL CHECK (direction IN ('upstream', 'downstream')),
        county_code text NOT NULL,
        village_code text,
        batch_id uuid NOT NULL
      )`);
    await q.query(
      `INSERT INTO subsidies.waybills_unpartitioned (waybill_no, brand, date, direction, county_code, village_code, batch_id)
       SELECT waybill_no, brand, date, direction, county_code, village_code, batch_id FROM subsidies.waybills`,
    );
    await q.query(`DROP TABLE subsidies.waybill_numbers`);
    await q.query(`DROP TABLE subsidies.waybills`);
    await q.query(`ALTER TABLE subsidies.waybills_unpartitioned RENAME TO waybills`);
    await q.query(`ALTER TABLE subsidies.waybills RENAME CONSTRAINT waybills_unpartitioned_pkey TO waybills_pkey`);
    await q.query(`CREATE INDEX ix_waybills_county_date ON subsidies.waybills (county_code, date)`);
  }
}
