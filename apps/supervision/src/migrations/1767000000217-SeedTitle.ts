import { MigrationInterface, QueryRunner } from 'typeorm';

export const SEED_001_SHORT = '山西省电子商务体系和快递物流配送体系贯通发展行动计划';
/** Seed 001's full title, as the document itself gives it (晋政办发〔2023〕10号). */
export const SEED_001_TITLE = '山西省关于加快电子商务体系和快递物流配送体系贯通发展行动计划';

/** Targets seeded with seed 001's shortened title get its full title (issue 17). */
export class SeedTitle1767000000217 implements MigrationInterface {
  name = 'SeedTitle1767000000217';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE supervision.policy_targets SET document = replace(document, $1, $2) WHERE document LIKE '%' || $1 || '%'`, [
      SEED_001_SHORT,
      SEED_001_TITLE,
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE supervision.policy_targets SET document = replace(document, $2, $1) WHERE document LIKE '%' || $2 || '%'`, [
      SEED_001_SHORT,
      SEED_001_TITLE,
    ]);
  }
}
