import { chunkWaybills, mergeResults, shapeWaybills, waybillRows } from './waybill-chunks.js';

const row = (i: number, extra: Record<string, unknown> = {}) => ({
  waybillNo: `ZT${String(i).padStart(10, '0')}`,
  brand: 'ZTO',
  date: '2023-06-01',
  direction: 'upstream',
  countyCode: '140821',
  ...extra,
});

describe('waybill chunks at the gateway', () => {
  it('reads NDJSON lines, skipping blank ones and refusing unreadable ones by index', () => {
    const { rows, unreadable } = waybillRows(`${JSON.stringify(row(1))}\n\n{oops\n${JSON.stringify(row(2))}\n`);
    expect(rows).toHaveLength(3);
    expect(unreadable).toEqual([{ index: 1, errors: [{ field: '', message: 'the line is not a JSON object' }] }]);
  });

  it('keeps only objects of string fields, refusing others by index', () => {
    const { columns, rejected } = shapeWaybills([row(1), 'x', row(2, { waybillNo: 7 }), row(3, { extra: 'y' }), row(4, { villageCode: '140821100010' })]);
    expect(columns.index).toEqual([0, 4]);
    expect(columns.villageCode).toEqual(['', '140821100010']);
    expect(rejected.map((r) => [r.index, r.errors.map((e) => e.field)])).toEqual([
      [1, ['']],
      [2, ['waybillNo']],
      [3, ['extra']],
    ]);
  });

  it('splits under the size limit, puts every copy of a number (any case) in one chunk, and splits the same rows the same way', () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => row(i));
    rows.push(row(17, { waybillNo: 'zt0000000017' }));
    const { columns } = shapeWaybills(rows);
    const hash = 'a'.repeat(64);
    const encoded = chunkWaybills(columns, 200_000, hash);
    const chunks = encoded.map((e) => e.chunk);
    expect(chunks.length).toBeGreaterThan(5);
    // the text sent is the chunk itself, under the limit
    for (const e of encoded) {
      expect(JSON.parse(e.json)).toEqual(e.chunk);
      expect(Buffer.byteLength(e.json)).toBeLessThanOrEqual(200_000);
    }
    expect(chunks.reduce((a, c) => a + c.index.length, 0)).toBe(20_001);
    expect(chunks.filter((c) => c.waybillNo.some((n) => n.toUpperCase() === 'ZT0000000017'))).toHaveLength(1);
    expect(new Set(chunks.map((c) => c.requestHash))).toEqual(new Set([hash]));
    expect(chunks.map((c) => [c.part, c.parts])).toEqual(chunks.map((_, i) => [i, chunks.length]));
    const again = chunkWaybills(shapeWaybills(rows).columns, 200_000, hash);
    expect(again).toEqual(encoded);
    // a courier's own brands travel in every chunk, inside the limit too
    const courier = chunkWaybills(columns, 200_000, hash, ['ZTO']);
    for (const e of courier) {
      expect(JSON.parse(e.json)).toEqual({ ...e.chunk, ownBrands: ['ZTO'] });
      expect(Buffer.byteLength(e.json)).toBeLessThanOrEqual(200_000);
    }
  });

  it('splits by city, so each county is in one chunk, and keeps the copies of a number with its first row', () => {
    // 11 cities of 11 counties, rows spread over every county as a courier's day is
    const counties = Array.from({ length: 121 }, (_, k) => `14${String(1 + Math.floor(k / 11)).padStart(2, '0')}${String(1 + (k % 11)).padStart(2, '0')}`);
    const rows = Array.from({ length: 11_000 }, (_, i) => row(i, { countyCode: counties[i % counties.length] }));
    // the same number again, in another city's county and in lower case: it goes where its first row went
    rows.push(row(5, { waybillNo: 'zt0000000005', countyCode: '141101' }));
    const encoded = chunkWaybills(shapeWaybills(rows).columns, 200_000, 'a'.repeat(64));
    const chunks = encoded.map((e) => e.chunk);
    expect(chunks.length).toBeGreaterThan(3);
    for (const e of encoded) expect(Buffer.byteLength(e.json)).toBeLessThanOrEqual(200_000);
    expect(chunks.reduce((a, c) => a + c.index.length, 0)).toBe(11_001);
    const copies = chunks.filter((c) => c.waybillNo.some((n) => n.toUpperCase() === 'ZT0000000005'));
    expect(copies).toHaveLength(1);
    expect(copies[0].countyCode).toContain(counties[5]);
    // every county (the copy's aside) in one chunk: a city is split only when it is larger than a chunk
    const chunksOfCounty = new Map<string, Set<number>>();
    chunks.forEach((c, part) =>
      c.countyCode.forEach((county, k) => c.index[k] !== 11_000 && chunksOfCounty.set(county, (chunksOfCounty.get(county) ?? new Set()).add(part))),
    );
    expect([...chunksOfCounty.values()].every((parts) => parts.size === 1)).toBe(true);
    // one city larger than a chunk is split by number, and the chunks stay under the limit
    const big = shapeWaybills(Array.from({ length: 20_000 }, (_, i) => row(i))).columns;
    const bigChunks = chunkWaybills(big, 200_000, 'a'.repeat(64));
    expect(bigChunks.length).toBeGreaterThan(5);
    for (const e of bigChunks) expect(Buffer.byteLength(e.json)).toBeLessThanOrEqual(200_000);
  });

  it('carries time columns only when a row has a time, and only in the chunks that hold one', () => {
    const plain = shapeWaybills([row(1), row(2)]).columns;
    expect(plain.pickedUpAt).toBeUndefined();
    expect(chunkWaybills(plain, 200_000, 'a'.repeat(64))[0].json).not.toContain('pickedUpAt');
    const { columns, rejected } = shapeWaybills([
      row(1),
      row(2, { pickedUpAt: '2023-06-01T09:00:00+08:00', deliveredAt: '2023-06-01T20:00:00+08:00' }),
      row(3, { deliveredAt: 5 }),
      row(4),
    ]);
    expect(columns.pickedUpAt).toEqual(['', '2023-06-01T09:00:00+08:00', '']);
    expect(columns.deliveredAt).toEqual(['', '2023-06-01T20:00:00+08:00', '']);
    expect(rejected.map((r) => [r.index, r.errors.map((e) => e.field)])).toEqual([[2, ['deliveredAt']]]);
    const rows = [...Array.from({ length: 5_000 }, (_, i) => row(i)), row(9_999_999, { pickedUpAt: '2023-06-01T09:00:00+08:00' })];
    const encoded = chunkWaybills(shapeWaybills(rows).columns, 60_000, 'a'.repeat(64));
    expect(encoded.length).toBeGreaterThan(2);
    const withTimes = encoded.filter((e) => e.json.includes('pickedUpAt'));
    expect(withTimes).toHaveLength(1);
    expect(withTimes[0].chunk.pickedUpAt?.filter((v) => v !== '')).toEqual(['2023-06-01T09:00:00+08:00']);
    for (const e of encoded) expect(JSON.parse(e.json)).toEqual(e.chunk);
  });

  it('merges chunk results in request order', () => {
    const merged = mergeResults(
      4,
      [{ index: 3, errors: [] }],
      [
        { batchId: 'b', accepted: 1, duplicates: [{ index: 2, waybillNo: 'X', kind: 'province' }], rejected: [], replayed: false },
        { batchId: 'a', accepted: 0, duplicates: [], rejected: [{ index: 0, errors: [] }], replayed: true },
      ],
    );
    expect(merged).toEqual({
      received: 4,
      accepted: 1,
      duplicates: [{ index: 2, waybillNo: 'X', kind: 'province' }],
      rejected: [
        { index: 0, errors: [] },
        { index: 3, errors: [] },
      ],
      batchIds: ['b', 'a'],
    });
  });
});
