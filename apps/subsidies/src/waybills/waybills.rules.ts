import { PROVINCE } from '@app/contracts';
import { DIRECTIONS, type FieldError, isCalendarDate, type RowErrorDto, WAYBILL_NO, type WaybillChunkRequest } from '@app/contracts';
import { parseInstant } from './delivery-time.rules.js';

export interface WaybillCheckContext {
  /** brand codes of the code table */
  brands: Set<string>;
  /** today in Asia/Shanghai; later dates are refused */
  today: string;
  /** the time of receipt (ms); later pick-up and delivery times are refused */
  now: number;
  /** a county centre's own county: rows of other counties are refused; null for couriers and admin */
  ownCounty: string | null;
  /** a courier's own brands: rows of other brands are refused (BRAND_NOT_OWN); null for other roles */
  ownBrands: Set<string> | null;
  isCounty(code: string): boolean;
  isVillageOf(village: string, county: string): boolean;
}

/** Rows that passed the checks, as columns ready for `unnest`. */
export interface WaybillColumns {
  index: number[];
  waybillNo: string[];
  brand: string[];
  date: string[];
  direction: string[];
  countyCode: string[];
  villageCode: Array<string | null>;
  /** pick-up and delivery times (ms, null where the row has none); present only when the chunk carries time columns */
  pickedUpAt?: Array<number | null>;
  deliveredAt?: Array<number | null>;
}

interface RequestDuplicate {
  /** position in `WaybillColumns` of the first row with the number */
  firstAt: number;
  index: number;
  waybillNo: string;
}

export interface CheckedWaybills {
  rows: WaybillColumns;
  rejected: RowErrorDto[];
  /** refused rows by place (`county|date`, for the validity indicator); rows without a real county go under the province (PROVINCE_CODE), without a real date under today */
  rejectedByPlace: Map<string, number>;
  /** later rows of the chunk that repeat a number taken by an earlier one */
  requestDuplicates: RequestDuplicate[];
}

const DIRECTION_SET = new Set<string>(DIRECTIONS);

const INSTANT_MESSAGE = 'must be an RFC 3339 date-time with an offset, e.g. 2023-06-01T09:00:00+08:00';

/**
 * Checks each row of a chunk on its own (number, brand code, a courier's own brand, date,
 * direction, county and village codes, the county centre's own county, and the optional
 * pick-up and delivery times: real instants with an offset, not after receipt, a delivery
 * only with a pick-up and not before it) and drops repeats of a number inside the
 * chunk. Numbers are compared and stored upper-cased: `sf123…` and `SF123…` are one parcel.
 */
