import type { WaybillChunkRequest } from '@app/contracts';
import { checkWaybills, claimRecords, type WaybillCheckContext, waybillCopyColumns, waybillRecords } from './waybills.rules.js';

type Column = 'text' | 'int' | 'date' | 'uuid' | 'time';
const WAYBILL_COLUMNS: Column[] = ['text', 'text', 'date', 'text', 'text', 'text', 'uuid', 'time', 'time'];
const CLAIM_COLUMNS: Column[] = ['int', 'text', 'date'];

/**
 * Binary COPY data read back as text lines (tab-separated, \N for null), each field by the
 * kind of its column: text as it is, an int4 in decimal, the date as YYYY-MM-DD, a uuid in
 * its usual form, times as ISO 8601 in UTC.
 */
function asText(pieces: Buffer[], columns: Column[]): string {
  const data = Buffer.concat(pieces);
  expect(data.subarray(0, 11).toString('latin1')).toBe('PGCOPY\n\xff\r\n\0');
  let at = 19;
  let text = '';
  for (;;) {
    const fields = data.readInt16BE(at);
    at += 2;
    if (fields === -1) break;
    const values: string[] = [];
    for (let f = 0; f < fields; f++) {
      const length = data.readInt32BE(at);
      at += 4;
      if (length === -1) {
        values.push('\\N');
        continue;
      }
      const value = data.subarray(at, at + length);
      at += length;
      if (columns[f] === 'int') values.push(String(value.readInt32BE(0)));
      else if (columns[f] === 'date') values.push(new Date((value.readInt32BE(0) + 10_957) * 86_400_000).toISOString().slice(0, 10));
      else if (columns[f] === 'uuid') values.push(value.toString('hex').replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-'));
      else if (columns[f] === 'time') values.push(new Date(Date.UTC(2000, 0, 1) + Number(value.readBigInt64BE(0) / 1000n)).toISOString());
      else values.push(value.toString('latin1'));
    }
    text += `${values.join('\t')}\n`;
  }
  expect(at).toBe(data.length);
  return text;
}

const ctx: WaybillCheckContext = {
  brands: new Set(['ZTO', 'SF']),
  today: '2023-06-30',
  now: Date.parse('2023-06-30T12:00:00+08:00'),
  ownCounty: null,
  ownBrands: null,
  isCounty: (c) => ['140821', '140822'].includes(c),
  isVillageOf: (v, c) => v.length === 12 && v.startsWith(c),
};

function chunk(rows: Array<Partial<Record<'waybillNo' | 'brand' | 'date' | 'direction' | 'countyCode' | 'villageCode', string>>>): WaybillChunkRequest {
  const col = (f: 'waybillNo' | 'brand' | 'date' | 'direction' | 'countyCode' | 'villageCode', d: string) => rows.map((r) => r[f] ?? d);
  return {
    part: 0,
    parts: 1,
    requestHash: '0'.repeat(64),
    index: rows.map((_, i) => i * 10),
    waybillNo: col('waybillNo', 'ZT000000001'),
    brand: col('brand', 'ZTO'),
    date: col('date', '2023-06-01'),
    direction: col('direction', 'upstream'),
    countyCode: col('countyCode', '140821'),
    villageCode: col('villageCode', ''),
  };
}

describe('checkWaybills', () => {
  it('keeps good rows as columns, upper-casing numbers and mapping no village to null', () => {
    const r = checkWaybills(chunk([{ waybillNo: 'zt123456789' }, { waybillNo: 'SF1234567890', brand: 'SF', villageCode: '140821100201' }]), ctx);
    expect(r.rows).toEqual({
      index: [0, 10],
      waybillNo: ['ZT123456789', 'SF1234567890'],
      brand: ['ZTO', 'SF'],
      date: ['2023-06-01', '2023-06-01'],
      direction: ['upstream', 'upstream'],
      countyCode: ['140821', '140821'],
      villageCode: [null, '140821100201'],
    });
    expect(r.rejected).toEqual([]);
  });

  it('refuses each bad field with the row’s request index, and counts refusals by county', () => {
    const r = checkWaybills(
      chunk([
        { waybillNo: 'short' },
        { brand: 'NOPE', waybillNo: 'ZT000000002' },
        { date: '2023-02-30', waybillNo: 'ZT000000003' },
        { date: '2023-07-01', waybillNo: 'ZT000000004' },
        { direction: 'sideways', waybillNo: 'ZT000000005' },
        { countyCode: '149999', waybillNo: 'ZT000000006' },
        { villageCode: '140822100201', waybillNo: 'ZT000000007' },
      ]),
      ctx,
    );
    expect(r.rows.index).toEqual([]);
    expect(r.rejected.map((x) => [x.index, x.errors.map((e) => e.field)])).toEqual([
      [0, ['waybillNo']],
      [10, ['brand']],
      [20, ['date']],
      [30, ['date']],
      [40, ['direction']],
      [50, ['countyCode']],
      [60, ['villageCode']],
    ]);
    expect(Object.fromEntries(r.rejectedByPlace)).toEqual({ '140821|2023-06-01': 4, '140821|2023-06-30': 1, '140821|2023-07-01': 1, '14|2023-06-01': 1 });
  });

  it('keeps a county centre to its own county', () => {
    const r = checkWaybills(chunk([{ countyCode: '140822' }]), { ...ctx, ownCounty: '140821' });
    expect(r.rejected[0].errors[0]).toEqual({ field: 'countyCode', message: expect.stringContaining('own county 140821') });
  });

  it('keeps a courier to its own brand row by row (BRAND_NOT_OWN), the rest of the chunk is kept', () => {
    const r = checkWaybills(
      chunk([
        { brand: 'ZTO', waybillNo: 'ZT000000001' },
        { brand: 'SF', waybillNo: 'SF000000001' },
        { brand: 'ZTO', waybillNo: 'ZT000000002' },
      ]),
      {
        ...ctx,
        ownBrands: new Set(['ZTO']),
      },
    );
    expect(r.rows.waybillNo).toEqual(['ZT000000001', 'ZT000000002']);
    expect(r.rejected).toEqual([{ index: 10, errors: [{ field: 'brand', code: 'BRAND_NOT_OWN', message: expect.stringContaining('own brand only (ZTO)') }] }]);
    const noEnterprise = checkWaybills(chunk([{ brand: 'ZTO' }]), { ...ctx, ownBrands: new Set() });
    expect(noEnterprise.rejected[0].errors[0].code).toBe('BRAND_NOT_OWN');
    expect(checkWaybills(chunk([{ brand: 'SF' }]), ctx).rejected).toEqual([]);
  });

  it('takes the first of repeated numbers in a chunk, whatever their case, and reports the rest', () => {
    const r = checkWaybills(chunk([{ waybillNo: 'ZT000000009' }, { waybillNo: 'ZT000000010' }, { waybillNo: 'zt000000009' }]), ctx);
    expect(r.rows.waybillNo).toEqual(['ZT000000009', 'ZT000000010']);
    expect(r.requestDuplicates).toEqual([{ firstAt: 0, index: 20, waybillNo: 'ZT000000009' }]);
  });

  it("writes binary COPY data of every row's position, number and date for the claim, in pieces of whole rows", () => {
    const { rows } = checkWaybills(chunk([{ waybillNo: 'zt000000001' }, { waybillNo: 'ZT000000002', date: '2023-06-02' }]), ctx);
    expect(asText([...claimRecords(rows)], CLAIM_COLUMNS)).toBe('0\tZT000000001\t2023-06-01\n1\tZT000000002\t2023-06-02\n');
    const many = checkWaybills(chunk(Array.from({ length: 20_000 }, (_, i) => ({ waybillNo: `ZT${String(i).padStart(9, '0')}` }))), ctx).rows;
    const pieces = [...claimRecords(many)];
    expect(pieces.length).toBe(3);
    expect(
      asText(pieces, CLAIM_COLUMNS)
        .split('\n')
        .slice(0, -1)
        .map((l) => Number(l.split('\t')[0])),
    ).toEqual(many.index.map((_, i) => i));
  });

  it('writes binary COPY data of the rows not skipped, null for no village, in pieces of whole rows', () => {
    const { rows } = checkWaybills(
      chunk([{ waybillNo: 'zt000000001' }, { waybillNo: 'ZT000000002', villageCode: '140821100200' }, { waybillNo: 'ZT000000003' }]),
      ctx,
    );
    const batch = '00000000-0000-4000-8000-000000000001';
    expect(asText([...waybillRecords(batch, rows, [2])], WAYBILL_COLUMNS)).toBe(
      `ZT000000001\tZTO\t2023-06-01\tupstream\t140821\t\\N\t${batch}\n` + `ZT000000002\tZTO\t2023-06-01\tupstream\t140821\t140821100200\t${batch}\n`,
    );
    expect(asText([...waybillRecords(batch, rows, [0, 1, 2])], WAYBILL_COLUMNS)).toBe('');
    const many = checkWaybills(chunk(Array.from({ length: 20_000 }, (_, i) => ({ waybillNo: `ZT${String(i).padStart(9, '0')}` }))), ctx).rows;
    const pieces = [...waybillRecords(batch, many, [])];
    expect(pieces.length).toBe(3);
    expect(asText(pieces, WAYBILL_COLUMNS).split('\n').length - 1).toBe(20_000);
  });

  it('checks optional pick-up and delivery times and writes them in UTC; rows without times cost no columns', () => {
    const base = chunk([
      { waybillNo: 'ZT000000001' },
      { waybillNo: 'ZT000000002' },
      { waybillNo: 'ZT000000003' },
      { waybillNo: 'ZT000000004' },
      { waybillNo: 'ZT000000005' },
    ]);
    const timed = {
      ...base,
      pickedUpAt: ['2023-06-01T09:00:00+08:00', '', '2023-06-01T09:00', '', '2023-06-30T12:00:01+08:00'],
      deliveredAt: ['2023-06-01T20:00+08:00', '', '', '2023-06-01T20:00:00Z', ''],
    };
    const r = checkWaybills(timed, ctx);
    expect(r.rows.waybillNo).toEqual(['ZT000000001', 'ZT000000002']);
    expect(r.rows.pickedUpAt).toEqual([Date.UTC(2023, 5, 1, 1), null]);
    expect(r.rows.deliveredAt).toEqual([Date.UTC(2023, 5, 1, 12), null]);
    expect(r.rejected.map((x) => [x.index, x.errors.map((e) => `${e.field}: ${e.message}`)])).toEqual([
      [20, [expect.stringMatching(/^pickedUpAt: must be an RFC 3339 date-time with an offset/)]],
      [30, ['deliveredAt: needs pickedUpAt: a delivery time counts only with its pick-up time']],
      [40, ['pickedUpAt: must not be in the future']],
    ]);
    const backwards = checkWaybills({ ...chunk([{}]), pickedUpAt: ['2023-06-02T09:00:00+08:00'], deliveredAt: ['2023-06-02T08:59:59+08:00'] }, ctx);
    expect(backwards.rejected[0].errors).toEqual([{ field: 'deliveredAt', message: 'must not be before pickedUpAt' }]);
    const batch = '00000000-0000-4000-8000-000000000001';
    expect(waybillCopyColumns(r.rows)).toBe('waybill_no, brand, date, direction, county_code, village_code, batch_id, picked_up_at, delivered_at');
    expect(asText([...waybillRecords(batch, r.rows, [])], WAYBILL_COLUMNS)).toBe(
      `ZT000000001\tZTO\t2023-06-01\tupstream\t140821\t\\N\t${batch}\t2023-06-01T01:00:00.000Z\t2023-06-01T12:00:00.000Z\n` +
        `ZT000000002\tZTO\t2023-06-01\tupstream\t140821\t\\N\t${batch}\t\\N\t\\N\n`,
    );
    const untimed = checkWaybills(base, ctx).rows;
    expect(untimed.pickedUpAt).toBeUndefined();
    expect(waybillCopyColumns(untimed)).toBe('waybill_no, brand, date, direction, county_code, village_code, batch_id');
  });
});
