import { DEFAULT_PROVINCE } from '../province.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { PageQuery } from '../common/page.js';

export const TARGET_OPS = ['>=', '<='] as const;
export type TargetOp = (typeof TARGET_OPS)[number];

/** A quantitative policy target (政策目标) with the sentence and document it comes from. */
export class PolicyTargetDto {
  @ApiProperty({ description: 'Target id (目标编号)' }) id: string;
  @ApiProperty({ description: 'Indicator key (指标键), e.g. express_volume', example: 'express_volume' }) key: string;
  @ApiProperty({ description: 'Chinese name of the indicator (指标名称)', example: '快递业务量' }) metricZh: string;
  @ApiProperty({ description: 'Region the target is set for (目标区划)', example: DEFAULT_PROVINCE }) regionCode: string;
  @ApiProperty({ description: 'Year by whose end it applies (目标年度)', example: 2025 }) year: number;
  @ApiProperty({ description: 'Comparison (比较方式): >= at least, <= at most', enum: TARGET_OPS }) op: TargetOp;
  @ApiProperty({ description: 'Target value in `unit` (目标值); money is in fen (分)' }) value: number;
  @ApiProperty({ description: 'Unit (单位): items, fen, ratio, facilities, tonnes, counties, zones, towns' }) unit: string;
  @ApiProperty({ description: 'Policy document (政策文件)' }) document: string;
  @ApiProperty({ description: 'Clause (条款)', example: '一(二)' }) clause: string;
  @ApiProperty({ description: 'The sentence the target comes from (原文)', example: '快递业务量突破12亿件' }) quote: string;
  @ApiProperty({ description: 'Created at (创建时间)' }) createdAt: string;
  @ApiProperty({ description: 'Last change (最近修改)' }) updatedAt: string;
}

export class PolicyTargetPageDto {
  @ApiProperty({ type: [PolicyTargetDto] }) items: PolicyTargetDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Cursor of the next page (翻页游标)' }) nextCursor: string | null;
}

export class ListTargetsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Indicator key (指标键)' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  key?: string;

  @ApiPropertyOptional({ description: 'Year (年度)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
}

export class CreateTargetRequest {
  @ApiProperty({ description: 'Indicator key, lower case with underscores (指标键)', example: 'township_outlet_coverage' })
  @Matches(/^[a-z][a-z0-9_]{1,63}$/, { message: 'key must be lower case letters, digits and _' })
  key: string;

  @ApiProperty({ description: 'Chinese name of the indicator (指标名称)', example: '乡镇快递网点覆盖率' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  metricZh: string;

  @ApiProperty({ description: 'Region code the target is set for (目标区划): a province, city or county code', example: DEFAULT_PROVINCE })
  @Matches(/^\d{2}(\d{2}){0,2}$/, { message: 'regionCode must be a province, city or county code' })
  regionCode: string;

  @ApiProperty({ description: 'Year (目标年度)', example: 2025 })
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  @ApiProperty({ description: 'Comparison (比较方式)', enum: TARGET_OPS })
  @IsIn(TARGET_OPS)
  op: TargetOp;

  @ApiProperty({ description: 'Target value in `unit` (目标值); money in fen (分), ratios as 0–1', example: 1 })
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  value: number;

  @ApiProperty({ description: 'Unit (单位)', example: 'ratio' })
  @Matches(/^[a-z_]{2,20}$/, { message: 'unit must be a lower-case unit name such as items, fen, ratio' })
  unit: string;

  @ApiProperty({ description: 'Policy document (政策文件)' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  document: string;

  @ApiProperty({ description: 'Clause (条款)' })
  @IsString()
  @MinLength(1)
  @MaxLength(60)
  clause: string;

  @ApiProperty({ description: 'The sentence the target comes from (原文)' })
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  quote: string;
}

export class UpdateTargetRequest {
  @ApiProperty({ description: 'New target value (目标值)' })
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  value: number;

  @ApiPropertyOptional({ description: 'New comparison (比较方式)', enum: TARGET_OPS })
  @IsOptional()
  @IsIn(TARGET_OPS)
  op?: TargetOp;

  @ApiPropertyOptional({ description: 'New source sentence (原文), when the source changed' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  quote?: string;

  @ApiProperty({ description: 'Why the target changes, kept in the audit trail (修改原因)' })
  @IsString()
  @MinLength(2)
  @MaxLength(500)
  reason: string;
}

export class UpdateTargetMessage extends UpdateTargetRequest {
  @ApiProperty({ description: 'Target id' })
  @Matches(/^[0-9a-f-]{36}$/, { message: 'id must be a uuid' })
  id: string;
}
