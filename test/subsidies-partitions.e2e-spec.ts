import pg from 'pg';
import { PartitionedWaybills1765600000015 } from '../apps/subsidies/src/migrations/1765600000015-PartitionedWaybills.js';
import { COURIER_WAYBILLS } from '../apps/subsidies/src/waybills/courier-waybills.js';
import { TestPlatform } from './support/platform.js';
import { COUNTY_A, COUNTY_B, dbQuery, type SubsidyActors, subsidyActors, waybills, type WaybillInput } from './support/subsidies.js';

/**
 * The waybills table partitioned by month with the province-wide dedup in `waybill_numbers`
 * (issue 15): a number is stored once whatever month it names, also when uploads race, and
 * the migration that partitioned the table keeps every row.
 */
describe('partitioned waybills through the gateway (real NATS and PostgreSQL)', () => {
  // the apps the waybill path needs (fewer processes to start on a shared machine)
  const platform = new TestPlatform({ apps: ['supervision', 'subsidies', 'gateway'] });
  let s: SubsidyActors;
  const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => dbQuery<T>(platform, text, params);
  /** Where each stored number is: its partition, its date, and the date `waybill_numbers` holds. */
  const placed = (prefix: string) =>
    sql<{ waybill_no: string; part: string; date: string; number_date: string }>(
      `SELECT w.waybill_no, w.tableoid::regclass::text AS part, to_char(w.date, 'YYYY-MM-DD') AS date, to_char(n.date, 'YYYY-MM-DD') AS number_date
       FROM subsidies.waybills w LEFT JOIN subsidies.waybill_numbers n ON n.waybill_no = w.waybill_no
       WHERE w.waybill_no LIKE $1 ORDER BY w.waybill_no`,
      [`${prefix}%`],
    );

  beforeAll(async () => {
    await platform.start();
    s = await subsidyActors(platform);
  }, 180_000);

  afterAll(() => platform.stop());

  it('stores each waybill in the partition of its month and its number once in waybill_numbers', async () => {
    const rows = [
      ...waybills('PJA', 3, { brand: 'ZTO', date: '2023-01-31', direction: 'upstream', countyCode: COUNTY_A }),
      ...waybills('PFE', 2, { brand: 'ZTO', date: '2023-02-01', direction: 'downstream', countyCode: COUNTY_A }),
      ...waybills('POL', 1, { brand: 'ZTO', date: '2015-06-01', direction: 'downstream', countyCode: COUNTY_A }),
    ];
    expect((await s.courier.post('/waybills').send(rows)).body).toMatchObject({ accepted: 6, duplicates: [], rejected: [] });
    const where = await placed('P');
    expect(where.map((w) => [w.waybill_no, w.part])).toEqual([
      ['PFE00000000', 'subsidies.waybills_2023_02'],
      ['PFE00000001', 'subsidies.waybills_2023_02'],
      ['PJA00000000', 'subsidies.waybills_2023_01'],
      ['PJA00000001', 'subsidies.waybills_2023_01'],
      ['PJA00000002', 'subsidies.waybills_2023_01'],
      ['POL00000000', 'subsidies.waybills_other'],
    ]);
    expect(where.every((w) => w.date === w.number_date)).toBe(true);
  });

  it('refuses a number already stored under another month (another partition) as a province duplicate', async () => {
    const first = waybills('XM', 4, { brand: 'ZTO', date: '2023-03-10', direction: 'upstream', countyCode: COUNTY_A });
    expect((await s.centreA.post('/waybills').send(first)).body.accepted).toBe(4);
    // the same numbers, dated in other months and another county, from a courier and from the other centre
    const later = first.slice(0, 2).map((w, i) => ({ ...w, date: i === 0 ? '2023-07-01' : '2022-12-31', countyCode: COUNTY_B }));
    const res = await s.centreB
      .post('/waybills')
      .send([...later, ...waybills('XN', 1, { brand: 'ZTO', date: '2023-07-01', direction: 'upstream', countyCode: COUNTY_B })]);
    expect(res.body).toMatchObject({ accepted: 1, rejected: [] });
    expect(res.body.duplicates).toEqual([
      { index: 0, waybillNo: first[0].waybillNo, kind: 'province' },
      { index: 1, waybillNo: first[1].waybillNo, kind: 'province' },
    ]);
    const byCourier = await s.courier.post('/waybills').send(first.slice(2).map((w) => ({ ...w, date: '2024-03-10' })));
    expect(byCourier.body.accepted).toBe(0);
    expect(byCourier.body.duplicates.map((d: { kind: string }) => d.kind)).toEqual(['province', 'province']);
    const where = await placed('XM');
    expect(where.map((w) => [w.waybill_no, w.part, w.number_date])).toEqual(first.map((w) => [w.waybillNo, 'subsidies.waybills_2023_03', '2023-03-10']));
  });

  it('stores a number once when uploads of it in different months race, and keeps the courier-vouched figure exact', async () => {
    const numbers = 300;
    const months = ['2023-04-05', '2023-05-05', '2023-08-05', '2023-11-05', '2024-01-05'];
    // five uploads at once, each every number in another month; the courier's and the centre's mixed
    const uploads = months.map((date, k) => {
      const rows: WaybillInput[] = waybills('RACE', numbers, { brand: 'ZTO', date, direction: k % 2 ? 'upstream' : 'downstream', countyCode: COUNTY_A });
      // each request in its own order, so the transactions meet the numbers in different orders
      if (k % 2) rows.reverse();
      return (k === 2 ? s.centreA : s.courier).post('/waybills').send(rows);
    });
    const answers = (await Promise.all(uploads)).map((r) => r.body);
    for (const a of answers) expect(a.rejected).toEqual([]);
    expect(answers.reduce((n, a) => n + a.accepted, 0)).toBe(numbers);
    expect(answers.reduce((n, a) => n + a.duplicates.length, 0)).toBe(numbers * (months.length - 1));
    const where = await placed('RACE');
    expect(where).toHaveLength(numbers);
    expect(new Set(where.map((w) => w.waybill_no)).size).toBe(numbers);
    expect(where.every((w) => w.date === w.number_date && w.part === `subsidies.waybills_${w.date.slice(0, 4)}_${w.date.slice(5, 7)}`)).toBe(true);
    const [{ n }] = await sql<{ n: string }>(`SELECT count(*) AS n FROM subsidies.waybill_numbers WHERE waybill_no LIKE 'RACE%'`);
    expect(Number(n)).toBe(numbers);
    // the county-days kept at intake equal COURIER_WAYBILLS recomputed over the partitions
    const kept = await sql(
      `SELECT county_code, to_char(date, 'YYYY-MM-DD') AS date, waybills::text FROM subsidies.county_days WHERE waybills <> 0 ORDER BY 1, 2`,
    );
    const recomputed = await sql(
      `SELECT county_code, to_char(date, 'YYYY-MM-DD') AS date, count(*)::text AS waybills FROM ${COURIER_WAYBILLS} w GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    expect(kept).toEqual(recomputed);
  });

  it('keeps every row and number when the migration partitions an existing table (down, then up again)', async () => {
    const before = await sql(
      `SELECT waybill_no, brand, to_char(date, 'YYYY-MM-DD') AS date, direction, county_code, village_code, batch_id FROM subsidies.waybills ORDER BY waybill_no`,
    );
    expect(before.length).toBeGreaterThan(300);
    // as the service's own role, as its migrations run
    const client = new pg.Client({ connectionString: platform.appDatabaseUrl('subsidies') });
    await client.connect();
    const q = { query: (text: string) => client.query(text) } as never;
    const migration = new PartitionedWaybills1765600000015();
    try {
      await client.query('BEGIN');
      await migration.down(q);
      await client.query('COMMIT');
      const [{ kind }] = (await client.query(`SELECT relkind AS kind FROM pg_class WHERE oid = 'subsidies.waybills'::regclass`)).rows;
      expect(kind).toBe('r');
      await client.query('BEGIN');
      await migration.up(q);
      await client.query('COMMIT');
    } finally {
      await client.end();
    }
    const after = await sql(
      `SELECT waybill_no, brand, to_char(date, 'YYYY-MM-DD') AS date, direction, county_code, village_code, batch_id FROM subsidies.waybills ORDER BY waybill_no`,
    );
    expect(after).toEqual(before);
    const [{ kind, parts }] = await sql<{ kind: string; parts: string }>(
      `SELECT c.relkind AS kind, (SELECT count(*) FROM pg_inherits i WHERE i.inhparent = c.oid)::text AS parts FROM pg_class c WHERE c.oid = 'subsidies.waybills'::regclass`,
    );
    expect({ kind, parts }).toEqual({ kind: 'p', parts: String(5 * 12 + 1) });
    const numbers = await sql<{ waybill_no: string }>(`SELECT waybill_no FROM subsidies.waybill_numbers ORDER BY waybill_no`);
    expect(numbers.map((n) => n.waybill_no)).toEqual(before.map((b) => b.waybill_no));
    // the service goes on ingesting, and duplicates still count across the months
    const again = await s.courier.post('/waybills').send([
      { waybillNo: 'RACE00000001', brand: 'ZTO', date: '2025-01-01', direction: 'upstream', countyCode: COUNTY_A },
      { waybillNo: 'AFTER0000001', brand: 'ZTO', date: '2025-01-01', direction: 'upstream', countyCode: COUNTY_A },
    ]);
    expect(again.body).toMatchObject({ accepted: 1, duplicates: [{ index: 0, waybillNo: 'RACE00000001', kind: 'province' }] });
  });
});
