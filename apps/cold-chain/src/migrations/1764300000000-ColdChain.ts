import { regionContains, ROOT_REGION } from '@app/contracts';
import { MigrationInterface, QueryRunner } from 'typeorm';

const PLAN = '001 山西省电子商务体系和快递物流配送体系贯通发展行动计划 (晋政办发〔2023〕10号)';

/**
 * The plan's cold-chain targets, copied from ../shared/policy-targets.csv (the rows of 001
 * that concern cold chain). `counts_from`: only facilities put into operation on or after
 * this date count ("建设…设施", "新增…能力" are what the plan period adds); null where the
 * plan speaks of a level reached ("达到…个") or of a county having a centre.
 */
export const COLD_CHAIN_TARGETS: Array<{
  key: string;
  region: string;
  year: number;
  op: '>=' | '<=';
  value: number;
  unit: string;
  metricZh: string;
  clause: string;
  quote: string;
  countsFrom: string | null;
}> = [
  {
    key: 'provincial_cold_chain_bases',
    region: '14',
    year: 2023,
    op: '>=',
    value: 8,
    unit: 'facilities',
    metricZh: '省级冷链物流仓储基地',
    clause: '一(二)',
    quote: '省级冷链物流仓储基地达到8个',
    countsFrom: null,
  },
  {
    key: 'provincial_cold_chain_bases',
    region: '14',
    year: 2024,
    op: '>=',
    value: 12,
    unit: 'facilities',
    metricZh: '省级冷链物流仓储基地',
    clause: '一(二)',
    quote: '省级冷链物流仓储基地达到12个',
    countsFrom: null,
  },
  {
    key: 'provincial_cold_chain_bases',
    region: '14',
    year: 2025,
    op: '>=',
    value: 20,
    unit: 'facilities',
    metricZh: '省级冷链物流仓储基地',
    clause: '一(二)',
    quote: '省级冷链物流仓储基地达到20个',
    countsFrom: null,
  },
  {
    key: 'origin_consolidation_centre_counties',
    region: '14',
    year: 2025,
    op: '>=',
    value: 10,
    unit: 'counties',
    metricZh: '果蔬生产大县产地集配中心(每县1个)',
    clause: '二(二)7',
    quote: '全省10个果蔬生产大县(运城临猗、太原清徐等)每县建设1个产地集配中心',
    countsFrom: null,
  },
  {
    key: 'origin_cold_storage_facilities',
    region: '14',
    year: 2025,
    op: '>=',
    value: 1500,
    unit: 'facilities',
    metricZh: '农产品产地冷藏保鲜设施',
    clause: '二(二)7',
    quote: '建设1500个以上农产品产地冷藏保鲜设施',
    countsFrom: '2023-01-01',
  },
  {
    key: 'origin_cold_storage_new_capacity',
    region: '14',
    year: 2025,
    op: '>=',
    value: 500000,
    unit: 'tonnes',
    metricZh: '新增冷藏保鲜能力',
    clause: '二(二)7',
    quote: '新增冷藏保鲜能力50万吨以上',
    countsFrom: '2023-01-01',
  },
];

/** The major fruit and vegetable counties the plan names: "全省10个果蔬生产大县(运城临猗、太原清徐等)". */
export const PLAN_NAMED_COUNTIES: Array<{ code: string; name: string }> = [
  { code: '140821', name: '临猗县' },
  { code: '140121', name: '清徐县' },
];

