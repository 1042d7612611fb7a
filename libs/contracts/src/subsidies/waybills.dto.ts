import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { FieldError } from '../problem.js';
import { type Direction, DIRECTIONS, RowErrorDto } from './common.js';

/** Rows one POST /waybills may carry (413 past it). */
export const MAX_WAYBILLS_PER_REQUEST = 50_000;
/** Rows one chunk message may carry; the gateway also keeps every chunk under NATS's max payload. */
const MAX_WAYBILLS_PER_CHUNK = MAX_WAYBILLS_PER_REQUEST;
export const WAYBILL_FIELDS = ['waybillNo', 'brand', 'date', 'direction', 'countyCode', 'villageCode'] as const;
/** Optional times of a waybill (揽收/投递时间), for the delivery time limits; a chunk carries their columns only when a row has one. */
export const WAYBILL_TIME_FIELDS = ['pickedUpAt', 'deliveredAt'] as const;

/** One waybill record (运单记录). Documentation of the JSON array / NDJSON rows of POST /waybills. */
export class WaybillRowDto {
  @ApiProperty({
    description: 'Waybill number, 8–30 letters and digits, upper-cased on receipt (运单号)',
    example: 'ZT7301234567890',
    minLength: 8,
    maxLength: 30,
  })
  waybillNo: string;
  @ApiProperty({ description: 'Courier brand code (快递品牌)', example: 'ZTO', maxLength: 20 }) brand: string;
  @ApiProperty({ description: 'Business date YYYY-MM-DD (业务日期)', example: '2023-06-01', format: 'date', maxLength: 10 }) date: string;
  @ApiProperty({ description: 'Direction (方向): upstream 上行 / downstream 下行', enum: DIRECTIONS }) direction: Direction;
  @ApiProperty({ description: 'County code, 6 digits (县级行政区划代码)', example: '140821', pattern: '^\\d{6}$', maxLength: 6 }) countyCode: string;
  @ApiPropertyOptional({ description: 'Village code, 12 digits, inside the county (行政村代码)', example: '140821100201', pattern: '^\\d{12}$', maxLength: 12 })
  villageCode?: string;
  @ApiPropertyOptional({
    description:
      'Pick-up time (揽收时间), RFC 3339 with an offset, e.g. 2023-06-01T09:00:00+08:00; not after receipt. With deliveredAt it counts in the delivery time limits (半日达/次日达)',
    example: '2023-06-01T09:00:00+08:00',
    format: 'date-time',
    maxLength: 64,
  })
  pickedUpAt?: string;
  @ApiPropertyOptional({
    description: 'Delivery time (投递时间), RFC 3339 with an offset; needs pickedUpAt and is not before it, nor after receipt',
    example: '2023-06-01T20:00:00+08:00',
    format: 'date-time',
    maxLength: 64,
  })
  deliveredAt?: string;
}

/**
 * A chunk of a waybill request as it travels over NATS: column arrays of equal length
 * (compact: no per-row field names), rows partitioned by a hash of the waybill number so
 * that every copy of a number in one request lands in the same chunk. It is checked by
 * `waybillChunkProblems` (a plain loop: class-transformer and class-validator would visit
 * every element of every column, the hot path's largest cost after PostgreSQL).
 */
export interface WaybillChunkRequest {
  part: number;
  parts: number;
  /** sha256 of the whole request's chunks: one Idempotency-Key stands for one request, whatever its split */
  requestHash: string;
  /** each row's index in the client's request */
  index: number[];
  waybillNo: string[];
  brand: string[];
  date: string[];
  direction: string[];
  countyCode: string[];
  /** '' where the row has no village */
  villageCode: string[];
  /** '' where the row has none; both columns absent when no row of the request has a time */
  pickedUpAt?: string[];
  deliveredAt?: string[];
  /**
   * For a courier: the brands of the enterprise its organisation is (by credit code), as the
   * gateway found them in the registry; rows of other brands are refused (BRAND_NOT_OWN).
   * Absent for other roles.
   */
  ownBrands?: string[];
}

const CHUNK_COLUMNS = ['waybillNo', 'brand', 'date', 'direction', 'countyCode', 'villageCode'] as const;

