import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Emission factor set `cn-express-energy-co2` version 1, effective from 2024-12-20 (the day
 * the 2022 grid factor was published). CO2 only: CH4 and N2O from fuel combustion are not
 * counted in this version. The fuel factors are computed here from their inputs, so the
 * arithmetic is the stored value:
 *   diesel   0.84 kg/L × 42.652 MJ/kg × 74,100 kg CO2/TJ ÷ 10^6 = 2.654831088 kg CO2/L
 *   gasoline 0.73 kg/L × 43.070 MJ/kg × 69,300 kg CO2/TJ ÷ 10^6 = 2.178868230 kg CO2/L
 *   CNG      38.931 MJ/m³ × 56,100 kg CO2/TJ ÷ 10^6            = 2.184029100 kg CO2/m³
 *   electricity 0.5366 kg CO2/kWh
 */
const FACTOR_SET = {
  name: 'cn-express-energy-co2',
  version: 1,
  effectiveFrom: '2024-12-20',
  gases: 'CO2 (CH4 and N2O from fuel combustion not included)',
  description:
    'CO2 from the energy use of express companies: electricity with the 2022 national average electricity CO2 emission factor ' +
    'of the Ministry of Ecology and Environment and the National Bureau of Statistics; diesel, gasoline and CNG with the IPCC 2006 ' +
    'default CO2 emission factors of road transport and the net calorific values of GB/T 2589-2020.',
};

const IPCC =
  '2006 IPCC Guidelines for National Greenhouse Gas Inventories, Vol. 2 Energy, ch. 3 Mobile Combustion, table 3.2.1 (road transport default CO2 emission factors)';
const GBT2589 = 'GB/T 2589-2020 综合能耗计算通则 (General principles for calculation of the comprehensive energy consumption), annex A';

const FACTORS: Array<{ carrier: string; unit: string; value: string; derivation: string; source: string }> = [
  {
    carrier: 'diesel',
    unit: 'L',
    value: '0.84 * 42.652 * 74100 / 1000000',
    derivation: '0.84 kg/L × 42.652 MJ/kg × 74,100 kg CO2/TJ ÷ 10^6 MJ/TJ = 2.654831 kg CO2/L',
    source:
      `CO2 factor 74,100 kg/TJ (gas/diesel oil): ${IPCC}. Net calorific value 42,652 kJ/kg (10,200 kcal/kg, 柴油): ${GBT2589}. ` +
      'Density 0.84 kg/L: the platform’s typical value for automotive diesel at 20 °C (GB 19147 车用柴油 allows roughly 0.81–0.85 kg/L), an assumption.',
  },
  {
    carrier: 'gasoline',
    unit: 'L',
    value: '0.73 * 43.070 * 69300 / 1000000',
    derivation: '0.73 kg/L × 43.070 MJ/kg × 69,300 kg CO2/TJ ÷ 10^6 MJ/TJ = 2.178868 kg CO2/L',
    source:
      `CO2 factor 69,300 kg/TJ (motor gasoline): ${IPCC}. Net calorific value 43,070 kJ/kg (10,300 kcal/kg, 汽油): ${GBT2589}. ` +
      'Density 0.73 kg/L: the platform’s typical value for automotive gasoline at 20 °C (GB 17930 车用汽油 allows roughly 0.72–0.775 kg/L), an assumption.',
  },
  {
    carrier: 'electricity',
    unit: 'kWh',
    value: '0.5366',
    derivation: '0.5366 kg CO2/kWh, applied as published',
    source:
      '2022 national average electricity CO2 emission factor (全国电力平均二氧化碳排放因子), 0.5366 kgCO2/kWh: 生态环境部、国家统计局' +
      '《关于发布2022年电力二氧化碳排放因子的公告》, 20 December 2024. The same announcement gives 0.7096 for Shanxi.',
  },
  {
    carrier: 'cng',
    unit: 'm3',
    value: '38.931 * 56100 / 1000000',
    derivation: '38.931 MJ/m³ × 56,100 kg CO2/TJ ÷ 10^6 MJ/TJ = 2.184029 kg CO2/m³',
    source: `CO2 factor 56,100 kg/TJ (compressed natural gas): ${IPCC}. Net calorific value 38,931 kJ/m³ (9,310 kcal/m³, natural gas, oil-field value): ${GBT2589}.`,
  },
];

