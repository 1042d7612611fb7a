import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../scripts/platform.mjs';

describe('committed OpenAPI document', () => {
  it('matches what the code generates (run `npm run openapi` after changing the API)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'openapi-'));
    try {
      const out = join(dir, 'openapi.json');
      execFileSync(process.execPath, [join(ROOT, 'dist/apps/gateway/src/openapi.js'), out], { cwd: ROOT });
      const generated = JSON.parse(readFileSync(out, 'utf8'));
      const committed = JSON.parse(readFileSync(join(ROOT, 'openapi/openapi.json'), 'utf8'));
      expect(generated).toEqual(committed);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
