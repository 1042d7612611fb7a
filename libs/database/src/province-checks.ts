import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The first migrations checked region codes against Shanxi's prefix in the database
 * (`region_code ~ '^14…'`). The province is now the deployment's (PROVINCE_CODE) and the
 * services check it; the database keeps the shape of a code of any province. Rewrites each
 * such CHECK constraint of the schema in place, and back.
 */
export function anyProvinceChecksMigration(schema: string): new () => MigrationInterface {
  const lit = (text: string) => text.replaceAll("'", "''");
  const rewrite = (q: QueryRunner, from: string, to: string) =>
    q.query(
      `DO $$ DECLARE r record; BEGIN
         FOR r IN SELECT conrelid::regclass AS t, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
                  WHERE connamespace = '${schema}'::regnamespace AND contype = 'c' AND strpos(pg_get_constraintdef(oid), '${lit(from)}') > 0 LOOP
           EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.t, r.conname);
           EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s', r.t, r.conname, replace(r.def, '${lit(from)}', '${lit(to)}'));
         END LOOP;
       END $$`,
    );
  return class AnyProvinceChecks1767000000018 implements MigrationInterface {
    name = 'AnyProvinceChecks1767000000018';

    async up(q: QueryRunner): Promise<void> {
      await rewrite(q, `'^14[`, `'^[1-9][0-9][`);
    }

    async down(q: QueryRunner): Promise<void> {
      await rewrite(q, `'^[1-9][0-9][`, `'^14[`);
    }
  };
}
