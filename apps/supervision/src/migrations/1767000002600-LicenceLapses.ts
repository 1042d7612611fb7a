import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the licence lapse job announced last per enterprise. Licences cancelled before the job
 * existed were announced by their cancellation already.
 */
export class LicenceLapses1767000002600 implements MigrationInterface {
  name = 'LicenceLapses1767000002600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE supervision.enterprises ADD COLUMN licence_lapse_announced text`);
    await q.query(`UPDATE supervision.enterprises SET licence_lapse_announced = 'cancelled' WHERE licence_cancelled_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE supervision.enterprises DROP COLUMN licence_lapse_announced`);
  }
}
