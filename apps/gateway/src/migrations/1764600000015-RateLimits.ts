import { MigrationInterface, QueryRunner } from 'typeorm';

/** Rate-limit windows shared by every gateway replica (see auth/rate-limit-store.ts). */
export class RateLimits1764600000015 implements MigrationInterface {
  name = 'RateLimits1764600000015';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE UNLOGGED TABLE gateway.rate_limits (
        key text PRIMARY KEY,
        hits integer NOT NULL,
        window_ends timestamptz(3) NOT NULL,
        blocked_until timestamptz(3)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE gateway.rate_limits`);
  }
}
