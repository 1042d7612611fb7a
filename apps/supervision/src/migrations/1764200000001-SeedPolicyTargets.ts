import { readFileSync } from 'node:fs';
import { MigrationInterface, QueryRunner } from 'typeorm';
import { regionContains, ROOT_REGION } from '@app/contracts';
import { targetSeedRows } from '../targets/target-seed.rules.js';

/**
 * Seeds the targets table from apps/supervision/data/policy-targets.csv (a copy of
 * shared/policy-targets.csv) for a province that has seeded targets of its own (all of them in
 * the national view): its own rows, and the rows of other regions, which its overview shows as
 * benchmarks (标杆) beside its own. A province without seeded targets starts with an empty table.
 */
export class SeedPolicyTargets1764200000001 implements MigrationInterface {
  name = 'SeedPolicyTargets1764200000001';

  async up(q: QueryRunner): Promise<void> {
    const seeded = targetSeedRows(readFileSync(new URL('../../data/policy-targets.csv', import.meta.url), 'utf8'));
    const rows = seeded.some((r) => regionContains(ROOT_REGION, r.regionCode)) ? seeded : [];
    if (rows.length === 0) return;
    const column = <K extends keyof (typeof rows)[number]>(k: K) => rows.map((r) => r[k]);
    await q.query(
      `INSERT INTO supervision.policy_targets (key, metric_zh, region_code, year, op, value, unit, document, clause, quote, created_at, updated_at)
       SELECT key, metric_zh, region_code, year, op, value, unit, document, clause, quote,
              clock_timestamp() + ord * interval '1 millisecond', clock_timestamp() + ord * interval '1 millisecond'
       FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::numeric[], $7::text[], $8::text[], $9::text[], $10::text[])
            WITH ORDINALITY AS t(key, metric_zh, region_code, year, op, value, unit, document, clause, quote, ord)`,
      [
        column('key'),
        column('metricZh'),
        column('regionCode'),
        column('year'),
        column('op'),
        column('value'),
        column('unit'),
        column('document'),
        column('clause'),
        column('quote'),
      ],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM supervision.policy_targets`);
  }
}