/** Targets the summary measures against, with their policy source (from policy-targets.csv and 001 §27). */
const TARGETS: Array<[string, string, number | null, string, string, string, string, string, number | null]> = [
  ['e_waybill_rate', '>=', 0.99, 'ratio', '电子运单使用率', '003', '二(六)1', '电子运单使用率达到99%', 2022],
  ['recyclable_transit_bag_rate', '>=', 0.7, 'ratio', '循环中转袋使用率', '003', '二(六)1', '循环中转袋使用率达到70%', 2022],
  ['new_energy_share', 'rising', null, 'ratio', '新能源汽车使用比例', '001', '27', '稳步提高新能源汽车使用比例', null],
];

export class GreenReports1764300000000 implements MigrationInterface {
  name = 'GreenReports1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE green.factor_sets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        version integer NOT NULL CHECK (version > 0),
        effective_from date NOT NULL,
        gases text NOT NULL,
        description text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT uq_factor_sets_name_version UNIQUE (name, version)
      )`);
    await q.query(`CREATE INDEX ix_factor_sets_effective ON green.factor_sets (effective_from DESC, version DESC)`);
    await q.query(`
      CREATE TABLE green.emission_factors (
        factor_set_id uuid NOT NULL REFERENCES green.factor_sets(id),
        carrier text NOT NULL CHECK (carrier IN ('diesel', 'gasoline', 'electricity', 'cng')),
        unit text NOT NULL,
        kg_co2e_per_unit numeric(14, 9) NOT NULL CHECK (kg_co2e_per_unit >= 0),
        derivation text NOT NULL,
        source text NOT NULL,
        PRIMARY KEY (factor_set_id, carrier)
      )`);
    const [set] = (await q.query(`INSERT INTO green.factor_sets (name, version, effective_from, gases, description) VALUES ($1, $2, $3, $4, $5) RETURNING id`, [
      FACTOR_SET.name,
      FACTOR_SET.version,
      FACTOR_SET.effectiveFrom,
      FACTOR_SET.gases,
      FACTOR_SET.description,
    ])) as Array<{ id: string }>;
    for (const f of FACTORS) {
      await q.query(
        `INSERT INTO green.emission_factors (factor_set_id, carrier, unit, kg_co2e_per_unit, derivation, source)
         VALUES ($1, $2, $3, ${f.value}, $4, $5)`,
        [set.id, f.carrier, f.unit, f.derivation, f.source],
      );
    }

    await q.query(`
      CREATE TABLE green.targets (
        key text PRIMARY KEY,
        op text NOT NULL CHECK (op IN ('>=', 'rising')),
        value numeric(9, 6),
        unit text NOT NULL,
        metric_zh text NOT NULL,
        document text NOT NULL,
        clause text NOT NULL,
        quote text NOT NULL,
        source_year integer,
        CHECK ((op = 'rising') = (value IS NULL))
      )`);
    for (const t of TARGETS) {
      await q.query(
        `INSERT INTO green.targets (key, op, value, unit, metric_zh, document, clause, quote, source_year) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        t,
      );
    }

    await q.query(`
      CREATE TABLE green.deadlines (
        year integer NOT NULL,
        period text NOT NULL CHECK (period IN ('annual', 'Q1', 'Q2', 'Q3', 'Q4')),
        due_date date NOT NULL,
        set_by text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (year, period)
      )`);

    await q.query(`
      CREATE TABLE green.reports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        enterprise_id uuid NOT NULL,
        enterprise_uscc char(18) NOT NULL,
        enterprise_name text NOT NULL,
        year integer NOT NULL,
        period text NOT NULL CHECK (period IN ('annual', 'Q1', 'Q2', 'Q3', 'Q4')),
        region_code text NOT NULL,
        status text NOT NULL CHECK (status IN ('submitted', 'accepted', 'returned')),
        current_version integer NOT NULL CHECK (current_version > 0),
        filed_on date NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT uq_reports_key UNIQUE (enterprise_id, year, period, region_code)
      )`);
    await q.query(`CREATE INDEX ix_reports_created ON green.reports (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX ix_reports_uscc ON green.reports (enterprise_uscc, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX ix_reports_year_period ON green.reports (year, period, status)`);

    await q.query(`
      CREATE TABLE green.report_versions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        report_id uuid NOT NULL REFERENCES green.reports(id),
        version integer NOT NULL CHECK (version > 0),
        status text NOT NULL CHECK (status IN ('submitted', 'accepted', 'returned', 'superseded')),
        parcels bigint NOT NULL CHECK (parcels >= 0),
        e_waybills bigint NOT NULL CHECK (e_waybills >= 0),
        transit_bags_total bigint NOT NULL CHECK (transit_bags_total >= 0),
        recyclable_transit_bags bigint NOT NULL CHECK (recyclable_transit_bags >= 0),
        plastic_bags_used bigint NOT NULL CHECK (plastic_bags_used >= 0),
        plastic_bags_recovered bigint NOT NULL CHECK (plastic_bags_recovered >= 0),
        single_use_plastic_items bigint CHECK (single_use_plastic_items >= 0),
        recyclable_boxes bigint CHECK (recyclable_boxes >= 0),
        tape_meters numeric(16, 2) CHECK (tape_meters >= 0),
        vehicles_total integer NOT NULL CHECK (vehicles_total >= 0),
        vehicles_new_energy integer NOT NULL CHECK (vehicles_new_energy >= 0),
        diesel_l numeric(16, 3) NOT NULL CHECK (diesel_l >= 0),
        gasoline_l numeric(16, 3) NOT NULL CHECK (gasoline_l >= 0),
        electricity_kwh numeric(16, 3) NOT NULL CHECK (electricity_kwh >= 0),
        cng_m3 numeric(16, 3) NOT NULL CHECK (cng_m3 >= 0),
        e_waybill_rate numeric(9, 6),
        recyclable_bag_rate numeric(9, 6),
        new_energy_share numeric(9, 6),
        plastic_recovery_rate numeric(9, 6),
        plastic_reduction jsonb,
        co2e_kg numeric(18, 3) NOT NULL,
        co2e_by_carrier jsonb NOT NULL,
        factor_set_id uuid NOT NULL REFERENCES green.factor_sets(id),
        stated jsonb,
        flags jsonb NOT NULL DEFAULT '[]',
        note text,
        submitted_by text NOT NULL,
        submitted_org text,
        submitted_at timestamptz(3) NOT NULL DEFAULT now(),
        decided_by text,
        decided_at timestamptz(3),
        decision_reason text,
        idempotency_key text,
        CONSTRAINT uq_report_versions UNIQUE (report_id, version),
        CONSTRAINT ck_report_versions_parts CHECK (
          e_waybills <= parcels AND recyclable_transit_bags <= transit_bags_total
          AND plastic_bags_recovered <= plastic_bags_used AND vehicles_new_energy <= vehicles_total)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX uq_report_versions_idempotency ON green.report_versions (submitted_by, idempotency_key) WHERE idempotency_key IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE green.report_versions`);
    await q.query(`DROP TABLE green.reports`);
    await q.query(`DROP TABLE green.deadlines`);
    await q.query(`DROP TABLE green.targets`);
    await q.query(`DROP TABLE green.emission_factors`);
    await q.query(`DROP TABLE green.factor_sets`);
  }
}
