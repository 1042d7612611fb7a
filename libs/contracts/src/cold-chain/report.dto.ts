import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { ZONE_KINDS, type ZoneKind } from './vocabulary.js';

export const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Temperature excursions of one zone in a month (温度异常). */
export class ExcursionDto {
  @ApiProperty({ description: 'Zone the excursions happened in; the facility must have it (温区)', enum: ZONE_KINDS })
  @IsIn(ZONE_KINDS)
  zone: ZoneKind;

  @ApiProperty({ description: 'Number of excursions out of the zone’s range (超温次数)', example: 2 })
  @IsInt()
  @Min(0)
  @Max(100_000)
  count: number;

  @ApiProperty({ description: 'Longest excursion in minutes; 0 exactly when count is 0 (最长超温时长, 分钟)', example: 35 })
  @IsInt()
  @Min(0)
  @Max(44_640) // a month of 31 days
  longestMinutes: number;
}

/** A monthly operating report of a facility (月度运营报告). */
export class FileReportRequest {
  @ApiProperty({ description: 'Month reported, YYYY-MM; the month must have ended (报告月份)', example: '2024-05' })
  @IsString()
  @Matches(MONTH, { message: 'month must be YYYY-MM' })
  month: string;

  @ApiProperty({ description: 'Throughput in tonnes over the month (吞吐量, 吨)', example: 1250.5 })
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100_000_000)
  throughputTonnes: number;

  @ApiProperty({ description: 'Average utilisation of the capacity, percent, at most 100 (平均库容利用率, %)', example: 76.5 })
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0)
  avgUtilisationPct: number;

  @ApiProperty({ description: 'Temperature excursions per zone; empty when there were none (温度异常)', type: [ExcursionDto] })
  @IsArray()
  @ArrayMaxSize(ZONE_KINDS.length)
  @ValidateNested({ each: true })
  @Type(() => ExcursionDto)
  excursions: ExcursionDto[];

  @ApiPropertyOptional({ description: 'Required to correct a month already reported: why (更正原因); the earlier version is kept' })
  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(500)
  correctionReason?: string;
}

export class FacilityReportsRequest {
  @ApiProperty({ description: 'Facility id', format: 'uuid' })
  @IsUUID()
  facilityId: string;
}

export class FileReportMessage extends IntersectionType(FacilityReportsRequest, FileReportRequest) {}

export class ListReportsQuery {
  @ApiPropertyOptional({ description: 'First month, YYYY-MM (起始月份)' })
  @IsOptional()
  @Matches(MONTH, { message: 'from must be YYYY-MM' })
  from?: string;

  @ApiPropertyOptional({ description: 'Last month, YYYY-MM (截止月份)' })
  @IsOptional()
  @Matches(MONTH, { message: 'to must be YYYY-MM' })
  to?: string;

  @ApiPropertyOptional({ description: 'Include superseded versions (含被更正的版本)', default: false })
  @IsOptional()
  @Type(() => String)
  @IsIn(['true', 'false'])
  allVersions?: 'true' | 'false';
}

export class ListReportsMessage extends IntersectionType(FacilityReportsRequest, ListReportsQuery) {}

export class ExcursionResponseDto {
  @ApiProperty({ description: 'Zone (温区)', enum: ZONE_KINDS }) zone: ZoneKind;
  @ApiProperty({ description: 'Number of excursions (超温次数)' }) count: number;
  @ApiProperty({ description: 'Longest excursion, minutes (最长超温时长)' }) longestMinutes: number;
}

export class OperatingReportDto {
  @ApiProperty({ description: 'Report id', format: 'uuid' }) id: string;
  @ApiProperty({ description: 'Facility id', format: 'uuid' }) facilityId: string;
  @ApiProperty({ description: 'Month, YYYY-MM (报告月份)' }) month: string;
  @ApiProperty({ description: 'Version: 1 for the first filing, +1 per correction (版本)' }) version: number;
  @ApiProperty({ description: 'True when a later correction replaced it (已被更正)' }) superseded: boolean;
  @ApiProperty({ description: 'Throughput, tonnes (吞吐量)' }) throughputTonnes: number;
  @ApiProperty({ description: 'Average utilisation, % (平均库容利用率)' }) avgUtilisationPct: number;
  @ApiProperty({ description: 'Excursions per zone (温度异常)', type: [ExcursionResponseDto] }) excursions: ExcursionResponseDto[];
  @ApiProperty({ description: 'Excursions in all zones (超温总次数)' }) excursionCount: number;
  @ApiProperty({ description: 'Longest excursion in any zone, minutes (最长超温时长)' }) longestExcursionMinutes: number;
  @ApiProperty({ description: 'Why this version corrects the previous one (更正原因)', nullable: true, type: String }) correctionReason: string | null;
  @ApiProperty({ description: 'Filed by (填报人)' }) filedBy: string;
  @ApiProperty({ description: 'Filed at (填报时间)' }) filedAt: string;
}

export class OperatingReportListDto {
  @ApiProperty({ type: [OperatingReportDto] }) items: OperatingReportDto[];
}
