import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { SCOPE_REGION_CODE } from '../validators.js';

/**
 * Monthly ranked bulletins (月度通报) of cities or counties: each region's indicators of the
 * month from the supervision read models, the change against the previous month, a score
 * from the weights table (this platform's own scheme) and the rank. Built as a draft, then
 * published by province staff; published bulletins are public.
 */
export const BULLETIN_LEVELS = ['city', 'county'] as const;
export type BulletinLevel = (typeof BULLETIN_LEVELS)[number];
export const BULLETIN_STATUSES = ['draft', 'published'] as const;
export type BulletinStatus = (typeof BULLETIN_STATUSES)[number];
export const BULLETIN_FORMATS = ['json', 'pdf', 'xlsx'] as const;
export type BulletinFormat = (typeof BULLETIN_FORMATS)[number];

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export class CreateBulletinRequest {
  @ApiProperty({ description: 'Month of the bulletin (通报月份), YYYY-MM', example: '2024-05' })
  @Matches(MONTH, { message: 'period must be YYYY-MM' })
  period: string;

  @ApiProperty({ description: 'Regions ranked (排名层级): the cities or the counties', enum: BULLETIN_LEVELS })
  @IsIn(BULLETIN_LEVELS)
  level: BulletinLevel;

  @ApiPropertyOptional({ description: 'Only the regions within this one (区划范围); default the caller’s region scope', example: '14' })
  @IsOptional()
  @Matches(SCOPE_REGION_CODE, { message: 'regionCode must be the province, a city or a county of it' })
  regionCode?: string;
}

export class ListBulletinsQuery {
  @ApiPropertyOptional({ description: 'Month (通报月份), YYYY-MM' })
  @IsOptional()
  @Matches(MONTH, { message: 'period must be YYYY-MM' })
  period?: string;

  @ApiPropertyOptional({ description: 'Status (状态)', enum: BULLETIN_STATUSES })
  @IsOptional()
  @IsIn(BULLETIN_STATUSES)
  status?: BulletinStatus;

