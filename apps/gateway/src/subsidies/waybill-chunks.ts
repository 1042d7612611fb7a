import {
  type DuplicateWaybillDto,
  type FieldError,
  type IngestWaybillsResponseDto,
  MAX_WAYBILLS_PER_REQUEST,
  type RowErrorDto,
  WAYBILL_FIELDS,
  WAYBILL_TIME_FIELDS,
  type WaybillChunkRequest,
  type WaybillChunkResponse,
} from '@app/contracts';

/** Longest value a waybill field may have at the edge (the longest real one, a village code, has 12). */
const MAX_FIELD_LENGTH = 64;
const ALLOWED = new Set<string>([...WAYBILL_FIELDS, ...WAYBILL_TIME_FIELDS]);

/** Rows of a POST /waybills body: a JSON array as parsed, or NDJSON text (one object a line, blank lines skipped). */
export function waybillRows(body: unknown): { rows: unknown[]; unreadable: RowErrorDto[] } {
  if (Array.isArray(body)) return { rows: body, unreadable: [] };
  if (typeof body === 'string') {
    const rows: unknown[] = [];
    const unreadable: RowErrorDto[] = [];
    for (const line of body.split('\n')) {
      if (line.trim() === '') continue;
      try {
        rows.push(JSON.parse(line));
      } catch {
        unreadable.push({ index: rows.length, errors: [{ field: '', message: 'the line is not a JSON object' }] });
        rows.push(undefined);
      }
    }
    return { rows, unreadable };
  }
  return { rows: [], unreadable: [] };
}

/**
 * The shape check at the edge: each row is an object of string fields, no others. Rows that
 * pass become columns; what their values mean (codes, dates, duplicates) is the subsidies
 * service's to check.
 */
export function shapeWaybills(rows: unknown[]): { columns: WaybillChunkRequest; rejected: RowErrorDto[] } {
  const columns: WaybillChunkRequest = {
    part: 0,
    parts: 1,
    requestHash: '',
    index: [],
    waybillNo: [],
    brand: [],
    date: [],
    direction: [],
    countyCode: [],
    villageCode: [],
  };
  const rejected: RowErrorDto[] = [];
  rows.forEach((row, index) => {
    if (row === undefined) return;
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      rejected.push({ index, errors: [{ field: '', message: 'each waybill must be an object' }] });
      return;
    }
    const record = row as Record<string, unknown>;
    if (wellFormed(record)) {
      columns.index.push(index);
      columns.waybillNo.push(record.waybillNo);
      columns.brand.push(record.brand);
      columns.date.push(record.date);
      columns.direction.push(record.direction);
      columns.countyCode.push(record.countyCode);
      columns.villageCode.push(record.villageCode ?? '');
      pushTimes(columns, record);
      return;
    }
    const errors: FieldError[] = [];
    for (const key of Object.keys(record)) {
      if (!ALLOWED.has(key)) errors.push({ field: key, message: `property ${key} should not exist` });
    }
    for (const field of WAYBILL_FIELDS) {
      const value = record[field];
      if (value === undefined && field === 'villageCode') continue;
      if (typeof value !== 'string') errors.push({ field, message: `${field} must be a string` });
      else if (value.length > MAX_FIELD_LENGTH) errors.push({ field, message: `${field} is longer than ${MAX_FIELD_LENGTH} characters` });
    }
    for (const field of WAYBILL_TIME_FIELDS) {
      const value = record[field];
      if (value === undefined) continue;
      if (typeof value !== 'string') errors.push({ field, message: `${field} must be a string` });
      else if (value.length > MAX_FIELD_LENGTH) errors.push({ field, message: `${field} is longer than ${MAX_FIELD_LENGTH} characters` });
    }
    if (errors.length > 0) {
      rejected.push({ index, errors });
      return;
    }
    columns.index.push(index);
    columns.waybillNo.push(record.waybillNo as string);
    columns.brand.push(record.brand as string);
    columns.date.push(record.date as string);
    columns.direction.push(record.direction as string);
    columns.countyCode.push(record.countyCode as string);
    columns.villageCode.push((record.villageCode as string | undefined) ?? '');
    pushTimes(columns, record as WaybillRecord);
  });
  return { columns, rejected };
}

type WaybillRecord = Record<(typeof WAYBILL_FIELDS)[number], string> & { villageCode?: string; pickedUpAt?: string; deliveredAt?: string };

/**
 * Adds the row's times ('' for none) once some row has had one; the columns appear at the
 * first row with a time, filled with '' for the rows before it, so requests without times
 * carry no time columns at all.
 */