/** What is wrong with a chunk message's shape (empty when nothing). */
export function waybillChunkProblems(value: unknown): FieldError[] {
  if (typeof value !== 'object' || value === null) return [{ field: '', message: 'a chunk must be an object' }];
  const c = value as Record<string, unknown>;
  const problems: FieldError[] = [];
  if (!Number.isInteger(c.parts) || (c.parts as number) < 1) problems.push({ field: 'parts', message: 'must be an integer ≥ 1' });
  if (!Number.isInteger(c.part) || (c.part as number) < 0 || (c.part as number) >= (c.parts as number))
    problems.push({ field: 'part', message: 'must be an integer in [0, parts)' });
  if (typeof c.requestHash !== 'string' || !/^[0-9a-f]{64}$/.test(c.requestHash)) problems.push({ field: 'requestHash', message: 'must be a sha256 in hex' });
  const index = c.index;
  if (!Array.isArray(index) || index.length > MAX_WAYBILLS_PER_CHUNK || !index.every((i) => Number.isInteger(i))) {
    return [...problems, { field: 'index', message: `must be an array of at most ${MAX_WAYBILLS_PER_CHUNK} integers` }];
  }
  for (const column of CHUNK_COLUMNS) {
    const values = c[column];
    if (!Array.isArray(values) || values.length !== index.length || !values.every((v) => typeof v === 'string')) {
      problems.push({ field: column, message: 'must be an array of strings as long as index' });
    }
  }
  for (const column of WAYBILL_TIME_FIELDS) {
    const values = c[column];
    if (values !== undefined && !(Array.isArray(values) && values.length === index.length && values.every((v) => typeof v === 'string'))) {
      problems.push({ field: column, message: 'must be an array of strings as long as index' });
    }
  }
  if (c.ownBrands !== undefined && !(Array.isArray(c.ownBrands) && c.ownBrands.every((b) => typeof b === 'string'))) {
    problems.push({ field: 'ownBrands', message: 'must be an array of brand codes' });
  }
  const known = new Set<string>(['part', 'parts', 'requestHash', 'index', 'ownBrands', ...CHUNK_COLUMNS, ...WAYBILL_TIME_FIELDS]);
  for (const key of Object.keys(c)) if (!known.has(key)) problems.push({ field: key, message: `property ${key} should not exist` });
  return problems;
}

export const DUPLICATE_KINDS = ['request', 'province'] as const;
export type DuplicateKind = (typeof DUPLICATE_KINDS)[number];

/** A waybill number not accepted because it was accepted before (重复运单). */
export class DuplicateWaybillDto {
  @ApiProperty({ description: 'Position of the row in the request, 0-based (行号)' }) index: number;
  @ApiProperty({ description: 'Waybill number as stored, upper case (运单号)' }) waybillNo: string;
  @ApiProperty({
    description: 'request: an earlier row of the same request has it (本批重复); province: accepted before anywhere in the province (全省已受理)',
    enum: DUPLICATE_KINDS,
  })
  kind: DuplicateKind;
  @ApiPropertyOptional({ description: 'For kind request: index of the row that was taken (首次出现行号)' })
  firstIndex?: number;
}

export class WaybillChunkResponse {
  batchId: string;
  accepted: number;
  duplicates: DuplicateWaybillDto[];
  rejected: RowErrorDto[];
  /** true when the chunk had been applied before under the same Idempotency-Key and this is its stored result */
  replayed: boolean;
}

export class IngestWaybillsResponseDto {
  @ApiProperty({ description: 'Rows received (收到条数)' }) received: number;
  @ApiProperty({ description: 'Waybills accepted and stored (受理条数)' }) accepted: number;
  @ApiProperty({ description: 'Rows not stored because the number was taken (重复运单)', type: [DuplicateWaybillDto] })
  duplicates: DuplicateWaybillDto[];
  @ApiProperty({ description: 'Rows refused by the checks (拒收明细)', type: [RowErrorDto] }) rejected: RowErrorDto[];
  @ApiProperty({ description: 'Batches the request was stored as, one per chunk (入库批次)', type: [String] }) batchIds: string[];
}
