import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { apps, databaseUrlVariable, ROOT } from '../scripts/platform.mjs';
import { TestPlatform } from './support/platform.js';
import { withDb } from './support/db.js';

const SCHEMAS = apps().map((a) => a.replace(/-/g, '_'));

/**
 * Migrations on their own: `npm run migrate` (and the image's `migrate` entry, the Kubernetes
 * Job) creates every app's schema on an empty database and exits 0; apps started with
 * MIGRATE_AT_START=false then run on it without migrating.
 */
describe('npm run migrate', () => {
  // no apps at first: an empty database of its own
  const platform = new TestPlatform({ apps: [], env: { MIGRATE_AT_START: 'false' } });
  beforeAll(() => platform.start(), 60_000);
  afterAll(() => platform.stop());

  const run = (command: string, args: string[]) =>
    spawnSync(command, args, { cwd: ROOT, env: { ...process.env, APP_ROOT: ROOT, DATABASE_URL: platform.databaseUrl }, encoding: 'utf8', timeout: 120_000 });

  it('creates every schema on an empty database and exits 0, then finds nothing to do', async () => {
    // the service roles may already own their (empty) schemas: no table in any of them yet
    const tables = `SELECT n.nspname, c.relname, pg_get_userbyid(c.relowner) AS owner, pg_get_userbyid(n.nspowner) AS schema_owner
                    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ANY($1) AND c.relkind = 'r'`;
    expect(await withDb(platform.databaseUrl, async (c) => (await c.query(tables, [SCHEMAS])).rows)).toEqual([]);
    const started = Date.now();
    const first = run('npm', ['run', '--silent', 'migrate']);
    expect({ status: first.status, stderr: first.stderr }).toEqual({ status: 0, stderr: '' });
    process.stdout.write(`npm run migrate on an empty database: ${Date.now() - started} ms\n`);
    for (const app of apps()) expect(first.stdout).toMatch(new RegExp(`\\[migrate\\] ${app} \\(schema ${app.replace(/-/g, '_')}\\): applied \\w+`));

    const found = await withDb(platform.databaseUrl, async (c) => {
      const out: Record<string, number> = {};
      for (const schema of SCHEMAS) out[schema] = Number((await c.query(`SELECT count(*) AS n FROM "${schema}".migrations`)).rows[0].n);
      return out;
    });
    for (const schema of SCHEMAS) expect({ schema, migrations: found[schema] > 0 }).toEqual({ schema, migrations: true });
    // what the migrations created belongs to each schema's owner (the service's own role)
    const foreign = await withDb(platform.databaseUrl, async (c) => (await c.query(tables, [SCHEMAS])).rows.filter((r) => r.owner !== r.schema_owner));
    expect(foreign).toEqual([]);
    // every service's CreatedOnce table and the platform tables are there
    for (const schema of SCHEMAS.filter((s) => s !== 'gateway')) {
      await withDb(platform.databaseUrl, (c) => c.query(`SELECT 1 FROM "${schema}".idempotency_keys, "${schema}".outbox LIMIT 1`));
    }

    // the image's entry, as the Kubernetes Job runs it
    const again = run('sh', [join(ROOT, 'deploy', 'entrypoint.sh'), 'migrate']);
    expect(again.status).toBe(0);
    for (const app of apps()) expect(again.stdout).toContain(`[migrate] ${app} (schema ${app.replace(/-/g, '_')}): up to date`);
  }, 180_000);

  it('lets the apps start with MIGRATE_AT_START=false on the migrated database', async () => {
    await platform.startApp('outlets');
    await platform.startApp('gateway');
    const res = await fetch(`${platform.url}/health`);
    expect(res.status).toBe(200);
    expect(
      (
        await fetch(`${platform.url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'admin', password: 'x'.repeat(12) }),
        })
      ).status,
    ).toBe(401);
  }, 120_000);

  it('fails with a non-zero status when the database cannot be reached', () => {
    const bad = spawnSync('node', [join(ROOT, 'scripts', 'migrate.mjs')], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('[migrate] failed');
  }, 60_000);
});

/**
 * The Kubernetes Job's way (deploy/k8s/migrate): no owner URL at all, each app's migrations
 * as that app's own role from DATABASE_URL_<APP>.
 */
describe('npm run migrate as each app’s own role (DATABASE_URL_<APP>)', () => {
  const platform = new TestPlatform({ apps: [], env: { MIGRATE_AT_START: 'false' } });
  beforeAll(() => platform.start(), 60_000);
  afterAll(() => platform.stop());

  it('migrates every schema as its own role, with DATABASE_URL pointing nowhere', async () => {
    const own = Object.fromEntries(apps().map((app) => [databaseUrlVariable(app), platform.appDatabaseUrl(app)]));
    const result = spawnSync('node', [join(ROOT, 'scripts', 'migrate.mjs')], {
      cwd: ROOT,
      env: { ...process.env, ...own, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    for (const app of apps()) expect(result.stdout).toMatch(new RegExp(`\\[migrate\\] ${app} \\(schema ${app.replace(/-/g, '_')}\\): applied \\w+`));
    // each schema's migrations table was written by its role (the owner of every table it made)
    const owners = await withDb(
      platform.databaseUrl,
      async (c) =>
        (
          await c.query(
            `SELECT n.nspname AS schema, pg_get_userbyid(c.relowner) AS owner FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ANY($1) AND c.relname = 'migrations'`,
            [SCHEMAS],
          )
        ).rows,
    );
    expect(Object.fromEntries(owners.map((r) => [r.schema, r.owner]))).toEqual(
      Object.fromEntries(apps().map((app) => [app.replace(/-/g, '_'), new URL(platform.appDatabaseUrl(app)).username])),
    );

    // a malformed per-app URL stops it with the config exit status, naming the variable
    const bad = spawnSync('node', [join(ROOT, 'scripts', 'migrate.mjs')], {
      cwd: ROOT,
      env: { ...process.env, ...own, DATABASE_URL_GREEN: 'mysql://x' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(bad.status).toBe(78);
    expect(bad.stderr).toContain('DATABASE_URL_GREEN');
  }, 180_000);
});