function pushTimes(columns: WaybillChunkRequest, record: WaybillRecord): void {
  if (columns.pickedUpAt && columns.deliveredAt) {
    columns.pickedUpAt.push(record.pickedUpAt ?? '');
    columns.deliveredAt.push(record.deliveredAt ?? '');
  } else if (record.pickedUpAt !== undefined || record.deliveredAt !== undefined) {
    const before = new Array<string>(columns.index.length - 1).fill('');
    columns.pickedUpAt = [...before, record.pickedUpAt ?? ''];
    columns.deliveredAt = [...before, record.deliveredAt ?? ''];
  }
}

/** The common case, checked without building anything: known fields only, each a string within the length limit. */
function wellFormed(record: Record<string, unknown>): record is WaybillRecord {
  for (const key in record) {
    if (!ALLOWED.has(key)) return false;
  }
  for (const field of WAYBILL_FIELDS) {
    const value = record[field];
    if (typeof value !== 'string') {
      if (value === undefined && field === 'villageCode') continue;
      return false;
    }
    if (value.length > MAX_FIELD_LENGTH) return false;
  }
  for (const field of WAYBILL_TIME_FIELDS) {
    const value = record[field];
    if (value !== undefined && (typeof value !== 'string' || value.length > MAX_FIELD_LENGTH)) return false;
  }
  return true;
}

/** FNV-1a of a number (upper-cased by the caller). */
function hashOf(upper: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < upper.length; i++) {
    h ^= upper.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The chunk, out of `parts`, of every row. Rows go by city (the first four digits of the
 * county code) so that a chunk holds the counties of a few cities: each chunk becomes an
 * event whose figures supervision adds to every county, city and province of the chunk by
 * day, month and year, and by number alone every chunk held every county of the request
 * (five times the read-model writes for a request of 50,000). Every copy of a number, in any
 * case, goes with the number's first row, whatever its county, so a chunk sees them all. A
 * city with more rows than a chunk's share is split by a hash of the number; the pieces fill
 * the chunks largest first. It depends only on the rows and `parts` (a retry splits alike).
 */
function chunkOfRows(columns: WaybillChunkRequest, parts: number): Int32Array {
  const n = columns.index.length;
  // the city of each number's first row, in a table keyed by the number's 32-bit hash (open
  // addressing over typed arrays: a Map of 50,000 keys cost more than the rest of the split);
  // two numbers sharing a hash only send the later's rows to the earlier's city
  const slots = 2 ** Math.ceil(Math.log2(2 * n + 1));
  const slotHash = new Uint32Array(slots);
  const slotCity = new Int32Array(slots).fill(-1);
  const hash = new Uint32Array(n);
  const cityOf = new Int32Array(n);
  const rowsOf = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const h = (hash[i] = hashOf(columns.waybillNo[i].toUpperCase()));
    let slot = h & (slots - 1);
    while (slotCity[slot] !== -1 && slotHash[slot] !== h) slot = (slot + 1) & (slots - 1);
    if (slotCity[slot] === -1) {
      slotHash[slot] = h;
      slotCity[slot] = cityOfCounty(columns.countyCode[i]);
    }
    const city = (cityOf[i] = slotCity[slot]);
    rowsOf.set(city, (rowsOf.get(city) ?? 0) + 1);
  }
  const share = Math.ceil(n / parts);
  const pieces: Array<{ city: number; piece: number; rows: number }> = [];
  for (const [city, rows] of rowsOf) {
    const count = Math.ceil(rows / share);
    for (let piece = 0; piece < count; piece++) pieces.push({ city, piece, rows: rows / count });
  }
  pieces.sort((a, b) => b.rows - a.rows || a.city - b.city || a.piece - b.piece);
  const load = new Array<number>(parts).fill(0);
  const chunksOfCity = new Map<number, number[]>();
  for (const { city, rows } of pieces) {
    let least = 0;
    for (let c = 1; c < parts; c++) if (load[c] < load[least]) least = c;
    load[least] += rows;
    const chunks = chunksOfCity.get(city) ?? [];
    chunks.push(least);
    chunksOfCity.set(city, chunks);
  }
  const chunkOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const chunks = chunksOfCity.get(cityOf[i]) as number[];
    chunkOf[i] = chunks.length === 1 ? chunks[0] : chunks[hash[i] % chunks.length];
  }
  return chunkOf;
}

/** The city of a county code as a number (its first four digits); 0 for a code that does not start with four (a row the service refuses). */
function cityOfCounty(county: string): number {
  let city = 0;
  for (let k = 0; k < 4; k++) {
    const digit = county.charCodeAt(k) - 48;
    if (!(digit >= 0 && digit <= 9)) return 0;
    city = city * 10 + digit;
  }
  return city;
}