export class ColdChain1764300000000 implements MigrationInterface {
  name = 'ColdChain1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE cold_chain.facility_code_seq`);
    await q.query(`
      CREATE TABLE cold_chain.facilities (
        id uuid PRIMARY KEY,
        code text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('national_backbone_base', 'provincial_base', 'origin_consolidation_centre', 'sales_consolidation_centre', 'origin_cold_storage')),
        name text NOT NULL,
        operator text NOT NULL,
        operator_uscc char(18),
        region_code text NOT NULL CHECK (region_code ~ '^14[0-9]{4}([0-9]{3}([0-9]{3})?)?$'),
        county_code text GENERATED ALWAYS AS (substr(region_code, 1, 6)) STORED,
        address text,
        lat numeric(10, 7) NOT NULL CHECK (lat BETWEEN -90 AND 90),
        lng numeric(10, 7) NOT NULL CHECK (lng BETWEEN -180 AND 180),
        capacity_tonnes numeric(12, 2) NOT NULL CHECK (capacity_tonnes > 0),
        volume_m3 numeric(14, 2) CHECK (volume_m3 >= 0),
        commodities text[] NOT NULL CHECK (cardinality(commodities) > 0),
        status text NOT NULL CHECK (status IN ('planned', 'building', 'operating', 'suspended', 'closed')),
        status_since date NOT NULL,
        designation_level text CHECK (designation_level IN ('national', 'provincial', 'city', 'county')),
        designated_at date,
        parent_id uuid REFERENCES cold_chain.facilities (id),
        created_by text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
        version integer NOT NULL DEFAULT 1,
        idempotency_key text,
        CONSTRAINT uq_facilities_code UNIQUE (code),
        CONSTRAINT uq_facilities_kind_region_name UNIQUE (kind, region_code, name),
        CONSTRAINT ck_facilities_designation CHECK ((designation_level IS NULL) = (designated_at IS NULL)),
        CONSTRAINT ck_facilities_not_own_parent CHECK (parent_id <> id)
      )`);
    await q.query(`CREATE INDEX ix_facilities_created ON cold_chain.facilities (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX ix_facilities_kind ON cold_chain.facilities (kind, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX ix_facilities_region ON cold_chain.facilities (region_code text_pattern_ops)`);
    await q.query(`CREATE INDEX ix_facilities_county ON cold_chain.facilities (county_code, kind)`);
    await q.query(`CREATE INDEX ix_facilities_parent ON cold_chain.facilities (parent_id) WHERE parent_id IS NOT NULL`);
    await q.query(`CREATE INDEX ix_facilities_commodities ON cold_chain.facilities USING gin (commodities)`);
    await q.query(`CREATE UNIQUE INDEX uq_facilities_idempotency ON cold_chain.facilities (created_by, idempotency_key) WHERE idempotency_key IS NOT NULL`);

    await q.query(`
      CREATE TABLE cold_chain.temperature_zones (
        facility_id uuid NOT NULL REFERENCES cold_chain.facilities (id) ON DELETE CASCADE,
        zone text NOT NULL CHECK (zone IN ('frozen', 'chilled', 'controlled_atmosphere', 'constant')),
        min_c numeric(4, 1) NOT NULL,
        max_c numeric(4, 1) NOT NULL,
        capacity_tonnes numeric(12, 2) NOT NULL CHECK (capacity_tonnes > 0),
        oxygen_pct numeric(4, 1),
        co2_pct numeric(4, 1),
        PRIMARY KEY (facility_id, zone),
        CONSTRAINT ck_zones_range CHECK (min_c <= max_c)
      )`);

