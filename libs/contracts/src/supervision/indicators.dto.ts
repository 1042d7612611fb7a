import { DEFAULT_PROVINCE } from '../province.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { IsBusinessDate, SCOPE_REGION_CODE } from '../validators.js';

const REGION_MESSAGE = 'regionCode must be the province, a city (4 digits) or a county (6 digits) of it';

/**
 * Flow figures the read models keep per region (province, city, county) and period (day,
 * month, year), built from the services' durable events.
 */
export const SERIES_METRICS = {
  parcels_upstream: { zh: '农产品进城（上行）快件量', unit: 'items', source: 'subsidies.counts.accepted' },
  parcels_downstream: { zh: '工业品下乡（下行）快件量', unit: 'items', source: 'subsidies.counts.accepted' },
  waybills_upstream: { zh: '上行运单数', unit: 'items', source: 'subsidies.waybills.accepted' },
  waybills_downstream: { zh: '下行运单数', unit: 'items', source: 'subsidies.waybills.accepted' },
  subsidy_paid_fen: { zh: '已拨付补助资金', unit: 'fen', source: 'subsidies.claim.status-changed (to paid)' },
  subsidy_paid_items: { zh: '已拨付补助件数', unit: 'items', source: 'subsidies.claim.status-changed (to paid)' },
  outlets_filed: { zh: '末端网点备案数', unit: 'outlets', source: 'outlets.outlet.filed' },
  outlets_closed: { zh: '末端网点关闭数', unit: 'outlets', source: 'outlets.outlet.closed' },
  outlets_rejected: { zh: '末端网点备案退回数', unit: 'outlets', source: 'outlets.outlet.rejected' },
  parcels_delivered: { zh: '末端派件量', unit: 'items', source: 'outlets.usage.reported' },
  parcels_delivered_locker: { zh: '智能快件箱投递量', unit: 'items', source: 'outlets.usage.reported (smart_locker)' },
  facilities_registered: { zh: '冷链设施登记数', unit: 'facilities', source: 'cold-chain.facility.registered' },
  cold_capacity_registered_tonnes: { zh: '冷链设施登记库容', unit: 'tonnes', source: 'cold-chain.facility.registered' },
  waybill_records_received: { zh: '收到运单记录数', unit: 'records', source: 'subsidies.waybills.accepted' },
  waybill_records_duplicate: { zh: '重复运单记录数', unit: 'records', source: 'subsidies.waybills.accepted' },
  waybill_records_rejected: { zh: '不合规运单记录数', unit: 'records', source: 'subsidies.waybills.accepted' },
  deliveries_timed: { zh: '有揽收和投递时间的运单数', unit: 'items', source: 'subsidies.waybills.accepted (deliveryTimes), by pick-up day' },
  deliveries_half_day: { zh: '半日达运单数（揽收后12小时内投递）', unit: 'items', source: 'subsidies.waybills.accepted (deliveryTimes), by pick-up day' },
  deliveries_next_day: { zh: '次日达运单数（揽收次日结束前投递）', unit: 'items', source: 'subsidies.waybills.accepted (deliveryTimes), by pick-up day' },
  half_day_delivery_rate: {
    zh: '半日达率',
    unit: 'ratio',
    source: 'deliveries_half_day ÷ deliveries_timed of each region and period (subsidies.waybills.accepted, by pick-up day)',
  },
  next_day_delivery_rate: {
    zh: '次日达率',
    unit: 'ratio',
    source: 'deliveries_next_day ÷ deliveries_timed of each region and period (subsidies.waybills.accepted, by pick-up day)',
  },
} as const;
export type SeriesMetric = keyof typeof SERIES_METRICS;
/** Series that are the ratio of two flow figures per region and period (the point's value is the ratio; `total` the ratio over from–to). */
export const RATE_SERIES: Partial<Record<SeriesMetric, { part: SeriesMetric; whole: SeriesMetric }>> = {
  half_day_delivery_rate: { part: 'deliveries_half_day', whole: 'deliveries_timed' },
  next_day_delivery_rate: { part: 'deliveries_next_day', whole: 'deliveries_timed' },
};
export const SERIES_METRIC_KEYS = Object.keys(SERIES_METRICS) as SeriesMetric[];

