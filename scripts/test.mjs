#!/usr/bin/env node
// `npm test`: install what is missing, build, lint (ESLint and knip), type-check the tests,
// check the formatting, then run every test (unit specs and end-to-end tests over real NATS
// and PostgreSQL: each test file starts its own nats-server and its own throwaway database,
// dropped after). Ends with one line of totals.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  ROOT,
  apps,
  createDatabase,
  createServiceRoles,
  databaseUrl,
  databaseUrlVariable,
  dropDatabase,
  ensureChromium,
  ensureNatsServer,
  serviceRole,
} from './platform.mjs';
import { DATA_DIR, ensureInstalled, ensureReceiptFont, findPostgres } from './prepare.mjs';
import { onPlatformNode } from './node-line.mjs';

const log = (line) => console.log(`[test] ${line}`);
// Node's on-disk compile cache (Node 22) for every node process of the run and of the next
// runs: jest and its workers, the checks, and the ~300 app processes the tests start, which
// would otherwise compile the same modules of node_modules and dist/ again each time
process.env.NODE_COMPILE_CACHE ??= join(DATA_DIR, 'compile-cache');
ensureInstalled(log);
// Node 22 from node_modules/node (scripts/node-line.mjs): this script, jest and every
// service the tests spawn (process.execPath) run on it
await onPlatformNode(log);
ensureNatsServer(log);
ensureReceiptFont(log);
ensureChromium(log);

const postgres = await findPostgres(log, { dataDirName: 'postgres-test' });
mkdirSync(DATA_DIR, { recursive: true });

/** Runs a command to its end with its output held back, then prints that output at once. */
function run(what, command, args, env = process.env) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.once('error', (error) => (output += `${error.message}\n`));
    child.once('close', (status) => {
      log(`${what}: ${status === 0 ? 'ok' : `failed (${status})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      if (output.trim()) process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
      resolve({ status });
    });
  });
}

// Every e2e test file's database is a copy (CREATE DATABASE … TEMPLATE) of this one, which
// the migrations of every app (of the build) run on once, as each app's own role
// (test/support/platform.ts hands the copy to the file's own roles), instead of each file's
// apps migrating a fresh database.
const template = `test_template_${Date.now()}_${randomBytes(3).toString('hex')}`;
async function buildAndMigrateTemplate() {
  const built = await run('build', 'npm', ['run', '--silent', 'build']);
  if (built.status !== 0) return { built, migrated: { status: 1 } };
  try {
    await createDatabase(postgres.adminUrl, template);
    const roles = await createServiceRoles(postgres.adminUrl, template, apps());
    const env = { ...process.env, DATABASE_URL: databaseUrl(postgres.adminUrl, template) };
    for (const [app, url] of Object.entries(roles)) env[databaseUrlVariable(app)] = url;
    return { built, migrated: await run('migrations of the template database', process.execPath, [join(ROOT, 'scripts', 'migrate.mjs')], env) };
  } catch (error) {
    log(`the template database could not be made (${error.message})`);
    return { built, migrated: { status: 1 } };
  }
}

// The build (then the template's migrations) and the checks need nothing of each other: they
// run side by side, each one's output printed when it ends
log('building, linting, type-checking the tests and checking the formatting …');
const [{ built, migrated }, lint, typecheck, format] = await Promise.all([
  buildAndMigrateTemplate(),
  run('lint (ESLint and knip)', 'npm', ['run', '--silent', 'lint']),
  // ts-jest only transpiles (isolatedModules): the types of the specs and tests are checked here
  // (incremental: a run after a small change re-checks only what it can affect)
  run('type check of the tests', 'npx', ['tsc', '-p', 'tsconfig.test.json', '--incremental', '--tsBuildInfoFile', join(DATA_DIR, 'tsconfig.test.tsbuildinfo')]),
  // names every file whose layout is not Prettier's; `npm run format` rewrites them (the
  // cache skips the files whose content Prettier of these options passed before)
  run('format check', 'npx', [
    'prettier',
    '--check',
    '--log-level',
    'warn',
    '--cache',
    '--cache-strategy',
    'content',
    '--cache-location',
    join(DATA_DIR, 'prettier-cache.json'),
    '.',
  ]),
]);
if (built.status !== 0) {
  await postgres.stop();
  log('the build failed');
  process.exit(1);
}
if (migrated.status !== 0) log('without a template database: every test file migrates its own database');

// Tests that time the platform against the wall clock (a service back within 10 s of a
// SIGKILL, /health under 100 ms during a hostile upload) run after the rest, one at a time,
// so that a neighbouring test file's start-up cannot take their CPU. A subset given on the
// command line runs as given.
const SOLO = ['test/supervisor.e2e-spec.ts', 'test/hostile-uploads.e2e-spec.ts'];
const given = process.argv.slice(2);
const runs =
  given.length > 0
    ? [given]
    : [
        ['--testPathIgnorePatterns', '/node_modules/', ...SOLO.map((f) => `<rootDir>/${f}`)],
        ['--runInBand', ...SOLO],
      ];

const jestEnv = { ...process.env, TEST_DATABASE_URL: postgres.adminUrl, ...(migrated.status === 0 ? { TEST_TEMPLATE_DATABASE: template } : {}) };
let passed = 0;
let failed = 0;
let jestOk = true;
for (const [i, args] of runs.entries()) {
  const results = join(DATA_DIR, `jest-results-${i}.json`);
  rmSync(results, { force: true });
  const status = await new Promise((resolve) => {
    const jest = spawn(
      process.execPath,
      [
        '--experimental-vm-modules',
        '--no-warnings=ExperimentalWarning',
        join(ROOT, 'node_modules/jest/bin/jest.js'),
        '--json',
        `--outputFile=${results}`,
        ...args,
      ],
      { cwd: ROOT, stdio: 'inherit', env: jestEnv },
    );
    jest.once('close', resolve);
  });
  jestOk &&= status === 0;
  if (existsSync(results)) {
    const summary = JSON.parse(readFileSync(results, 'utf8'));
    passed += summary.numPassedTests;
    failed += summary.numFailedTests + (summary.numRuntimeErrorTestSuites ?? 0);
  } else {
    failed += 1;
    log(`jest wrote no results for ${args.join(' ')}: counted as one failed test`);
  }
}
await dropDatabase(postgres.adminUrl, template, { roles: apps().map((app) => serviceRole(template, app)) }).catch((error) =>
  log(`could not drop the template database ${template}: ${error.message}`),
);
await postgres.stop();

const checks = [
  ['lint', lint],
  ['the type check of the tests', typecheck],
  ['the format check (npm run format)', format],
];
for (const [what, result] of checks) {
  if (result.status === 0) continue;
  failed += 1;
  log(`${what} failed: counted as one failed test`);
}
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(jestOk && failed === 0 ? 0 : 1);
