import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsNumber, IsOptional, Matches, Max, Min } from 'class-validator';
import { IsBusinessDate, SCOPE_REGION_CODE } from '../validators.js';

export class DataQualityRequest {
  @ApiPropertyOptional({ description: 'Region: 14, a city or a county; defaults to the caller’s region (区划)' })
  @IsOptional()
  @Matches(SCOPE_REGION_CODE, { message: 'regionCode must be 14, a city or a county code' })
  regionCode?: string;

  @ApiProperty({ description: 'First business date (起始日期)', example: '2023-06-01' })
  @IsBusinessDate()
  from: string;

  @ApiProperty({ description: 'Last business date, inclusive; at most 366 days after from (截止日期)', example: '2023-06-30' })
  @IsBusinessDate()
  to: string;

  @ApiPropertyOptional({ description: 'Cross-match tolerance as a share, default from config (比对容差)', example: 0.05 })
  @IsOptional()
  @Type(() => Number)
  @IsNumber()
  @Min(0)
  @Max(1)
  tolerance?: number;

  @ApiPropertyOptional({ description: 'z-score beyond which a day is an outlier, default from config (异常阈值)', example: 3 })
  @IsOptional()
  @Type(() => Number)
  @IsNumber()
  @Min(0.5)
  @Max(20)
  zThreshold?: number;
}

export class IndicatorDto {
  @ApiProperty({ description: 'Share 0–1, rounded to 4 places; null when nothing was there to measure (比率)', nullable: true, type: Number })
  rate: number | null;
  @ApiProperty({ description: 'Numerator (分子)' }) numerator: number;
  @ApiProperty({ description: 'Denominator (分母)' }) denominator: number;
}

export class OutlierDto {
  @ApiProperty({ description: 'Centre (物流中心)' }) centreId: string;
  @ApiProperty({ description: 'County (县)' }) countyCode: string;
  @ApiProperty({ description: 'Date (日期)' }) date: string;
  @ApiProperty({ description: 'Items that day, all brands and directions (当日件数)' }) items: number;
  @ApiProperty({ description: 'Mean of the centre’s other days (历史均值)' }) mean: number;
  @ApiProperty({ description: 'Standard deviation of the other days (标准差)' }) sd: number;
  @ApiProperty({ description: 'z-score (标准分)' }) z: number;
}

/** Data-quality indicators (数据质量指标), after the monitoring indicator system of seed 002. */
export class DataQualityResponseDto {
  @ApiProperty({ description: 'Region (区划)' }) regionCode: string;
  @ApiProperty({ description: 'From (起始日期)' }) from: string;
  @ApiProperty({ description: 'To (截止日期)' }) to: string;
  @ApiProperty({ description: 'Share of centres that reported every day of the period (上报率)', nullable: true, type: Number }) submissionRate: number | null;
  @ApiProperty({ description: 'Share of first reports received by the deadline after the business day (及时率)', nullable: true, type: Number }) onTimeRate:
    number | null;
  @ApiProperty({ description: 'Share of received rows passing schema and code checks (有效率)', nullable: true, type: Number }) validityRate: number | null;
  @ApiProperty({ description: 'Share of current counts passing the cross-field checks (逻辑正常率)', nullable: true, type: Number }) logicRate: number | null;
  @ApiProperty({ description: 'Share of valid waybill rows that repeated a number already taken (重复率)', nullable: true, type: Number }) duplicateRate:
    number | null;
  @ApiProperty({
    description: 'Share of county-days whose centre count matches the accepted waybills within the tolerance (比对一致率)',
    nullable: true,
    type: Number,
  })
  crossMatchRate: number | null;
  @ApiProperty({ description: 'Numerators and denominators of each rate (明细)', type: 'object', additionalProperties: { $ref: getSchemaPath(IndicatorDto) } })
  indicators: Record<string, IndicatorDto>;
  @ApiProperty({ description: 'Report deadline: hours after the end of the business day (上报时限)' }) deadlineHours: number;
  @ApiProperty({ description: 'Cross-match tolerance used (比对容差)' }) tolerance: number;
  @ApiProperty({ description: 'z-score threshold used (异常阈值)' }) zThreshold: number;
  @ApiProperty({ description: 'Days whose total deviates from the centre’s own history (异常日)', type: [OutlierDto] }) outliers: OutlierDto[];
}