export function checkWaybills(chunk: WaybillChunkRequest, ctx: WaybillCheckContext): CheckedWaybills {
  const rows: WaybillColumns = { index: [], waybillNo: [], brand: [], date: [], direction: [], countyCode: [], villageCode: [] };
  const rejected: RowErrorDto[] = [];
  const rejectedByPlace = new Map<string, number>();
  const requestDuplicates: RequestDuplicate[] = [];
  const firstAt = new Map<string, number>();
  const goodDates = new Set<string>();
  const pickedColumn = chunk.pickedUpAt;
  const deliveredColumn = chunk.deliveredAt;
  const timed = pickedColumn !== undefined || deliveredColumn !== undefined;
  if (timed) {
    rows.pickedUpAt = [];
    rows.deliveredAt = [];
  }
  for (let i = 0; i < chunk.index.length; i++) {
    const errors: Array<FieldError & { code?: string }> = [];
    const waybillNo = chunk.waybillNo[i].toUpperCase();
    const brand = chunk.brand[i];
    const date = chunk.date[i];
    const direction = chunk.direction[i];
    const county = chunk.countyCode[i];
    const village = chunk.villageCode[i];
    if (!WAYBILL_NO.test(waybillNo)) errors.push({ field: 'waybillNo', message: 'must be 8–30 letters and digits' });
    if (!ctx.brands.has(brand)) errors.push({ field: 'brand', message: `unknown brand code ${brand}; see GET /api/v1/brands` });
    else if (ctx.ownBrands !== null && !ctx.ownBrands.has(brand)) {
      const own = [...ctx.ownBrands].join(', ') || 'none: the organisation’s credit code names no registered enterprise';
      errors.push({ field: 'brand', code: 'BRAND_NOT_OWN', message: `BRAND_NOT_OWN: a courier records waybills of its own brand only (${own})` });
    }
    const calendarDate = goodDates.has(date) || isCalendarDate(date);
    if (!calendarDate) errors.push({ field: 'date', message: 'must be a date YYYY-MM-DD' });
    else if (date > ctx.today) errors.push({ field: 'date', message: 'must not be in the future' });
    else goodDates.add(date);
    if (!DIRECTION_SET.has(direction)) errors.push({ field: 'direction', message: 'must be upstream or downstream' });
    const realCounty = ctx.isCounty(county);
    if (!realCounty) errors.push({ field: 'countyCode', message: 'must be a 6-digit county code of the province' });
    else if (ctx.ownCounty !== null && county !== ctx.ownCounty)
      errors.push({ field: 'countyCode', message: `a county centre records waybills of its own county ${ctx.ownCounty} only` });
    if (village !== '' && !(realCounty && ctx.isVillageOf(village, county))) {
      errors.push({ field: 'villageCode', message: 'must be a 12-digit village code inside the county' });
    }
    let pickedUp: number | null = null;
    let delivered: number | null = null;
    if (timed) {
      const p = pickedColumn?.[i] ?? '';
      const d = deliveredColumn?.[i] ?? '';
      if (p !== '') {
        pickedUp = parseInstant(p);
        if (pickedUp === null) errors.push({ field: 'pickedUpAt', message: INSTANT_MESSAGE });
        else if (pickedUp > ctx.now) errors.push({ field: 'pickedUpAt', message: 'must not be in the future' });
      }
      if (d !== '') {
        delivered = parseInstant(d);
        if (delivered === null) errors.push({ field: 'deliveredAt', message: INSTANT_MESSAGE });
        else if (p === '') errors.push({ field: 'deliveredAt', message: 'needs pickedUpAt: a delivery time counts only with its pick-up time' });
        else if (pickedUp !== null && delivered < pickedUp) errors.push({ field: 'deliveredAt', message: 'must not be before pickedUpAt' });
        else if (delivered > ctx.now) errors.push({ field: 'deliveredAt', message: 'must not be in the future' });
      }
    }
    if (errors.length > 0) {
      rejected.push({ index: chunk.index[i], errors });
      const place = `${realCounty ? county : PROVINCE}|${calendarDate ? date : ctx.today}`;
      rejectedByPlace.set(place, (rejectedByPlace.get(place) ?? 0) + 1);
      continue;
    }
    const first = firstAt.get(waybillNo);
    if (first !== undefined) {
      requestDuplicates.push({ firstAt: first, index: chunk.index[i], waybillNo });
      continue;
    }
    firstAt.set(waybillNo, rows.index.length);
    rows.index.push(chunk.index[i]);
    rows.waybillNo.push(waybillNo);
    rows.brand.push(brand);
    rows.date.push(date);
    rows.direction.push(direction);
    rows.countyCode.push(county);
    rows.villageCode.push(village === '' ? null : village);
    rows.pickedUpAt?.push(pickedUp);
    rows.deliveredAt?.push(delivered);
  }
  return { rows, rejected, rejectedByPlace, requestDuplicates };
}

/** Rows per piece of COPY data: a few hundred KB, so a chunk streams in a few writes without one huge buffer. */
const LINES_PER_PIECE = 8192;

/** Start of COPY's binary format: the signature, no flags, no header extension. */
const BINARY_HEADER = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
/** PostgreSQL's epoch, 2000-01-01 UTC, in days and milliseconds since 1970. */
const POSTGRES_EPOCH_DAYS = 10_957;
const POSTGRES_EPOCH_MS = Date.UTC(2000, 0, 1);
const DAY_MS = 86_400_000;
const TWO_TO_32 = 2 ** 32;

/**
 * COPY data in PostgreSQL's binary format, in pieces of LINES_PER_PIECE rows (the first piece
 * starts with the header, the last ends with the trailer): dates, times and identifiers go
 * as the numbers and bytes the server stores, so it parses none of them. Text values are
 * checked codes and numbers (ASCII), copied as bytes (latin1).
 */
class CopyBinary {
  private buffer: Buffer;
  private at = 0;
  private rows = 0;

  constructor(private readonly bytesPerRow: number) {
    this.buffer = Buffer.allocUnsafe(bytesPerRow * LINES_PER_PIECE);
    this.at = BINARY_HEADER.copy(this.buffer, 0);
  }

  /** Starts a row of `fields` values. */
  row(fields: number): void {
    this.room(2);
    this.at = this.buffer.writeInt16BE(fields, this.at);
  }

  text(value: string | null): void {
    if (value === null) return this.null();
    this.room(4 + value.length);
    this.at = this.buffer.writeInt32BE(value.length, this.at);
    this.at += this.buffer.write(value, this.at, 'latin1');
  }

  /** An int4. */
  int(value: number): void {
    this.room(8);
    this.at = this.buffer.writeInt32BE(4, this.at);
    this.at = this.buffer.writeInt32BE(value, this.at);
  }

  /** A date from its days since PostgreSQL's epoch. */
  date(days: number): void {
    this.room(8);
    this.at = this.buffer.writeInt32BE(4, this.at);
    this.at = this.buffer.writeInt32BE(days, this.at);
  }

