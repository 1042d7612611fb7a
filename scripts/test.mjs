#!/usr/bin/env node
// `npm test`: install what is missing, build, lint (ESLint and knip), type-check the tests,
// check the formatting, then run every test (unit specs and end-to-end tests over real NATS
// and PostgreSQL: each test file starts its own nats-server and its own throwaway database,
// dropped after). Ends with one line of totals.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, ensureChromium, ensureNatsServer } from './platform.mjs';
import { DATA_DIR, build, ensureInstalled, ensureReceiptFont, findPostgres } from './prepare.mjs';
import { onPlatformNode } from './node-line.mjs';

const log = (line) => console.log(`[test] ${line}`);
ensureInstalled(log);
// Node 22 from node_modules/node (scripts/node-line.mjs): this script, jest and every
// service the tests spawn (process.execPath) run on it
await onPlatformNode(log);
build(log);
ensureNatsServer(log);
ensureReceiptFont(log);
ensureChromium(log);

log('linting …');
const lint = spawnSync('npm', ['run', '--silent', 'lint'], { cwd: ROOT, stdio: 'inherit' });
// ts-jest only transpiles (isolatedModules): the types of the specs and tests are checked here
log('type-checking the tests …');
const typecheck = spawnSync('npx', ['tsc', '-p', 'tsconfig.test.json'], { cwd: ROOT, stdio: 'inherit' });
// names every file whose layout is not Prettier's; `npm run format` rewrites them
log('checking the formatting …');
const format = spawnSync('npx', ['prettier', '--check', '--log-level', 'warn', '.'], { cwd: ROOT, stdio: 'inherit' });

const postgres = await findPostgres(log, { dataDirName: 'postgres-test' });
mkdirSync(DATA_DIR, { recursive: true });

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

let passed = 0;
let failed = 0;
let jestOk = true;
for (const [i, args] of runs.entries()) {
  const results = join(DATA_DIR, `jest-results-${i}.json`);
  rmSync(results, { force: true });
  const jest = spawnSync(
    process.execPath,
    [
      '--experimental-vm-modules',
      '--no-warnings=ExperimentalWarning',
      join(ROOT, 'node_modules/jest/bin/jest.js'),
      '--json',
      `--outputFile=${results}`,
      ...args,
    ],
    { cwd: ROOT, stdio: 'inherit', env: { ...process.env, TEST_DATABASE_URL: postgres.adminUrl } },
  );
  jestOk &&= jest.status === 0;
  if (existsSync(results)) {
    const summary = JSON.parse(readFileSync(results, 'utf8'));
    passed += summary.numPassedTests;
    failed += summary.numFailedTests + (summary.numRuntimeErrorTestSuites ?? 0);
  } else {
    failed += 1;
    log(`jest wrote no results for ${args.join(' ')}: counted as one failed test`);
  }
}
await postgres.stop();

const checks = [
  ['lint', lint],
  ['the type check of the tests', typecheck],
  ['the format check (npm run format)', format],
];
for (const [what, run] of checks) {
  if (run.status === 0) continue;
  failed += 1;
  log(`${what} failed: counted as one failed test`);
}
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(jestOk && failed === 0 ? 0 : 1);
