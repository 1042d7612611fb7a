import { MigrationInterface, QueryRunner } from 'typeorm';

const BRANDS: Array<[string, string]> = [
  ['EMS', '中国邮政/EMS'],
  ['SF', '顺丰'],
  ['ZTO', '中通'],
  ['YTO', '圆通'],
  ['STO', '申通'],
  ['YUNDA', '韵达'],
  ['JT', '极兔'],
  ['JD', '京东'],
  ['DEPPON', '德邦'],
];

export class Init1764100000000 implements MigrationInterface {
  name = 'Init1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE supervision.brands (
        code text PRIMARY KEY CHECK (code ~ '^[A-Z][A-Z0-9_]{1,19}$'),
        name text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(
      `INSERT INTO supervision.brands (code, name, created_at)
       SELECT code, name, now() + (ord * interval '1 millisecond')
       FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS b(code, name, ord)`,
      [BRANDS.map((b) => b[0]), BRANDS.map((b) => b[1])],
    );
    await q.query(`
      CREATE TABLE supervision.enterprises (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        uscc char(18) NOT NULL,
        brand text NOT NULL REFERENCES supervision.brands(code),
        licence_number text NOT NULL,
        licence_valid_from date NOT NULL,
        licence_valid_to date NOT NULL,
        licence_scope text NOT NULL,
        licence_territory text[] NOT NULL,
        licence_revoked_at timestamptz,
        created_by text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        version integer NOT NULL,
        CONSTRAINT uq_enterprises_uscc UNIQUE (uscc),
        CONSTRAINT ck_enterprises_licence_dates CHECK (licence_valid_to >= licence_valid_from)
      )`);
    await q.query(`CREATE INDEX ix_enterprises_created ON supervision.enterprises (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX ix_enterprises_brand ON supervision.enterprises (brand, created_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE supervision.enterprises`);
    await q.query(`DROP TABLE supervision.brands`);
  }
}
