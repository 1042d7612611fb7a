import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A user's token version (every access token carries it; disabling the user, changing the
 * role, region or password raises it, so earlier tokens fail) and an optional expiry of API keys.
 */
export class TokensFollowUsers1764600000014 implements MigrationInterface {
  name = 'TokensFollowUsers1764600000014';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE gateway.users ADD COLUMN token_version integer NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE gateway.api_keys ADD COLUMN expires_at timestamptz(3)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE gateway.api_keys DROP COLUMN expires_at`);
    await q.query(`ALTER TABLE gateway.users DROP COLUMN token_version`);
  }
}