    await q.query(`
      CREATE TABLE cold_chain.status_history (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        facility_id uuid NOT NULL REFERENCES cold_chain.facilities (id) ON DELETE CASCADE,
        from_status text,
        to_status text NOT NULL,
        effective_date date NOT NULL,
        reason text,
        recorded_by text NOT NULL,
        idempotency_key text,
        created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(
      `CREATE UNIQUE INDEX uq_status_history_idempotency ON cold_chain.status_history (recorded_by, idempotency_key) WHERE idempotency_key IS NOT NULL`,
    );
    await q.query(`CREATE INDEX ix_status_history_facility ON cold_chain.status_history (facility_id, effective_date, seq)`);
    await q.query(`CREATE INDEX ix_status_history_date ON cold_chain.status_history (effective_date, facility_id)`);

    await q.query(`
      CREATE TABLE cold_chain.operating_reports (
        id uuid PRIMARY KEY,
        facility_id uuid NOT NULL REFERENCES cold_chain.facilities (id) ON DELETE CASCADE,
        month date NOT NULL CHECK (extract(day FROM month) = 1),
        version integer NOT NULL CHECK (version >= 1),
        throughput_tonnes numeric(14, 2) NOT NULL CHECK (throughput_tonnes >= 0),
        avg_utilisation_pct numeric(5, 2) NOT NULL CHECK (avg_utilisation_pct BETWEEN 0 AND 100),
        excursions jsonb NOT NULL,
        excursion_count integer NOT NULL CHECK (excursion_count >= 0),
        longest_excursion_minutes integer NOT NULL CHECK (longest_excursion_minutes >= 0),
        correction_reason text,
        filed_by text NOT NULL,
        idempotency_key text,
        created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT uq_reports_version UNIQUE (facility_id, month, version)
      )`);
    await q.query(`CREATE UNIQUE INDEX uq_reports_idempotency ON cold_chain.operating_reports (filed_by, idempotency_key) WHERE idempotency_key IS NOT NULL`);

    await q.query(`
      CREATE TABLE cold_chain.import_batches (
        id uuid PRIMARY KEY,
        created_by text NOT NULL,
        idempotency_key text,
        rows integer NOT NULL,
        accepted integer NOT NULL,
        result jsonb NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX ix_import_batches_created ON cold_chain.import_batches (created_at DESC, id DESC)`);
    await q.query(
      `CREATE UNIQUE INDEX uq_import_batches_idempotency ON cold_chain.import_batches (created_by, idempotency_key) WHERE idempotency_key IS NOT NULL`,
    );

    await q.query(`
      CREATE TABLE cold_chain.targets (
        key text NOT NULL,
        region text NOT NULL,
        year integer NOT NULL,
        op text NOT NULL CHECK (op IN ('>=', '<=')),
        value numeric NOT NULL,
        unit text NOT NULL,
        metric_zh text NOT NULL,
        document text NOT NULL,
        clause text NOT NULL,
        quote text NOT NULL,
        counts_from date,
        PRIMARY KEY (key, region, year)
      )`);
    await q.query(
      `INSERT INTO cold_chain.targets (key, region, year, op, value, unit, metric_zh, document, clause, quote, counts_from)
       SELECT t.key, t.region, t.year, t.op, t.value, t.unit, t.metric_zh, $2, t.clause, t.quote, t.counts_from
       FROM jsonb_to_recordset($1::jsonb) AS t(key text, region text, year integer, op text, value numeric, unit text,
                                                metric_zh text, clause text, quote text, counts_from date)`,
      [
        JSON.stringify(
          // Shanxi's plan: seeded in Shanxi's deployment only, a province without seeded targets starts empty
          COLD_CHAIN_TARGETS.filter((t) => regionContains(ROOT_REGION, t.region)).map((t) => ({
            key: t.key,
            region: t.region,
            year: t.year,
            op: t.op,
            value: t.value,
            unit: t.unit,
            metric_zh: t.metricZh,
            clause: t.clause,
            quote: t.quote,
            counts_from: t.countsFrom,
          })),
        ),
        PLAN,
      ],
    );

    await q.query(`
      CREATE TABLE cold_chain.major_counties (
        county_code text PRIMARY KEY CHECK (county_code ~ '^14[0-9]{4}$'),
        name text NOT NULL,
        named_in_plan boolean NOT NULL,
        source text,
        set_by text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(
      `INSERT INTO cold_chain.major_counties (county_code, name, named_in_plan, source, set_by, created_at)
       SELECT c.doc ->> 'code', c.doc ->> 'name', true, $2, 'migration', now() + c.ord * interval '1 millisecond'
       FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS c(doc, ord)`,
      [JSON.stringify(PLAN_NAMED_COUNTIES.filter((c) => regionContains(ROOT_REGION, c.code))), `001 二(二)7: 全省10个果蔬生产大县(运城临猗、太原清徐等)`],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE cold_chain.major_counties`);
    await q.query(`DROP TABLE cold_chain.targets`);
    await q.query(`DROP TABLE cold_chain.import_batches`);
    await q.query(`DROP TABLE cold_chain.operating_reports`);
    await q.query(`DROP TABLE cold_chain.status_history`);
    await q.query(`DROP TABLE cold_chain.temperature_zones`);
    await q.query(`DROP TABLE cold_chain.facilities`);
    await q.query(`DROP SEQUENCE cold_chain.facility_code_seq`);
  }
}
