import { MigrationInterface, QueryRunner } from 'typeorm';
import { regionContains, ROOT_REGION } from '@app/contracts';
import { SEED_001_TITLE } from './1767000000217-SeedTitle.js';

/** Seed 001 一(二), as the document writes it (its text breaks the line inside 次日达). */
const QUOTE = '全省快递实现市域城市“半日达”、县域城市“次日达”';

/**
 * The plan's delivery time goals for 2023 (seed 001 一(二), 一年强基础): half-day delivery in
 * city areas and next-day delivery in county towns. The plan gives no share: “实现” is read
 * as every parcel (1.00), this platform's reading, which the administration can change
 * (PATCH /supervision/targets/{id}, audited). Seeded where seed 001's own targets are (a
 * Shanxi deployment, or the national view), as SeedPolicyTargets does.
 */
export class DeliveryTimeTargets1767000002500 implements MigrationInterface {
  name = 'DeliveryTimeTargets1767000002500';

  async up(q: QueryRunner): Promise<void> {
    if (!regionContains(ROOT_REGION, '14')) return;
    const document = `001 ${SEED_001_TITLE} (晋政办发〔2023〕10号)`;
    await q.query(
      `INSERT INTO supervision.policy_targets (key, metric_zh, region_code, year, op, value, unit, document, clause, quote)
       VALUES ('half_day_delivery_rate', '市域城市快递半日达', '14', 2023, '>=', 1, 'ratio', $1, '一(二)', $2),
              ('next_day_delivery_rate', '县域城市快递次日达', '14', 2023, '>=', 1, 'ratio', $1, '一(二)', $2)
       ON CONFLICT DO NOTHING`,
      [document, QUOTE],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DELETE FROM supervision.policy_targets WHERE key IN ('half_day_delivery_rate', 'next_day_delivery_rate') AND region_code = '14' AND year = 2023`,
    );
  }
}