export const PERIOD_KINDS = ['day', 'month', 'year'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export const OVERVIEW_SOURCE_KINDS = ['statistics', 'events', 'none'] as const;
export type OverviewSourceKind = (typeof OVERVIEW_SOURCE_KINDS)[number];

export const INDICATOR_GROUPS = ['industry', 'rural_delivery', 'subsidies', 'outlets', 'cold_chain', 'green', 'data_quality', 'supervision'] as const;

export class OverviewQuery {
  @ApiPropertyOptional({ description: 'Year (年度); default the current year in Asia/Shanghai', example: 2025 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;

  @ApiPropertyOptional({ description: 'Region (区划代码): 14, a city or a county; default the caller’s own region', example: DEFAULT_PROVINCE })
  @IsOptional()
  @Matches(SCOPE_REGION_CODE, { message: REGION_MESSAGE })
  regionCode?: string;
}

export class TargetRefDto {
  @ApiProperty({ description: 'Target id (目标编号)' }) id: string;
  @ApiProperty({ description: 'Target key (指标键)', example: 'provincial_cold_chain_bases' }) key: string;
  @ApiProperty({ description: 'Region the target is set for (目标区划)' }) regionCode: string;
  @ApiProperty({ description: 'Target year (目标年度)' }) year: number;
  @ApiProperty({ description: 'Comparison: >= at least, <= at most (比较方式)', enum: ['>=', '<='] }) op: '>=' | '<=';
  @ApiProperty({ description: 'Target value in `unit` (目标值); money in fen' }) value: number;
  @ApiProperty({ description: 'Unit (单位): items, fen, ratio, facilities, tonnes, …' }) unit: string;
  @ApiProperty({ description: 'Policy document (政策文件)' }) document: string;
  @ApiProperty({ description: 'Clause of the document (条款)' }) clause: string;
  @ApiProperty({ description: 'The sentence the target comes from (原文)' }) quote: string;
  @ApiProperty({
    description: 'True when no target is set for this region and year, and the nearest target of the same key set elsewhere is shown as a benchmark (参照目标)',
  })
  benchmark: boolean;
}

export class OverviewIndicatorDto {
  @ApiProperty({ description: 'Indicator key (指标键)', example: 'township_coverage' }) key: string;
  @ApiProperty({ description: 'Chinese name (指标名称)', example: '乡镇快递网点覆盖率' }) nameZh: string;
  @ApiProperty({ description: 'Group (类别)', enum: INDICATOR_GROUPS }) group: (typeof INDICATOR_GROUPS)[number];
  @ApiProperty({ description: 'Current value in `unit`, null when no event has supplied it yet (当前值)', nullable: true, type: Number })
  value: number | null;
  @ApiProperty({ description: 'Unit (单位)' }) unit: string;
  @ApiProperty({ description: 'Which events or official statistics the value is computed from, and how (数据来源)' }) source: string;
  @ApiProperty({
    description:
      'Kind of source (来源类别): statistics = official figures entered by staff (官方统计), events = computed from the services’ events, none = nothing supplies it yet',
    enum: OVERVIEW_SOURCE_KINDS,
  })
  sourceKind: OverviewSourceKind;
  @ApiProperty({ description: 'Policy target it is measured against (政策目标)', nullable: true, type: TargetRefDto })
  target: TargetRefDto | null;
  @ApiProperty({ description: 'value ÷ target value (进度), null without both', nullable: true, type: Number }) progress: number | null;
  @ApiProperty({ description: 'Whether the target is met by its comparison (是否达标)', nullable: true, type: Boolean }) met: boolean | null;
}

export class ProvinceRankDto {
  @ApiProperty({ description: 'Province code (省级区划代码)' }) regionCode: string;
  @ApiProperty({ description: 'Province name (省份名称)' }) regionName: string;
  @ApiProperty({ description: 'The province’s value (当前值)', nullable: true, type: Number }) value: number | null;
  @ApiProperty({ description: 'Rank, 1 the highest value; equal values share a rank; null without a value (排名)', nullable: true, type: Number })
  rank: number | null;
}

export class ProvinceRankingDto {
  @ApiProperty({ description: 'Indicator key (指标键)' }) key: string;
  @ApiProperty({ description: 'Chinese name (指标名称)' }) nameZh: string;
  @ApiProperty({ description: 'Unit (单位)' }) unit: string;
  @ApiProperty({ type: [ProvinceRankDto], description: 'Provinces, highest value first (各省排名)' }) provinces: ProvinceRankDto[];
}

export class CrossProvinceWaybillDto {
  @ApiProperty({ description: 'Waybill number (运单号)' }) waybillNo: string;
  @ApiProperty({ type: [String], description: 'Provinces that accepted it (受理省份)' }) provinces: string[];
  @ApiProperty({ description: 'Date the second province accepted it (发现日期)' }) flaggedOn: string;
}

export class CrossProvinceWaybillsDto {
  @ApiProperty({ description: 'Waybill numbers accepted by more than one province (跨省重复运单数)' }) total: number;
  @ApiProperty({ type: [CrossProvinceWaybillDto], description: 'The first 100 by number (跨省重复运单)' }) items: CrossProvinceWaybillDto[];
}

export class OverviewDto {
  @ApiProperty({ description: 'Year (年度)' }) year: number;
  @ApiProperty({ description: 'Region (区划代码); `00` the country in the national view' }) regionCode: string;
  @ApiProperty({ description: 'Region name (区划名称)' }) regionName: string;
  @ApiProperty({ description: 'When the figures were read (统计时间)' }) asOf: string;
  @ApiProperty({ type: [OverviewIndicatorDto], description: 'Key figures with progress against targets (关键指标)' }) indicators: OverviewIndicatorDto[];
  @ApiPropertyOptional({
    type: [ProvinceRankingDto],
    description: 'National view, region `00` only: the provinces ranked on each indicator of the overview (各省排名)',
  })
  rankings?: ProvinceRankingDto[];
  @ApiPropertyOptional({
    type: CrossProvinceWaybillsDto,
    description: 'National view, region `00` only: waybill numbers accepted by more than one province, a data-quality flag for each (跨省重复运单)',
  })
  crossProvinceWaybills?: CrossProvinceWaybillsDto;
}

export class IndicatorsQuery {
  @ApiProperty({ description: 'Figure to chart (指标)', enum: SERIES_METRIC_KEYS, example: 'parcels_upstream' })
  @IsIn(SERIES_METRIC_KEYS)
  metric: SeriesMetric;

  @ApiPropertyOptional({ description: 'Region (区划代码); its child regions are broken down too; default the caller’s region', example: DEFAULT_PROVINCE })
  @IsOptional()
  @Matches(SCOPE_REGION_CODE, { message: REGION_MESSAGE })
  regionCode?: string;

  @ApiPropertyOptional({ description: 'Period (统计周期): day, month or year; default month', enum: PERIOD_KINDS })
  @IsOptional()
  @IsIn(PERIOD_KINDS)
  period?: PeriodKind;

  @ApiPropertyOptional({ description: 'First day, YYYY-MM-DD (起始日期); default 1 January of this year' })
  @IsOptional()
  @IsBusinessDate()
  from?: string;

  @ApiPropertyOptional({ description: 'Last day, inclusive, YYYY-MM-DD (截止日期); default 31 December of this year' })
  @IsOptional()
  @IsBusinessDate()
  to?: string;
}

export class SeriesPointDto {
  @ApiProperty({ description: 'First day of the period, YYYY-MM-DD (周期起始日)' }) period: string;
  @ApiProperty({ description: 'Value in the period (数值); for a rate, the ratio of the period' }) value: number;
  @ApiPropertyOptional({ description: 'For a rate: its numerator in the period (分子)' }) part?: number;
  @ApiPropertyOptional({ description: 'For a rate: its denominator in the period (分母)' }) whole?: number;
}

export class SeriesDto {
  @ApiProperty({ description: 'Region code (区划代码)' }) regionCode: string;
  @ApiProperty({ description: 'Region name (区划名称)' }) regionName: string;
  @ApiProperty({ description: 'Sum over from–to (合计); for a rate, the ratio over from–to, 0 without a denominator' }) total: number;
  @ApiProperty({ type: [SeriesPointDto], description: 'Periods with a value, in order (时间序列)' }) points: SeriesPointDto[];
}

export class IndicatorsDto {
  @ApiProperty({ description: 'Figure (指标)', enum: SERIES_METRIC_KEYS }) metric: SeriesMetric;
  @ApiProperty({ description: 'Chinese name (指标名称)' }) nameZh: string;
  @ApiProperty({ description: 'Unit (单位)' }) unit: string;
  @ApiProperty({ description: 'Period (统计周期)', enum: PERIOD_KINDS }) period: PeriodKind;
  @ApiProperty({ description: 'First day (起始日期)' }) from: string;
  @ApiProperty({ description: 'Last day (截止日期)' }) to: string;
  @ApiProperty({ type: SeriesDto, description: 'The region itself (本级)' }) region: SeriesDto;
  @ApiProperty({ type: [SeriesDto], description: 'Each child region, for drill-down (下级区划)' }) children: SeriesDto[];
  @ApiPropertyOptional({
    type: TargetRefDto,
    nullable: true,
    description: 'For a rate: the policy target the region is measured against, as in the overview (政策目标)',
  })
  target?: TargetRefDto | null;
}

export class RebuildResultDto {
  @ApiProperty({ description: 'Events read from the stream (重放事件数)' }) replayed: number;
  @ApiProperty({ description: 'Events applied to the empty read models (应用事件数)' }) applied: number;
  @ApiProperty({ description: 'Last stream sequence replayed (流序号)' }) lastSequence: number;
  @ApiProperty({ description: 'Duration in milliseconds (耗时)' }) ms: number;
}

export class ActionItemDto {
  @ApiProperty({ description: 'What needs action (事项类型)', example: 'claim_awaiting_approval' }) kind: string;
  @ApiProperty({ description: 'Object id (对象编号)' }) objectId: string;
  @ApiProperty({ description: 'Region code (区划代码)' }) regionCode: string;
  @ApiProperty({ description: 'Region name (区划名称)' }) regionName: string;
  @ApiProperty({ description: 'Short description in Chinese (说明)' }) summary: string;
  @ApiProperty({ description: 'Since when, YYYY-MM-DD (发生日期)' }) since: string;
}

export class ActionsDto {
  @ApiProperty({ type: [ActionItemDto], description: 'Subsidy claims submitted or reviewed and waiting for the next step (待审补助申请)' })
  claims: ActionItemDto[];
  @ApiProperty({
    type: [ActionItemDto],
    description:
      'Obliged parties below the action threshold in the latest published quarterly evaluation (kind quality_below_threshold), then county-days whose centre counts and courier waybills disagree by more than 5% or have nothing on one side (数据质量预警)',
  })
  dataQualityFlags: ActionItemDto[];
  @ApiProperty({ type: [ActionItemDto], description: 'Open incidents (未结突发事件)' }) incidents: ActionItemDto[];
  @ApiProperty({ type: [ActionItemDto], description: 'Enterprises under joint discipline (失信联合惩戒名单)' }) jointDiscipline: ActionItemDto[];
  @ApiProperty({ type: [ActionItemDto], description: 'Rectification orders overdue, answered and waiting for acceptance, or open (待办整改单), overdue first' })
  rectifications: ActionItemDto[];
}

export class ActionsQuery {
  @ApiPropertyOptional({ description: 'Region (区划代码); default the caller’s region', example: DEFAULT_PROVINCE })
  @IsOptional()
  @Matches(SCOPE_REGION_CODE, { message: REGION_MESSAGE })
  regionCode?: string;

  @ApiPropertyOptional({ description: 'Data-quality flags from this day, YYYY-MM-DD (起始日期); default 90 days ago' })
  @IsOptional()
  @IsBusinessDate()
  from?: string;

  @ApiPropertyOptional({ description: 'Data-quality flags up to this day, YYYY-MM-DD (截止日期); default today' })
  @IsOptional()
  @IsBusinessDate()
  to?: string;
}