  /** A timestamptz from milliseconds since 1970 (microseconds since PostgreSQL's epoch, as two halves of the 64-bit integer). */
  instant(ms: number | null): void {
    if (ms === null) return this.null();
    const micros = (ms - POSTGRES_EPOCH_MS) * 1000;
    const high = Math.floor(micros / TWO_TO_32);
    this.room(12);
    this.at = this.buffer.writeInt32BE(8, this.at);
    this.at = this.buffer.writeInt32BE(high, this.at);
    this.at = this.buffer.writeUInt32BE(micros - high * TWO_TO_32, this.at);
  }

  /** A value given as its bytes (a uuid's 16). */
  bytes(value: Buffer): void {
    this.room(4 + value.length);
    this.at = this.buffer.writeInt32BE(value.length, this.at);
    this.at += value.copy(this.buffer, this.at);
  }

  /** Ends the row; true when the piece is full. */
  endRow(): boolean {
    return ++this.rows === LINES_PER_PIECE;
  }

  /** The piece so far; the next rows go into a new buffer, as the piece may still be queued for the socket. */
  take(): Buffer {
    const piece = this.buffer.subarray(0, this.at);
    this.buffer = Buffer.allocUnsafe(this.bytesPerRow * LINES_PER_PIECE);
    this.at = 0;
    this.rows = 0;
    return piece;
  }

  /** The last piece, with the trailer. */
  end(): Buffer {
    this.room(2);
    this.at = this.buffer.writeInt16BE(-1, this.at);
    return this.take();
  }

  private null(): void {
    this.room(4);
    this.at = this.buffer.writeInt32BE(-1, this.at);
  }

  private room(bytes: number): void {
    if (this.at + bytes <= this.buffer.length) return;
    const larger = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.at + bytes));
    this.buffer.copy(larger, 0, 0, this.at);
    this.buffer = larger;
  }
}

/**
 * The rows of `rows` except those at `skipAt`, as binary COPY data (CopyBinary, `FORMAT
 * binary`) for (waybill_no, brand, date, direction, county_code, village_code, batch_id), and
 * when the rows carry times also (picked_up_at, delivered_at) (waybillCopyColumns). The server
 * parses no date, time or uuid: about a tenth less database CPU for the COPY than text.
 */
export function* waybillRecords(batchId: string, rows: WaybillColumns, skipAt: readonly number[]): Generator<Buffer> {
  const skip = new Uint8Array(rows.index.length);
  for (const at of skipAt) skip[at] = 1;
  const picked = rows.pickedUpAt && rows.deliveredAt ? rows.pickedUpAt : null;
  const delivered = rows.deliveredAt;
  const batch = Buffer.from(batchId.replaceAll('-', ''), 'hex');
  const dayOf = dayNumbers();
  const data = new CopyBinary(picked ? 140 : 110);
  for (let i = 0; i < rows.index.length; i++) {
    if (skip[i]) continue;
    data.row(picked ? 9 : 7);
    data.text(rows.waybillNo[i]);
    data.text(rows.brand[i]);
    data.date(dayOf(rows.date[i]));
    data.text(rows.direction[i]);
    data.text(rows.countyCode[i]);
    data.text(rows.villageCode[i]);
    data.bytes(batch);
    if (picked && delivered) {
      data.instant(picked[i]);
      data.instant(delivered[i]);
    }
    if (data.endRow()) yield data.take();
  }
  yield data.end();
}

/** The columns of subsidies.waybills that waybillRecords writes for `rows`. */
export function waybillCopyColumns(rows: WaybillColumns): string {
  const base = 'waybill_no, brand, date, direction, county_code, village_code, batch_id';
  return rows.pickedUpAt && rows.deliveredAt ? `${base}, picked_up_at, delivered_at` : base;
}

/**
 * Every row's position, number and date as binary COPY data (CopyBinary, `FORMAT binary`), for
 * the staging table the numbers are claimed from (pg_temp.waybill_claims).
 */
export function* claimRecords(rows: WaybillColumns): Generator<Buffer> {
  const dayOf = dayNumbers();
  const data = new CopyBinary(40);
  for (let i = 0; i < rows.index.length; i++) {
    data.row(3);
    data.int(i);
    data.text(rows.waybillNo[i]);
    data.date(dayOf(rows.date[i]));
    if (data.endRow()) yield data.take();
  }
  yield data.end();
}

/** Days since PostgreSQL's epoch of checked YYYY-MM-DD dates, each distinct date computed once (a chunk has a few). */
function dayNumbers(): (date: string) => number {
  const days = new Map<string, number>();
  return (date) => {
    let day = days.get(date);
    if (day === undefined) days.set(date, (day = Date.parse(date) / DAY_MS - POSTGRES_EPOCH_DAYS));
    return day;
  };
}
