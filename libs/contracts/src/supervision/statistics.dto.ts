import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsNumber, IsOptional, IsString, Matches, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { SCOPE_REGION_CODE } from '../validators.js';

/**
 * Official monthly figures (官方统计) no service produces, entered or uploaded by staff. A flow
 * figure is summed over the months of a year; a stock figure (a count or a rate at a date)
 * takes the year's latest month. Money is integer fen. `target` names the policy target key
 * the figure is measured against, when one is seeded (policy-targets.csv).
 */
export const STATISTIC_METRICS = {
  express_volume: { zh: '快递业务量', unit: 'items', kind: 'flow' },
  express_revenue: { zh: '快递业务收入', unit: 'fen', kind: 'flow' },
  online_retail_sales: { zh: '网上零售额', unit: 'fen', kind: 'flow' },
  rural_online_retail_sales: { zh: '农村网络零售额', unit: 'fen', kind: 'flow' },
  cross_border_ecommerce: { zh: '跨境电商交易额', unit: 'fen', kind: 'flow' },
  cross_border_retail_imports: { zh: '跨境零售进口额', unit: 'fen', kind: 'flow' },
  international_mail_items: { zh: '国际邮件进出口量', unit: 'items', kind: 'flow' },
  ecommerce_express_demo_zones: { zh: '电商与快递协同发展示范区', unit: 'zones', kind: 'stock' },
  rural_e_towns: { zh: '乡村e镇', unit: 'towns', kind: 'stock' },
  online_freight_truck_access_rate: { zh: '营运货车平台接入率', unit: 'ratio', kind: 'stock' },
} as const;
export type StatisticMetric = keyof typeof STATISTIC_METRICS;
export const STATISTIC_METRIC_KEYS = Object.keys(STATISTIC_METRICS) as StatisticMetric[];

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const REGION_MESSAGE = 'regionCode must be the province (2 digits), a city (4 digits) or a county (6 digits) of it';

export class RecordStatisticRequest {
  @ApiProperty({ description: 'Figure (统计指标)', enum: STATISTIC_METRIC_KEYS, example: 'express_volume' })
  @IsIn(STATISTIC_METRIC_KEYS)
  metric: StatisticMetric;

  @ApiProperty({ description: 'Region (区划代码): 14, a city or a county', example: '14' })
  @Matches(SCOPE_REGION_CODE, { message: REGION_MESSAGE })
  regionCode: string;

  @ApiProperty({ description: 'Month (统计月份), YYYY-MM', example: '2024-05' })
  @Matches(MONTH, { message: 'month must be YYYY-MM' })
  month: string;

  @ApiProperty({ description: 'Value in the figure’s unit (数值): items, fen for money, 0–1 for a ratio', example: 98000000 })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 4 })
  @Min(0)
  value: number;

  @ApiProperty({ description: 'Source of the figure (数据来源), e.g. 山西省邮政管理局 2024年5月邮政行业运行情况', example: '山西省邮政管理局月度统计' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  source: string;

  @ApiPropertyOptional({ description: 'Why an earlier version is corrected (更正原因); required for version 2 and later' })
  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(500)
  reason?: string;
}

/** The message behind POST /statistics (one entry) and POST /statistics/upload (a sheet's rows). */
export class RecordStatisticsMessage {
  @ApiProperty({ type: [RecordStatisticRequest] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5000)
  @ValidateNested({ each: true })
  @Type(() => RecordStatisticRequest)
  entries: RecordStatisticRequest[];
}

export class StatisticDto {
  @ApiProperty({ description: 'Id of this version (版本编号)' }) id: string;
  @ApiProperty({ description: 'Figure (统计指标)', enum: STATISTIC_METRIC_KEYS }) metric: StatisticMetric;
  @ApiProperty({ description: 'Chinese name (指标名称)', example: '快递业务量' }) nameZh: string;
  @ApiProperty({ description: 'Region (区划代码)' }) regionCode: string;
  @ApiProperty({ description: 'Month (统计月份), YYYY-MM' }) month: string;
  @ApiProperty({ description: 'Value in `unit` (数值)' }) value: number;
  @ApiProperty({ description: 'Unit (单位): items, fen, ratio, zones, towns' }) unit: string;
  @ApiProperty({ description: 'Source (数据来源)' }) source: string;
  @ApiProperty({ description: 'Version, 1 for the first entry, +1 for each correction (版本)' }) version: number;
  @ApiProperty({ description: 'Reason of the correction (更正原因)', nullable: true, type: String }) reason: string | null;
  @ApiProperty({ description: 'True for the latest version of its figure, region and month (现行版本)' }) current: boolean;
  @ApiProperty({ description: 'Entered by (录入人)' }) enteredBy: string;
  @ApiProperty({ description: 'Entered at (录入时间)' }) enteredAt: string;
}

export class StatisticListDto {
  @ApiProperty({ type: [StatisticDto], description: 'Every version, by figure, region, month and version' }) items: StatisticDto[];
}

export class StatisticsQuery {
  @ApiPropertyOptional({ description: 'Region (区划代码); default the caller’s region', example: '14' })
  @IsOptional()
  @Matches(SCOPE_REGION_CODE, { message: REGION_MESSAGE })
  regionCode?: string;

  @ApiPropertyOptional({ description: 'First month (起始月份), YYYY-MM; default January of this year', example: '2024-01' })
  @IsOptional()
  @Matches(MONTH, { message: 'from must be YYYY-MM' })
  from?: string;

  @ApiPropertyOptional({ description: 'Last month (截止月份), YYYY-MM; default December of from’s year', example: '2024-12' })
  @IsOptional()
  @Matches(MONTH, { message: 'to must be YYYY-MM' })
  to?: string;

  @ApiPropertyOptional({ description: 'Only this figure (统计指标)', enum: STATISTIC_METRIC_KEYS })
  @IsOptional()
  @IsIn(STATISTIC_METRIC_KEYS)
  metric?: StatisticMetric;
}

/** Columns of the upload template (上传模板表头), in order. */
export const STATISTICS_SHEET_COLUMNS = ['指标代码', '指标名称', '区划代码', '统计月份', '数值', '单位', '数据来源', '更正原因'] as const;
