import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { DEFAULT_PROVINCE } from '../province.js';
import { SCOPE_REGION_CODE } from '../validators.js';
import { OVERVIEW_SOURCE_KINDS, type OverviewSourceKind, TargetRefDto } from './indicators.dto.js';

const REGION_MESSAGE = 'regionCode must be the province, a city (4 digits) or a county (6 digits) of it';
const FORMAT_MESSAGE = 'format must be json, xlsx or pdf';

export const QUARTER = /^(20\d{2})-Q([1-4])$/;

/** The indicators of libs/quality, as the evaluation reports them (keys of QUALITY_INDICATORS). */
export const EVALUATION_INDICATOR_KEYS = ['uploadRate', 'accessNormalRate', 'logicNormalRate', 'duplicateRate', 'crossMatchRate', 'onTimeRate'] as const;
export type EvaluationIndicatorKey = (typeof EVALUATION_INDICATOR_KEYS)[number];

export const EVALUATION_UNIT_KINDS = ['region', 'county_centre', 'courier_company'] as const;
export type EvaluationUnitKind = (typeof EVALUATION_UNIT_KINDS)[number];

export class CreateQualityEvaluationRequest {
  @ApiProperty({ description: 'Quarter (季度), YYYY-Qn', example: '2024-Q1' })
  @Matches(QUARTER, { message: 'quarter must be YYYY-Q1 … YYYY-Q4' })
  quarter: string;

  @ApiPropertyOptional({ description: 'Region evaluated (区划代码); default the caller’s own region', example: DEFAULT_PROVINCE })
  @IsOptional()
  @Matches(SCOPE_REGION_CODE, { message: REGION_MESSAGE })
  regionCode?: string;
}

export class QualityEvaluationIdRequest {
  @IsUUID()
  id: string;
}

export class QualityEvaluationFormatQuery {
  @ApiPropertyOptional({ description: '`json` (default) or `xlsx` (Chinese headers)', enum: ['json', 'xlsx'] })
  @IsOptional()
  @IsIn(['json', 'xlsx'], { message: FORMAT_MESSAGE })
  format?: 'json' | 'xlsx';
}

export class EvaluationRateDto {
  @ApiProperty({ description: 'numerator ÷ denominator, 4 places; null when there was nothing to measure (比率)', nullable: true, type: Number })
  rate: number | null;
  @ApiProperty({ description: 'Numerator (分子)' }) numerator: number;
  @ApiProperty({ description: 'Denominator (分母)' }) denominator: number;
}

export class EvaluationIndicatorsDto {
  @ApiProperty({ type: EvaluationRateDto, nullable: true, description: '数据上传率 (seed 002 附件 一、1)' }) uploadRate: EvaluationRateDto | null;
  @ApiProperty({ type: EvaluationRateDto, nullable: true, description: '数据接入正常率 (一、3(1))' }) accessNormalRate: EvaluationRateDto | null;
  @ApiProperty({
    type: EvaluationRateDto,
    nullable: true,
    description: '数据逻辑正常率 (一、5): kept by the subsidies service per count row, not told to supervision; null here',
  })
  logicNormalRate: EvaluationRateDto | null;
  @ApiProperty({ type: EvaluationRateDto, nullable: true, description: '运单重复出现率 (二、12): counted per province; null for other units' })
  duplicateRate: EvaluationRateDto | null;
  @ApiProperty({ type: EvaluationRateDto, nullable: true, description: '数据双向匹配率 (一、4)' }) crossMatchRate: EvaluationRateDto | null;
  @ApiProperty({ type: EvaluationRateDto, nullable: true, description: '按时报送率 (this platform’s own indicator)' }) onTimeRate: EvaluationRateDto | null;
}

export class EvaluationUnitDto {
  @ApiProperty({ description: 'Kind (类别)', enum: EVALUATION_UNIT_KINDS }) kind: EvaluationUnitKind;
  @ApiProperty({ description: 'Region code, centre id or enterprise id (编号)' }) id: string;
  @ApiProperty({ description: 'Name (名称)' }) name: string;
  @ApiProperty({ description: 'Region of the unit (区划代码)' }) regionCode: string;
  @ApiProperty({ type: EvaluationIndicatorsDto }) indicators: EvaluationIndicatorsDto;
  @ApiProperty({ description: 'Score: mean of the unit’s measured indicators, each oriented so 1 is best (综合得分)', nullable: true, type: Number })
  score: number | null;
  @ApiProperty({ description: 'Rank among units of its kind, 1 the best; equal scores share a rank (排名)', nullable: true, type: Number })
  rank: number | null;
  @ApiProperty({ description: 'Score below the action threshold: on the action list (低于阈值)' }) belowThreshold: boolean;
}