  @ApiPropertyOptional({ description: 'At most this many, newest first', default: 50, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class PublicBulletinsQuery {
  @ApiPropertyOptional({ description: 'At most this many, newest month first', default: 20, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class BulletinFormatQuery {
  @ApiPropertyOptional({ description: 'json (default), pdf (the bulletin in Chinese) or xlsx', enum: BULLETIN_FORMATS })
  @IsOptional()
  @IsIn(BULLETIN_FORMATS)
  format?: BulletinFormat;
}

export class BulletinIdMessage extends BulletinFormatQuery {
  @ApiProperty({ description: 'Bulletin id' })
  @IsUUID()
  id: string;
}

export class PublishBulletinMessage {
  @ApiProperty({ description: 'Bulletin id' })
  @IsUUID()
  id: string;
}

export class UpdateBulletinWeightRequest {
  @ApiProperty({ description: 'Weight of the indicator in the score (权重), 0–100', minimum: 0, maximum: 100 })
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  @Max(100)
  weight: number;

  @ApiProperty({ description: 'Why it changes (调整原因), for the audit trail' })
  @IsString()
  @MinLength(2)
  @MaxLength(500)
  reason: string;
}

export class UpdateBulletinWeightMessage extends UpdateBulletinWeightRequest {
  @ApiProperty({ description: 'Indicator key' })
  @IsString()
  @MaxLength(64)
  key: string;
}

export class BulletinWeightDto {
  @ApiProperty({ description: 'Indicator key (指标)' }) key: string;
  @ApiProperty({ description: 'Name in Chinese (指标名称)' }) nameZh: string;
  @ApiProperty({ description: 'Unit: items, ratio or count' }) unit: string;
  @ApiProperty({ description: 'Which way is better (方向): higher or lower', enum: ['higher', 'lower'] }) direction: 'higher' | 'lower';
  @ApiProperty({ description: 'Weight in the score (权重)' }) weight: number;
  @ApiProperty({ description: 'Where the value comes from (数据来源)' }) source: string;
}

export class BulletinWeightListDto {
  @ApiProperty({ type: [BulletinWeightDto] }) items: BulletinWeightDto[];
  @ApiProperty({ description: 'Whose scheme this is (评分方案说明)' }) note: string;
}

export class BulletinValueDto {
  @ApiProperty({ description: 'Indicator key' }) key: string;
  @ApiProperty({ description: 'Value in the month (本月)', nullable: true, type: Number }) value: number | null;
  @ApiProperty({ description: 'Value in the previous month (上月)', nullable: true, type: Number }) previous: number | null;
  @ApiProperty({ description: 'value − previous (较上月)', nullable: true, type: Number }) change: number | null;
  @ApiProperty({ description: 'Points 0–100 among the regions of the bulletin (得分); no value scores 0' }) points: number;
}

export class BulletinRowDto {
  @ApiProperty({ description: 'Rank (排名), 1 = best; equal scores keep region-code order' }) rank: number;
  @ApiProperty({ description: 'Region code' }) regionCode: string;
  @ApiProperty({ description: 'Region name (区划)' }) regionName: string;
  @ApiProperty({ description: 'Weighted score 0–100 (综合得分)' }) score: number;
  @ApiProperty({ description: 'Score of the previous month by the same weights (上月得分)' }) previousScore: number;
  @ApiProperty({ description: 'Rank of the previous month by the same weights (上月排名)' }) previousRank: number;
  @ApiProperty({ type: [BulletinValueDto] }) values: BulletinValueDto[];
}

export class BulletinDto {
  @ApiProperty({ description: 'Bulletin id' }) id: string;
  @ApiProperty({ description: 'Title (标题)', example: '2024年5月山西省快递业务监管通报（市级）' }) title: string;
  @ApiProperty({ description: 'Month (通报月份)' }) period: string;
  @ApiProperty({ description: 'Previous month compared against (对比月份)' }) previousPeriod: string;
  @ApiProperty({ description: 'Level ranked', enum: BULLETIN_LEVELS }) level: BulletinLevel;
  @ApiProperty({ description: 'Region the bulletin covers' }) regionCode: string;
  @ApiProperty({ description: 'Its name' }) regionName: string;
  @ApiProperty({ description: 'Status (状态)', enum: BULLETIN_STATUSES }) status: BulletinStatus;
  @ApiProperty({ description: 'Indicators and the weights the score used (评分权重)', type: [BulletinWeightDto] }) indicators: BulletinWeightDto[];
  @ApiProperty({ description: 'Whose scheme the weights are (评分方案说明)' }) note: string;
  @ApiProperty({ description: 'Regions by rank (排名)', type: [BulletinRowDto] }) rows: BulletinRowDto[];
  @ApiProperty({ description: 'Built at (生成时间)' }) createdAt: string;
  @ApiProperty({ description: 'Built by (user id)' }) createdBy: string;
  @ApiProperty({ description: 'Published at (发布时间)', nullable: true, type: String }) publishedAt: string | null;
  @ApiProperty({ description: 'Published by (user id)', nullable: true, type: String }) publishedBy: string | null;
}

export class BulletinSummaryDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty() period: string;
  @ApiProperty({ enum: BULLETIN_LEVELS }) level: BulletinLevel;
  @ApiProperty() regionCode: string;
  @ApiProperty() regionName: string;
  @ApiProperty({ enum: BULLETIN_STATUSES }) status: BulletinStatus;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) publishedAt: string | null;
}

export class BulletinPageDto {
  @ApiProperty({ type: [BulletinSummaryDto] }) items: BulletinSummaryDto[];
}

export class PublicBulletinRankDto {
  @ApiProperty() rank: number;
  @ApiProperty() regionCode: string;
  @ApiProperty() regionName: string;
  @ApiProperty() score: number;
}

export class PublicBulletinDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty() period: string;
  @ApiProperty({ enum: BULLETIN_LEVELS }) level: BulletinLevel;
  @ApiProperty() regionCode: string;
  @ApiProperty() regionName: string;
  @ApiProperty() publishedAt: string;
  @ApiProperty({ description: 'The ranking (排名)', type: [PublicBulletinRankDto] }) ranking: PublicBulletinRankDto[];
  @ApiProperty({ description: 'Path of its PDF, open to anyone (通报全文)', example: '/api/v1/bulletins/public/…?format=pdf' }) pdf: string;
}

export class PublicBulletinPageDto {
  @ApiProperty({ type: [PublicBulletinDto] }) items: PublicBulletinDto[];
}
