#!/usr/bin/env node
// `npm test`: install what is missing, build, lint, then run every test (unit specs and
// end-to-end tests over real NATS and PostgreSQL: each test file starts its own nats-server
// and its own throwaway database, dropped after). Ends with one line of totals.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, ensureChromium, ensureNatsServer } from './platform.mjs';
import { DATA_DIR, build, ensureInstalled, ensureReceiptFont, findPostgres } from './prepare.mjs';

const log = (line) => console.log(`[test] ${line}`);
ensureInstalled(log);
build(log);
ensureNatsServer(log);
ensureReceiptFont(log);
ensureChromium(log);

log('linting …');
const lint = spawnSync('npx', ['eslint', '--max-warnings', '0', 'apps', 'libs', 'test', 'scripts'], { cwd: ROOT, stdio: 'inherit' });

const postgres = await findPostgres(log, { dataDirName: 'postgres-test' });
mkdirSync(DATA_DIR, { recursive: true });
const results = join(DATA_DIR, 'jest-results.json');
rmSync(results, { force: true });
const jest = spawnSync(
  process.execPath,
  ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning', join(ROOT, 'node_modules/jest/bin/jest.js'), '--json', `--outputFile=${results}`, ...process.argv.slice(2)],
  { cwd: ROOT, stdio: 'inherit', env: { ...process.env, TEST_DATABASE_URL: postgres.adminUrl } },
);
await postgres.stop();

let passed = 0;
let failed = 0;
if (existsSync(results)) {
  const summary = JSON.parse(readFileSync(results, 'utf8'));
  passed = summary.numPassedTests;
  failed = summary.numFailedTests + (summary.numRuntimeErrorTestSuites ?? 0);
}
if (lint.status !== 0) {
  failed += 1;
  log('lint failed: counted as one failed test');
}
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(jest.status === 0 && lint.status === 0 && failed === 0 ? 0 : 1);
