import { MigrationInterface, QueryRunner } from 'typeorm';

/** The major fruit and vegetable counties of each province, as its cold-chain service last sent them. */
export class MajorCountiesReadModel1767000002603 implements MigrationInterface {
  name = 'MajorCountiesReadModel1767000002603';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE supervision.rm_major_counties (
        province text PRIMARY KEY,
        counties text[] NOT NULL,
        event_at timestamptz(3) NOT NULL,
        event_id uuid NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE supervision.rm_major_counties`);
  }
}
