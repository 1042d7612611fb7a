import { DEFAULT_PROVINCE } from '../province.js';
import { COUNTY_CODE } from '../subsidies/common.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

/** `?year=` of the progress query. */
export class ProgressQuery {
  @ApiPropertyOptional({ description: 'Year; figures are as of 31 December of it (年份); default the current year', example: 2025 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
}

export class TargetProgressDto {
  @ApiProperty({ description: 'Target key (指标键)', example: 'provincial_cold_chain_bases' }) key: string;
  @ApiProperty({ description: 'Metric in Chinese (指标)', example: '省级冷链物流仓储基地' }) metric: string;
  @ApiProperty({ description: 'Unit (单位)', example: 'facilities' }) unit: string;
  @ApiProperty({ description: 'Region the target is for (区划)', example: DEFAULT_PROVINCE }) region: string;
  @ApiProperty({ description: 'Year the target value is due (目标年份): the requested year, or the next year the plan sets one' }) targetYear: number;
  @ApiProperty({ description: 'Comparison (比较)', enum: ['>=', '<='] }) op: string;
  @ApiProperty({ description: 'Target value (目标值)' }) targetValue: number;
  @ApiProperty({ description: 'Current value as of 31 December of the requested year (当前值)' }) currentValue: number;
  @ApiProperty({ description: 'Current value against the target, 0–1 and beyond (完成率)' }) share: number;
  @ApiProperty({ description: 'True when the current value meets the target (是否达标)' }) met: boolean;
  @ApiProperty({ description: 'Only facilities put into operation on or after this date count (起算日期)', nullable: true, type: String }) countsFrom:
    string | null;
  @ApiProperty({ description: 'Source document (文件)' }) document: string;
  @ApiProperty({ description: 'Clause (条款)' }) clause: string;
  @ApiProperty({ description: 'Source sentence (原文)' }) quote: string;
  @ApiProperty({ description: 'How the current value is counted (统计口径)' }) countingRule: string;
}

export class MajorCountyProgressDto {
  @ApiProperty({ description: 'County code (县代码)' }) code: string;
  @ApiProperty({ description: 'County name (县名)' }) name: string;
  @ApiProperty({ description: 'City name (市名)' }) cityName: string;
  @ApiProperty({ description: 'Named in the plan itself (规划点名)' }) namedInPlan: boolean;
  @ApiProperty({ description: 'Has an operating origin consolidation centre at year end (已建成产地集配中心)' }) covered: boolean;
  @ApiProperty({ description: 'Ids of the operating origin consolidation centres there', type: [String] }) centreIds: string[];
}

export class ProgressDto {
  @ApiProperty({ description: 'Year asked for (年份)' }) year: number;
  @ApiProperty({ description: 'Date the figures are as of (统计截止日期)' }) asOf: string;
  @ApiProperty({ description: 'Each cold-chain target of the plan (目标进展)', type: [TargetProgressDto] }) targets: TargetProgressDto[];
  @ApiProperty({ description: 'The major fruit and vegetable counties and their coverage (果蔬生产大县)', type: [MajorCountyProgressDto] })
  majorCounties: MajorCountyProgressDto[];
}

export class MajorCountyDto {
  @ApiProperty({ description: 'County code (县代码)' }) code: string;
  @ApiProperty({ description: 'County name (县名)' }) name: string;
  @ApiProperty({ description: 'City code (市代码)' }) cityCode: string;
  @ApiProperty({ description: 'City name (市名)' }) cityName: string;
  @ApiProperty({ description: 'Named in the plan itself; such a county stays on the list (规划点名)' }) namedInPlan: boolean;
  @ApiProperty({ description: 'Where it comes from (来源)', nullable: true, type: String }) source: string | null;
}

export class MajorCountyListDto {
  @ApiProperty({ type: [MajorCountyDto] }) items: MajorCountyDto[];
  @ApiProperty({ description: 'How many counties the plan targets; the list holds at most this many (目标县数)' }) targetCount: number;
}

/** The full list of major fruit and vegetable counties (果蔬生产大县名单). */
export class SetMajorCountiesRequest {
  @ApiProperty({
    description: 'County codes (6 digits); must keep the counties the plan names (运城临猗 140821, 太原清徐 140121) (县代码)',
    type: [String],
    example: ['140821', '140121', '140802'],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(121)
  @ArrayUnique()
  @Matches(COUNTY_CODE, { each: true, message: 'each county must be a 6-digit county code of the province' })
  counties: string[];
}
