import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validate } from '@readme/openapi-parser';
import { ROOT } from '../scripts/platform.mjs';
import { TestPlatform } from './support/platform.js';

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

  it('matches the committed client types (run `npm run client`, or `npm run openapi` which runs it)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'client-'));
    try {
      const out = join(dir, 'schema.ts');
      // the very command of `npm run client`, writing elsewhere
      const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
      const [bin, ...args] = scripts.client.replace('test/client/schema.ts', out).split(' ');
      execFileSync(join(ROOT, 'node_modules/.bin', bin), args, { cwd: ROOT, stdio: 'pipe' });
      expect(readFileSync(out, 'utf8')).toBe(readFileSync(join(ROOT, 'test/client/schema.ts'), 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('passes Spectral with its OpenAPI rules and the OWASP API Security ruleset (.spectral.yaml): 0 errors', () => {
    const run = spawnSync(join(ROOT, 'node_modules/.bin/spectral'), ['lint', 'openapi/openapi.json', '--format', 'json', '--quiet'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    const results = JSON.parse(run.stdout) as Array<{ code: string; severity: number; path: string[]; message: string }>;
    const errors = results.filter((r) => r.severity === 0).map((r) => `${r.code} ${r.path.join('.')}: ${r.message}`);
    process.stdout.write(`spectral: ${errors.length} errors, ${results.length - errors.length} warnings and hints\n`);
    expect(errors).toEqual([]);
  }, 120_000);
});

describe('served OpenAPI document', () => {
  const platform = new TestPlatform({ apps: ['gateway'] });

  // fetched once: validating the document keeps this process busy for seconds under load, long
  // enough for the gateway to close an idle keep-alive connection that a second fetch would reuse
  let served: string;

  beforeAll(async () => {
    await platform.start();
    served = await (await fetch(`${platform.url}/docs-json`)).text();
  }, 120_000);
  afterAll(() => platform.stop());

  it('loads in a standard OpenAPI validator with no errors and no broken references', async () => {
    const document = JSON.parse(served);
    const result = await validate(document);
    expect(result).toMatchObject({ valid: true, specification: 'OpenAPI' });
  });

  it('documents every error as a problem document, with Retry-After on 429 and 503 and the rate-limit headers', async () => {
    const document = JSON.parse(served);
    const problem = document.components.schemas.Problem;
    expect(Object.keys(problem.properties)).toEqual(expect.arrayContaining(['code', 'errors', 'correlationId', 'detail', 'status']));
    for (const status of ['429', '503']) expect(document.components.responses[`Problem${status}`].headers['Retry-After']).toBeDefined();
    let operations = 0;
    for (const item of Object.values(document.paths) as Array<Record<string, { responses: Record<string, { $ref?: string; headers?: object }> }>>) {
      for (const operation of Object.values(item)) {
        operations += 1;
        expect(operation.responses['400'].$ref).toBe('#/components/responses/Problem400');
        expect(operation.responses['429'].$ref).toBe('#/components/responses/Problem429');
        const success = Object.entries(operation.responses).find(([status]) => status.startsWith('2'))?.[1];
        expect(success?.headers).toHaveProperty('X-RateLimit-Remaining');
      }
    }
    expect(operations).toBeGreaterThan(80);
  });

  it('shows the class-validator constraints: integer, maxLength, maxItems, minimum/maximum, pattern, format date', async () => {
    const document = JSON.parse(served);
    const row = document.components.schemas.ParcelCountRowDto.properties;
    expect(row.items).toMatchObject({ type: 'integer', minimum: 0 });
    expect(row.date).toMatchObject({ type: 'string', format: 'date' });
    expect(row.brand.pattern).toBeDefined();
    expect(row.reason).toMatchObject({ maxLength: 500 });
    expect(document.components.schemas.ParcelCountsBodyDto.properties.reports).toMatchObject({ type: 'array', maxItems: 5000 });
  });
});
