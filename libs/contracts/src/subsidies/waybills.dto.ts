import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsInt, IsString, Matches, Min } from 'class-validator';
import { type Direction, DIRECTIONS, RowErrorDto } from './common.js';

/** Rows one POST /waybills may carry (413 past it). */
export const MAX_WAYBILLS_PER_REQUEST = 50_000;
/** Rows one chunk message may carry; the gateway also keeps every chunk under NATS's max payload. */
export const MAX_WAYBILLS_PER_CHUNK = MAX_WAYBILLS_PER_REQUEST;
export const WAYBILL_FIELDS = ['waybillNo', 'brand', 'date', 'direction', 'countyCode', 'villageCode'] as const;

/** One waybill record (运单记录). Documentation of the JSON array / NDJSON rows of POST /waybills. */
export class WaybillRowDto {
  @ApiProperty({ description: 'Waybill number, 8–30 letters and digits, upper-cased on receipt (运单号)', example: 'ZT7301234567890' })
  waybillNo: string;
  @ApiProperty({ description: 'Courier brand code (快递品牌)', example: 'ZTO' }) brand: string;
  @ApiProperty({ description: 'Business date YYYY-MM-DD (业务日期)', example: '2023-06-01' }) date: string;
  @ApiProperty({ description: 'Direction (方向): upstream 上行 / downstream 下行', enum: DIRECTIONS }) direction: Direction;
  @ApiProperty({ description: 'County code, 6 digits (县级行政区划代码)', example: '140821' }) countyCode: string;
  @ApiPropertyOptional({ description: 'Village code, 12 digits, inside the county (行政村代码)', example: '140821100201' })
  villageCode?: string;
}

/**
 * A chunk of a waybill request as it travels over NATS: column arrays of equal length
 * (compact: no per-row field names), rows partitioned by a hash of the waybill number so
 * that every copy of a number in one request lands in the same chunk.
 */
export class WaybillChunkRequest {
  @IsInt()
  @Min(0)
  part: number;

  @IsInt()
  @Min(1)
  parts: number;

  /** sha256 of the whole request's chunks: one Idempotency-Key stands for one request, whatever its split */
  @IsString()
  @Matches(/^[0-9a-f]{64}$/)
  requestHash: string;

  /** each row's index in the client's request */
  @IsArray()
  @ArrayMaxSize(MAX_WAYBILLS_PER_CHUNK)
  @IsInt({ each: true })
  index: number[];

  @IsArray()
  @ArrayMaxSize(MAX_WAYBILLS_PER_CHUNK)
  @IsString({ each: true })
  waybillNo: string[];

  @IsArray()
  @ArrayMaxSize(MAX_WAYBILLS_PER_CHUNK)
  @IsString({ each: true })
  brand: string[];

  @IsArray()
  @ArrayMaxSize(MAX_WAYBILLS_PER_CHUNK)
  @IsString({ each: true })
  date: string[];

  @IsArray()
  @ArrayMaxSize(MAX_WAYBILLS_PER_CHUNK)
  @IsString({ each: true })
  direction: string[];

  @IsArray()
  @ArrayMaxSize(MAX_WAYBILLS_PER_CHUNK)
  @IsString({ each: true })
  countyCode: string[];

  /** '' where the row has no village */
  @IsArray()
  @ArrayMaxSize(MAX_WAYBILLS_PER_CHUNK)
  @IsString({ each: true })
  villageCode: string[];
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