function split(columns: WaybillChunkRequest, parts: number): WaybillChunkRequest[] {
  const timed = columns.pickedUpAt !== undefined && columns.deliveredAt !== undefined;
  const chunks: WaybillChunkRequest[] = Array.from({ length: parts }, (_, part) => ({
    part,
    parts,
    requestHash: '',
    index: [] as number[],
    waybillNo: [] as string[],
    brand: [] as string[],
    date: [] as string[],
    direction: [] as string[],
    countyCode: [] as string[],
    villageCode: [] as string[],
    ...(timed ? { pickedUpAt: [] as string[], deliveredAt: [] as string[] } : {}),
  }));
  const chunkOf = chunkOfRows(columns, parts);
  for (let i = 0; i < columns.index.length; i++) {
    const c = chunks[chunkOf[i]];
    c.index.push(columns.index[i]);
    c.waybillNo.push(columns.waybillNo[i]);
    c.brand.push(columns.brand[i]);
    c.date.push(columns.date[i]);
    c.direction.push(columns.direction[i]);
    c.countyCode.push(columns.countyCode[i]);
    c.villageCode.push(columns.villageCode[i]);
    if (timed) {
      c.pickedUpAt?.push(columns.pickedUpAt?.[i] ?? '');
      c.deliveredAt?.push(columns.deliveredAt?.[i] ?? '');
    }
  }
  // a chunk none of whose rows has a time carries no time columns
  for (const c of chunks) {
    if (timed && !c.pickedUpAt?.some((v) => v !== '') && !c.deliveredAt?.some((v) => v !== '')) {
      delete c.pickedUpAt;
      delete c.deliveredAt;
    }
  }
  return chunks;
}

/** A chunk as sent: its columns and their JSON, encoded once (the NATS message carries this text). */
export interface EncodedChunk {
  chunk: WaybillChunkRequest;
  json: string;
}

/**
 * Splits rows into chunks whose JSON stays under `maxBytes`, by city (chunkOfRows), and stamps each with the request's hash (the Idempotency-Key fingerprint of
 * the body as received, see requestHash) and a courier's own brands. The split depends only on
 * the rows and the limit, so a retried request makes the same chunks. Each chunk's columns are
 * turned into JSON once, to measure it and to send it.
 */
export function chunkWaybills(columns: WaybillChunkRequest, maxBytes: number, requestHash: string, ownBrands?: string[]): EncodedChunk[] {
  if (columns.index.length === 0) return [];
  let estimate = 0;
  for (let i = 0; i < columns.index.length; i++) {
    estimate +=
      columns.waybillNo[i].length +
      columns.brand[i].length +
      columns.date[i].length +
      columns.direction[i].length +
      columns.countyCode[i].length +
      columns.villageCode[i].length +
      28;
  }
  if (columns.pickedUpAt && columns.deliveredAt) {
    for (let i = 0; i < columns.index.length; i++) estimate += columns.pickedUpAt[i].length + columns.deliveredAt[i].length + 6;
  }
  const brands = ownBrands ? `,"ownBrands":${JSON.stringify(ownBrands)}` : '';
  // part, parts and the request's hash come in front of the columns
  const room = maxBytes - 150 - Buffer.byteLength(brands);
  let parts = Math.max(1, Math.ceil(estimate / (room * 0.8)));
  for (;;) {
    const chunks = split(columns, parts).filter((c) => c.index.length > 0);
    const encoded = chunks.map((c) =>
      JSON.stringify({
        index: c.index,
        waybillNo: c.waybillNo,
        brand: c.brand,
        date: c.date,
        direction: c.direction,
        countyCode: c.countyCode,
        villageCode: c.villageCode,
        pickedUpAt: c.pickedUpAt,
        deliveredAt: c.deliveredAt,
      }),
    );
    const largest = Math.max(...encoded.map((e) => Buffer.byteLength(e)));
    if (largest <= room) {
      return chunks.map((c, part) => ({
        chunk: { ...c, part, parts: chunks.length, requestHash, ...(ownBrands ? { ownBrands } : {}) },
        json: `{"part":${part},"parts":${chunks.length},"requestHash":"${requestHash}"${brands},${encoded[part].slice(1)}`,
      }));
    }
    if (parts >= columns.index.length) throw new Error('a single waybill row exceeds the message size limit');
    parts = Math.min(columns.index.length, Math.max(parts + 1, Math.ceil((parts * largest) / (room * 0.8))));
  }
}

export function tooMany(rows: unknown[]): boolean {
  return rows.length > MAX_WAYBILLS_PER_REQUEST;
}

/** One answer for the client from the gateway's refusals and every chunk's result. */
export function mergeResults(received: number, refused: RowErrorDto[], results: WaybillChunkResponse[]): IngestWaybillsResponseDto {
  const duplicates: DuplicateWaybillDto[] = results.flatMap((r) => r.duplicates).sort((a, b) => a.index - b.index);
  const rejected = [...refused, ...results.flatMap((r) => r.rejected)].sort((a, b) => a.index - b.index);
  return {
    received,
    accepted: results.reduce((a, r) => a + r.accepted, 0),
    duplicates,
    rejected,
    batchIds: results.map((r) => r.batchId),
  };
}
