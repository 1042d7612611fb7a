import { PROVINCE } from '@app/contracts';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The region whose administration issued each licence (发证机关所在地区). Licences registered
 * before are the province's: only province-level staff and the admin act on them.
 */
export class LicenceIssuer1764600000012 implements MigrationInterface {
  name = 'LicenceIssuer1764600000012';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE supervision.enterprises ADD COLUMN licence_issued_by text NOT NULL DEFAULT '${PROVINCE}'`);
    await q.query(`ALTER TABLE supervision.enterprises ALTER COLUMN licence_issued_by DROP DEFAULT`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE supervision.enterprises DROP COLUMN licence_issued_by`);
  }
}
