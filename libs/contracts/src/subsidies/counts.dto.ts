import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { PageQuery } from '../common/page.js';
import { IsBusinessDate } from '../validators.js';
import { BRAND_CODE, COUNTY_CODE, type Direction, DIRECTIONS, RowErrorDto } from './common.js';

export const MAX_COUNT_ROWS = 5000;
export const COUNT_SOURCES = ['json', 'csv', 'xlsx'] as const;
export type CountSource = (typeof COUNT_SOURCES)[number];

/**
 * One day's parcel count of a centre for a brand and direction (日寄递量). Rows are checked
 * with stopAtFirstError: the type check, written last, runs first.
 */
export class ParcelCountRowDto {
  @ApiProperty({ description: 'Business date, YYYY-MM-DD, Asia/Shanghai (业务日期)', example: '2023-06-01' })
  @IsBusinessDate()
  date: string;

  @ApiProperty({ description: 'Courier brand code from GET /brands (快递品牌)', example: 'ZTO' })
  @IsString()
  @Matches(BRAND_CODE, { message: 'brand must be a brand code such as SF or EMS' })
  brand: string;

  @ApiProperty({ description: 'Direction (方向): upstream 上行 (农产品进城) or downstream 下行 (工业品下乡)', enum: DIRECTIONS })
  @IsIn(DIRECTIONS)
  direction: Direction;

  @ApiProperty({ description: 'Items (件数), a whole number ≥ 0', example: 1200 })
  @Type(() => Number)
  @Min(0)
  @Max(10_000_000)
  @IsInt()
  items: number;

  @ApiPropertyOptional({ description: 'Total weight in kg (总重量，千克)', example: 2400.5 })
  @IsOptional()
  @Type(() => Number)
  @Min(0)
  @Max(1_000_000_000)
  @IsNumber({ maxDecimalPlaces: 3, allowNaN: false, allowInfinity: false })
  weightKg?: number;

  @ApiPropertyOptional({
    description: 'Why the figure changes (更正原因); required when the row corrects a figure already reported for that date, brand and direction',
  })
  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(500)
  reason?: string;
}

/** JSON body of POST /parcel-counts (CSV and XLSX carry the same columns, one row per report). */
export class ParcelCountsBodyDto {
  @ApiProperty({ description: `Reports (日报), at most ${MAX_COUNT_ROWS}; each row is checked on its own`, type: [ParcelCountRowDto] })
  @IsArray()
  @ArrayMaxSize(MAX_COUNT_ROWS)
  @IsObject({ each: true, message: 'each report must be an object' })
  reports: Record<string, unknown>[];
}

export class ParcelCountsQueryDto {
  @ApiPropertyOptional({ description: 'County whose centre reports (县级行政区划代码); a county centre defaults to its own, admin must give it' })
  @IsOptional()
  @Matches(COUNTY_CODE, { message: 'countyCode must be a 6-digit county code of the province' })
  countyCode?: string;
}

/** The message the subsidies service ingests counts from (any source, rows as received). */
export class IngestCountsRequest extends ParcelCountsQueryDto {
  @IsIn(COUNT_SOURCES)
  source: CountSource;

  @IsArray()
  @ArrayMaxSize(MAX_COUNT_ROWS)
  @IsObject({ each: true, message: 'each report must be an object' })
  reports: Record<string, unknown>[];
}

export class IngestCountsResponseDto {
  @ApiProperty({ description: 'Upload id (上报批次)' }) uploadId: string;
  @ApiProperty({ description: 'Rows stored: new reports plus corrections (接收条数)' }) accepted: number;
  @ApiProperty({ description: 'Of those, corrections stored as a new version (更正条数)' }) corrected: number;
  @ApiProperty({ description: 'Rows identical to the current version, not stored again (未变化)' }) unchanged: number;
  @ApiProperty({ description: 'Refused rows with their index and errors (拒收明细)', type: [RowErrorDto] }) rejected: RowErrorDto[];
}

export class ListParcelCountsRequest extends PageQuery {
  @ApiPropertyOptional({ description: 'County (县级行政区划代码)' })
  @IsOptional()
  @Matches(COUNTY_CODE, { message: 'countyCode must be a 6-digit county code of the province' })
  countyCode?: string;

  @ApiPropertyOptional({ description: 'From date inclusive (起始日期)' })
  @IsOptional()
  @IsBusinessDate()
  from?: string;

  @ApiPropertyOptional({ description: 'To date inclusive (截止日期)' })
  @IsOptional()
  @IsBusinessDate()
  to?: string;

  @ApiPropertyOptional({ description: 'Include superseded versions (含历史版本)', type: Boolean })
  @IsOptional()
  @Transform(({ value }) => value === true || value === 'true')
  @IsBoolean()
  history?: boolean;
}

export class ParcelCountDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'Centre (物流中心)' }) centreId: string;
  @ApiProperty({ description: 'County (县)' }) countyCode: string;
  @ApiProperty({ description: 'Business date (业务日期)' }) date: string;
  @ApiProperty({ description: 'Brand (品牌)' }) brand: string;
  @ApiProperty({ description: 'Direction (方向)', enum: DIRECTIONS }) direction: Direction;
  @ApiProperty({ description: 'Items (件数)' }) items: number;
  @ApiProperty({ description: 'Weight kg (重量)', nullable: true, type: Number }) weightKg: number | null;
  @ApiProperty({ description: 'Version, 1 for the first report (版本)' }) version: number;
  @ApiProperty({ description: 'Reason of the correction (更正原因)', nullable: true, type: String }) reason: string | null;
  @ApiProperty({ description: 'Who reported (上报人)' }) reportedBy: string;
  @ApiProperty({ description: 'When received (接收时间)' }) reportedAt: string;
  @ApiProperty({ description: 'When a later version replaced it (被更正时间)', nullable: true, type: String }) supersededAt: string | null;
  @ApiProperty({ description: 'Passes the logic checks (逻辑校验通过)' }) logicOk: boolean;
  @ApiProperty({ description: 'Logic checks failed (逻辑校验问题)', type: [String] }) logicErrors: string[];
}

export class ParcelCountPageDto {
  @ApiProperty({ type: [ParcelCountDto] }) items: ParcelCountDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