export class QualityEvaluationDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'Quarter (季度)', example: '2024-Q1' }) quarter: string;
  @ApiProperty({ description: 'Region evaluated (区划代码)' }) regionCode: string;
  @ApiProperty({ description: 'Region name (区划名称)' }) regionName: string;
  @ApiProperty({ description: 'First day measured (起始日期)' }) from: string;
  @ApiProperty({ description: 'Last day measured: the quarter’s end, or yesterday in a quarter not yet over (截止日期)' }) to: string;
  @ApiProperty({ description: 'draft or published (状态)', enum: ['draft', 'published'] }) status: 'draft' | 'published';
  @ApiProperty({ description: 'Action threshold the units were judged against (整改阈值)' }) threshold: number;
  @ApiProperty({ type: [EvaluationUnitDto], description: 'The region and its child regions, ranked (区域排名)' }) regions: EvaluationUnitDto[];
  @ApiProperty({ type: [EvaluationUnitDto], description: 'Every obliged party, county centres and courier companies, each kind ranked (报送主体排名)' })
  units: EvaluationUnitDto[];
  @ApiProperty({ type: [EvaluationUnitDto], description: 'Units below the threshold (待整改名单)' }) actionList: EvaluationUnitDto[];
  @ApiProperty({ description: 'Created at (生成时间)' }) createdAt: string;
  @ApiProperty({ nullable: true, type: String, description: 'Published at (发布时间)' }) publishedAt: string | null;
}

export class PublicEvaluationRegionDto {
  @ApiProperty() regionCode: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: Number }) score: number | null;
  @ApiProperty({ nullable: true, type: Number }) rank: number | null;
}

/** A published evaluation as the public sees it: the ranked regions, without who made or published it. */
export class PublicQualityEvaluationDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: '2024-Q1' }) quarter: string;
  @ApiProperty() regionCode: string;
  @ApiProperty() regionName: string;
  @ApiProperty() publishedAt: string;
  @ApiProperty({ type: [PublicEvaluationRegionDto] }) regions: PublicEvaluationRegionDto[];
  @ApiProperty({ description: 'Obliged parties evaluated (报送主体数)' }) units: number;
  @ApiProperty({ description: 'Of those, below the threshold (低于阈值主体数)' }) belowThreshold: number;
}

export class PublicQualityEvaluationPageDto {
  @ApiProperty({ type: [PublicQualityEvaluationDto] }) items: PublicQualityEvaluationDto[];
}

export class PublicEvaluationsQuery {
  @ApiPropertyOptional({ description: 'At most this many, newest first (default 20)', minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class QualitySettingsDto {
  @ApiProperty({ description: 'A unit whose score is below this is on the action list (整改阈值), 0–1', example: 0.8 }) actionThreshold: number;
  @ApiProperty({ description: 'Last change (最近修改)' }) updatedAt: string;
}

export class UpdateQualitySettingsRequest {
  @ApiProperty({ description: 'Action threshold (整改阈值), 0–1', example: 0.8 })
  @IsNumber({ maxDecimalPlaces: 4 })
  @Min(0)
  @Max(1)
  actionThreshold: number;

  @ApiProperty({ description: 'Why it changes (修改原因); goes to the audit trail' })
  @IsString()
  @MinLength(2)
  @MaxLength(500)
  reason: string;
}

export class AnnualEvaluationQuery {
  @ApiProperty({ description: 'Year (年度)', example: 2025 })
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  @ApiPropertyOptional({ description: '`json` (default), `pdf` (Chinese) or `xlsx`', enum: ['json', 'pdf', 'xlsx'] })
  @IsOptional()
  @IsIn(['json', 'pdf', 'xlsx'], { message: FORMAT_MESSAGE })
  format?: 'json' | 'pdf' | 'xlsx';
}

export const TARGET_ASSESSMENTS = ['met', 'not_met', 'no_data'] as const;
export type TargetAssessment = (typeof TARGET_ASSESSMENTS)[number];

export class AnnualTargetDto {
  @ApiProperty({ type: TargetRefDto, description: 'The seeded target (政策目标)' }) target: TargetRefDto;
  @ApiProperty({ description: 'Chinese name of the figure (指标名称)' }) metricZh: string;
  @ApiProperty({ description: 'Value in the target’s unit; null with no data (实际值)', nullable: true, type: Number }) value: number | null;
  @ApiProperty({ description: 'Kind of source (来源类别)', enum: OVERVIEW_SOURCE_KINDS }) sourceKind: OverviewSourceKind;
  @ApiProperty({ description: 'Where the value comes from (数据来源)' }) source: string;
  @ApiProperty({ description: 'value ÷ target (完成进度)', nullable: true, type: Number }) progress: number | null;
  @ApiProperty({ description: 'met, not_met, or no_data (评估结果)', enum: TARGET_ASSESSMENTS }) assessment: TargetAssessment;
}

export class AnnualEvaluationDto {
  @ApiProperty() year: number;
  @ApiProperty({ description: 'Province (省级区划代码)' }) regionCode: string;
  @ApiProperty() regionName: string;
  @ApiProperty({ description: 'When the values were read (统计时间)' }) asOf: string;
  @ApiProperty({ type: [AnnualTargetDto], description: 'Every target of the plan set for the year in this province (年度目标)' }) targets: AnnualTargetDto[];
  @ApiProperty({ description: 'Targets met (已达标)' }) met: number;
  @ApiProperty({ description: 'Targets not met (未达标)' }) notMet: number;
  @ApiProperty({ description: 'Targets without data (无数据)' }) noData: number;
}
