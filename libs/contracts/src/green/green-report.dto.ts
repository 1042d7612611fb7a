import { DEFAULT_PROVINCE } from '../province.js';
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { PageQuery } from '../common/page.js';
import { IsBusinessDate, IsUscc, SCOPE_REGION_CODE } from '../validators.js';

export const GREEN_PERIODS = ['annual', 'Q1', 'Q2', 'Q3', 'Q4'] as const;
export type GreenPeriod = (typeof GREEN_PERIODS)[number];

/** Status of a report: that of its current version. */
export const GREEN_REPORT_STATUSES = ['submitted', 'accepted', 'returned'] as const;
export type GreenReportStatus = (typeof GREEN_REPORT_STATUSES)[number];

/** A version is superseded when the courier files the next version before a decision. */
export const GREEN_VERSION_STATUSES = ['submitted', 'accepted', 'returned', 'superseded'] as const;
export type GreenVersionStatus = (typeof GREEN_VERSION_STATUSES)[number];

export const ENERGY_CARRIERS = ['diesel', 'gasoline', 'electricity', 'cng'] as const;
export type EnergyCarrier = (typeof ENERGY_CARRIERS)[number];

const NOT_NEGATIVE = { message: '$property must not be negative' };
const COUNT_MAX = 1e12;
const AMOUNT_MAX = 1e12;

/** A whole number of things, 0 to 10^12. */
const IsCount = () => applyDecorators(IsInt(), Min(0, NOT_NEGATIVE), Max(COUNT_MAX));
/** A quantity with up to 3 decimals (litres, kWh, m³, kg), 0 to 10^12. */
const IsAmount = () => applyDecorators(IsNumber({ maxDecimalPlaces: 3 }), Min(0, NOT_NEGATIVE), Max(AMOUNT_MAX));
const MAX_YEAR = 2100;
const MIN_YEAR = 2018;

/** Vehicles at the end of the period (期末车辆数). */
export class GreenVehiclesDto {
  @ApiProperty({ description: 'Vehicles in total at the end of the period (车辆总数)', example: 120 })
  @IsInt()
  @Min(0, NOT_NEGATIVE)
  @Max(10_000_000)
  total: number;

  @ApiProperty({ description: 'New-energy vehicles among them (新能源车辆数)', example: 36 })
  @IsInt()
  @Min(0, NOT_NEGATIVE)
  @Max(10_000_000)
  newEnergy: number;
}

/** Energy used in the period, by carrier (能源消耗). */
export class GreenEnergyDto {
  @ApiProperty({ description: 'Diesel, litres (柴油, 升)', example: 12000 })
  @IsAmount()
  dieselL: number;

  @ApiProperty({ description: 'Gasoline, litres (汽油, 升)', example: 3000 })
  @IsAmount()
  gasolineL: number;

  @ApiProperty({ description: 'Electricity, kWh (电力, 千瓦时)', example: 50000 })
  @IsAmount()
  electricityKWh: number;

  @ApiProperty({ description: 'Compressed natural gas, m³ at standard conditions (压缩天然气, 立方米)', example: 1500 })
  @IsAmount()
  cngM3: number;
}

/** Figures the company computed itself; each is compared with the platform's recomputation. */
export class GreenStatedFiguresDto {
  @ApiPropertyOptional({ description: 'Stated e-waybill rate, a ratio 0–1 (企业自报电子运单使用率)', example: 0.99 })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1, { message: '$property is a ratio between 0 and 1 (0.992 for 99.2%)' })
  eWaybillRate?: number;

  @ApiPropertyOptional({ description: 'Stated recyclable transit bag rate, a ratio 0–1 (企业自报循环中转袋使用率)', example: 0.72 })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1, { message: '$property is a ratio between 0 and 1 (0.72 for 72%)' })
  recyclableBagRate?: number;

  @ApiPropertyOptional({ description: 'Stated new-energy vehicle share, a ratio 0–1 (企业自报新能源车辆占比)', example: 0.3 })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1, { message: '$property is a ratio between 0 and 1 (0.3 for 30%)' })
  newEnergyShare?: number;

  @ApiPropertyOptional({ description: 'Stated CO2 emissions from energy use, kg (企业自报二氧化碳排放量, 千克)', example: 68000 })
  @IsOptional()
  @IsAmount()
  co2eKg?: number;
}

/**
 * A green-packaging, plastic-reduction and emission report of a courier company
 * (快递企业绿色包装、塑料减量与碳排放报告) for a year or a quarter and a region.
 */
export class CreateGreenReportRequest {
  @ApiProperty({ description: 'Reporting year (报告年度)', example: 2025 })
  @Type(() => Number)
  @IsInt()
  @Min(MIN_YEAR)
  @Max(MAX_YEAR)
  year: number;

  @ApiProperty({ description: 'Period: the whole year or a quarter (报告期: 年度/季度)', enum: GREEN_PERIODS, example: 'annual' })
  @IsIn(GREEN_PERIODS)
  period: GreenPeriod;

  @ApiProperty({ description: 'Region reported for: the province, a city (4 digits) or a county (6 digits) (报告地区)', example: DEFAULT_PROVINCE })
  @IsString()
  @Matches(SCOPE_REGION_CODE, { message: 'regionCode must be the province, a city (4 digits) or county (6 digits) of it' })
  regionCode: string;

  @ApiPropertyOptional({
    description:
      'Enterprise filed for (快递企业编号): required when an administrator files on behalf of an enterprise; a courier files for the enterprise its organisation is tied to and may leave it out',
  })
  @IsOptional()
  @IsUUID()
  enterpriseId?: string;

  @ApiProperty({ description: 'Parcels handled in the period (快件业务量, 件)', example: 1000000 })
  @IsCount()
  parcels: number;

  @ApiProperty({ description: 'Parcels sent with an electronic waybill (使用电子运单的快件数)', example: 995000 })
  @IsCount()
  eWaybills: number;

  @ApiProperty({ description: 'Transit bags used in total (中转袋使用总数)', example: 20000 })
  @IsCount()
  transitBagsTotal: number;

  @ApiProperty({ description: 'Recyclable transit bags among them (循环中转袋数)', example: 15000 })
  @IsCount()
  recyclableTransitBags: number;

  @ApiProperty({ description: 'Plastic bags used (塑料袋使用量, 个)', example: 300000 })
  @IsCount()
  plasticBagsUsed: number;

  @ApiProperty({ description: 'Plastic bags recovered (塑料袋回收量, 个)', example: 60000 })
  @IsCount()
  plasticBagsRecovered: number;

  @ApiPropertyOptional({ description: 'Other single-use plastic items used, e.g. plastic tape rolls, fillers (其他一次性塑料制品使用量, 件)', example: 50000 })
  @IsOptional()
  @IsCount()
  singleUsePlasticItems?: number;

  @ApiPropertyOptional({ description: 'Recyclable (reusable) boxes in use (循环快递箱数)', example: 5000 })
  @IsOptional()
  @IsCount()
  recyclableBoxes?: number;

  @ApiPropertyOptional({ description: 'Sealing tape used, metres (封装胶带用量, 米)', example: 800000 })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0, NOT_NEGATIVE)
  @Max(AMOUNT_MAX)
  tapeMeters?: number;

  @ApiProperty({ description: 'Vehicles at the end of the period (车辆)', type: GreenVehiclesDto })
  @ValidateNested()
  @Type(() => GreenVehiclesDto)
  vehicles: GreenVehiclesDto;

  @ApiProperty({ description: 'Energy used by carrier (能源消耗)', type: GreenEnergyDto })
  @ValidateNested()
  @Type(() => GreenEnergyDto)
  energy: GreenEnergyDto;

  @ApiPropertyOptional({ description: 'Figures the company computed itself, compared with the recomputed ones (企业自报指标)', type: GreenStatedFiguresDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => GreenStatedFiguresDto)
  stated?: GreenStatedFiguresDto;

  @ApiPropertyOptional({ description: 'Remarks, e.g. what a corrected version changes (备注/更正说明)', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

/** The enterprise a courier principal acts for, resolved by the gateway from its organisation's credit code. */
export class CourierScopeFields {
  /** credit code of the acting courier organisation, set by the gateway (never by clients) */
  @IsOptional()
  @IsUscc()
  courierUscc?: string;
}

/** `green.reports.submit`: the body plus the courier's scope. */
export class SubmitGreenReportMessage extends CreateGreenReportRequest {
  /** credit code of the acting courier organisation, set by the gateway (never by clients) */
  @IsOptional()
  @IsUscc()
  courierUscc?: string;
}

/** `green.reports.upload`: an XLSX filled in from the template, base64-encoded. */
export class UploadGreenReportMessage extends CourierScopeFields {
  @IsString()
  @MinLength(4)
  @MaxLength(1_000_000)
  fileBase64: string;
}

export class GreenReportIdMessage extends CourierScopeFields {
  @IsUUID()
  id: string;
}

export class ListGreenReportsRequest extends PageQuery {
  @ApiPropertyOptional({ description: 'Reporting year (报告年度)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(MIN_YEAR)
  @Max(MAX_YEAR)
  year?: number;

  @ApiPropertyOptional({ description: 'Period (报告期)', enum: GREEN_PERIODS })
  @IsOptional()
  @IsIn(GREEN_PERIODS)
  period?: GreenPeriod;

  @ApiPropertyOptional({ description: 'Status of the current version (状态)', enum: GREEN_REPORT_STATUSES })
  @IsOptional()
  @IsIn(GREEN_REPORT_STATUSES)
  status?: GreenReportStatus;

  @ApiPropertyOptional({ description: 'Reports for this region and the regions inside it (地区)' })
  @IsOptional()
  @Matches(SCOPE_REGION_CODE, { message: 'regionCode must be 14, a city or a county code' })
  regionCode?: string;

  @ApiPropertyOptional({ description: 'Enterprise (快递企业编号)' })
  @IsOptional()
  @IsUUID()
  enterpriseId?: string;
}

export class ListGreenReportsMessage extends ListGreenReportsRequest {
  /** credit code of the acting courier organisation, set by the gateway (never by clients) */
  @IsOptional()
  @IsUscc()
  courierUscc?: string;
}

/** Accept the current version (受理/通过). */
export class AcceptGreenReportRequest {
  @ApiPropertyOptional({ description: 'The version being accepted; refused with 409 when a newer one was filed meanwhile (版本号)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  version?: number;

  @ApiPropertyOptional({ description: 'Reviewer remark (审核意见)', maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  remark?: string;
}

/** Return the current version for correction (退回); the reason is required. */
export class ReturnGreenReportRequest {
  @ApiProperty({ description: 'Why the report goes back to the company, what to correct (退回原因)', example: '循环中转袋数与上季度差异过大，请核实' })
  @IsString()
  @MinLength(2)
  @MaxLength(1000)
  reason: string;

  @ApiPropertyOptional({ description: 'The version being returned; refused with 409 when a newer one was filed meanwhile (版本号)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  version?: number;
}

export class GreenDecisionMessage {
  @IsUUID()
  id: string;

  @IsIn(['accept', 'return'])
  decision: 'accept' | 'return';

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  version?: number;

  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(1000)
  reason?: string;
}

export class GreenYearQuery {
  @ApiProperty({ description: 'Reporting year (报告年度)', example: 2025 })
  @Type(() => Number)
  @IsInt()
  @Min(MIN_YEAR)
  @Max(MAX_YEAR)
  year: number;
}

export class GreenFilingStatusQuery extends GreenYearQuery {
  @ApiPropertyOptional({ description: 'Period (报告期); default annual', enum: GREEN_PERIODS })
  @IsOptional()
  @IsIn(GREEN_PERIODS)
  period?: GreenPeriod;
}

/** Path of a deadline: `/green-reports/deadlines/{year}/{period}`. */
export class GreenDeadlineKey {
  @ApiProperty({ description: 'Reporting year (报告年度)', example: 2025 })
  @Type(() => Number)
  @IsInt()
  @Min(MIN_YEAR)
  @Max(MAX_YEAR)
  year: number;

  @ApiProperty({ description: 'Period (报告期)', enum: GREEN_PERIODS })
  @IsIn(GREEN_PERIODS)
  period: GreenPeriod;
}

export class SetGreenDeadlineRequest {
  @ApiProperty({ description: 'Due date, YYYY-MM-DD, inclusive (报送截止日期)', example: '2026-01-31' })
  @IsBusinessDate()
  dueDate: string;
}

export class SetGreenDeadlineMessage extends SetGreenDeadlineRequest {
  @Type(() => Number)
  @IsInt()
  @Min(MIN_YEAR)
  @Max(MAX_YEAR)
  year: number;

  @IsIn(GREEN_PERIODS)
  period: GreenPeriod;
}

// ---- responses ----

export class FactorSetRefDto {
  @ApiProperty({ description: 'Factor set id' }) id: string;
  @ApiProperty({ description: 'Factor set name (排放因子集名称)', example: 'cn-express-energy-co2' }) name: string;
  @ApiProperty({ description: 'Factor set version (版本)', example: 1 }) version: number;
}

export class Co2eByCarrierDto {
  @ApiProperty({ description: 'From diesel, kg (柴油)' }) diesel: number;
  @ApiProperty({ description: 'From gasoline, kg (汽油)' }) gasoline: number;
  @ApiProperty({ description: 'From electricity, kg (电力)' }) electricity: number;
  @ApiProperty({ description: 'From CNG, kg (天然气)' }) cng: number;
}

export class PlasticReductionDto {
  @ApiProperty({ description: 'The previous year compared with (对比年度)' }) previousYear: number;
  @ApiProperty({ description: 'Report compared with' }) previousReportId: string;
  @ApiProperty({ description: 'Its version compared with' }) previousVersion: number;
  @ApiProperty({ description: 'Plastic bags used in the previous year (上年塑料袋使用量)' }) previousPlasticBagsUsed: number;
  @ApiProperty({ description: 'Fewer plastic bags than the previous year; negative when more (塑料袋减量, 个)' }) plasticBagsReduction: number;
  @ApiProperty({ description: 'Reduction as a share of the previous year; null when it used none (塑料袋减量比例)', nullable: true, type: Number })
  plasticBagsReductionRate: number | null;
  @ApiProperty({ description: 'Single-use plastic items of the previous year, when both years state them (上年一次性塑料制品)', nullable: true, type: Number })
  previousSingleUsePlasticItems: number | null;
  @ApiProperty({ description: 'Reduction of single-use plastic items as a share of the previous year (一次性塑料制品减量比例)', nullable: true, type: Number })
  singleUsePlasticReductionRate: number | null;
}

export class GreenFlagDto {
  @ApiProperty({ description: 'Figure compared (指标)', example: 'co2eKg' }) field: string;
  @ApiProperty({ description: 'Value the company stated (企业自报值)' }) stated: number;
  @ApiProperty({ description: 'Value the platform computed (平台计算值)', nullable: true, type: Number }) computed: number | null;
  @ApiProperty({ description: 'stated − computed (差值)', nullable: true, type: Number }) difference: number | null;
  @ApiProperty({ description: 'Tolerance applied (容差)', example: '±0.005 absolute' }) tolerance: string;
  @ApiProperty({ description: 'Explanation (说明)' }) message: string;
}

/** One version of a report: the figures as filed and what the platform computed from them. */
export class GreenReportVersionDto {
  @ApiProperty({ description: 'Version number, 1 for the first filing (版本号)' }) version: number;
  @ApiProperty({ description: 'Status of this version (版本状态)', enum: GREEN_VERSION_STATUSES }) versionStatus: GreenVersionStatus;
  @ApiProperty({ description: 'Parcels (快件业务量)' }) parcels: number;
  @ApiProperty({ description: 'Parcels with an e-waybill (电子运单数)' }) eWaybills: number;
  @ApiProperty({ description: 'Transit bags in total (中转袋总数)' }) transitBagsTotal: number;
  @ApiProperty({ description: 'Recyclable transit bags (循环中转袋数)' }) recyclableTransitBags: number;
  @ApiProperty({ description: 'Plastic bags used (塑料袋使用量)' }) plasticBagsUsed: number;
  @ApiProperty({ description: 'Plastic bags recovered (塑料袋回收量)' }) plasticBagsRecovered: number;
  @ApiProperty({ description: 'Other single-use plastic items (一次性塑料制品)', nullable: true, type: Number }) singleUsePlasticItems: number | null;
  @ApiProperty({ description: 'Recyclable boxes (循环快递箱)', nullable: true, type: Number }) recyclableBoxes: number | null;
  @ApiProperty({ description: 'Sealing tape, metres (封装胶带, 米)', nullable: true, type: Number }) tapeMeters: number | null;
  @ApiProperty({ description: 'Vehicles (车辆)', type: GreenVehiclesDto }) vehicles: GreenVehiclesDto;
  @ApiProperty({ description: 'Energy use (能源消耗)', type: GreenEnergyDto }) energy: GreenEnergyDto;
  @ApiProperty({ description: 'eWaybills ÷ parcels; null without parcels (电子运单使用率)', nullable: true, type: Number }) eWaybillRate: number | null;
  @ApiProperty({ description: 'recyclableTransitBags ÷ transitBagsTotal (循环中转袋使用率)', nullable: true, type: Number }) recyclableBagRate: number | null;
  @ApiProperty({ description: 'vehicles.newEnergy ÷ vehicles.total (新能源车辆占比)', nullable: true, type: Number }) newEnergyShare: number | null;
  @ApiProperty({ description: 'plasticBagsRecovered ÷ plasticBagsUsed (塑料袋回收率)', nullable: true, type: Number }) plasticRecoveryRate: number | null;
  @ApiProperty({
    description: 'Against the same company’s report of the previous year for the same period and region (较上年减塑情况)',
    nullable: true,
    type: PlasticReductionDto,
  })
  plasticReduction: PlasticReductionDto | null;
  @ApiProperty({ description: 'CO2 from energy use, kg, with the factor set named in factorSet (二氧化碳排放量, 千克)' }) co2eKg: number;
  @ApiProperty({ description: 'CO2 by energy carrier, kg (分能源品种排放)', type: Co2eByCarrierDto }) co2eByCarrier: Co2eByCarrierDto;
  @ApiProperty({ description: 'Emission factor set this version was computed with (排放因子集)', type: FactorSetRefDto }) factorSet: FactorSetRefDto;
  @ApiProperty({ description: 'Figures the company stated itself (企业自报指标)', nullable: true, type: GreenStatedFiguresDto })
  stated: GreenStatedFiguresDto | null;
  @ApiProperty({ description: 'Stated figures that differ from the recomputed ones beyond the tolerance (差异提示)', type: [GreenFlagDto] })
  flags: GreenFlagDto[];
  @ApiProperty({ description: 'Remarks (备注)', nullable: true, type: String }) note: string | null;
  @ApiProperty({ description: 'Filed by: user id or apikey:<id> (报送人)' }) submittedBy: string;
  @ApiProperty({ description: 'Filed at (报送时间)' }) submittedAt: string;
  @ApiProperty({ description: 'Decided by (审核人)', nullable: true, type: String }) decidedBy: string | null;
  @ApiProperty({ description: 'Decided at (审核时间)', nullable: true, type: String }) decidedAt: string | null;
  @ApiProperty({ description: 'Reason given when returned, or the acceptance remark (退回原因/审核意见)', nullable: true, type: String }) decisionReason:
    string | null;
}

/** A report with its current version's figures at the top level. */
export class GreenReportListItemDto extends GreenReportVersionDto {
  @ApiProperty({ description: 'Report id (报告编号)' }) id: string;
  @ApiProperty({ description: 'Enterprise (快递企业编号)' }) enterpriseId: string;
  @ApiProperty({ description: 'Enterprise name (企业名称)' }) enterpriseName: string;
  @ApiProperty({ description: 'Enterprise credit code (统一社会信用代码)' }) enterpriseUscc: string;
  @ApiProperty({ description: 'Reporting year (报告年度)' }) year: number;
  @ApiProperty({ description: 'Period (报告期)', enum: GREEN_PERIODS }) period: GreenPeriod;
  @ApiProperty({ description: 'Region (报告地区)' }) regionCode: string;
  @ApiProperty({ description: 'Status of the current version (状态)', enum: GREEN_REPORT_STATUSES }) status: GreenReportStatus;
  @ApiProperty({ description: 'Due date of the period (截止日期)' }) dueDate: string;
  @ApiProperty({ description: 'Date of the first filing, Asia/Shanghai (首次报送日期)' }) filedOn: string;
  @ApiProperty({ description: 'First filed after the due date (逾期报送)' }) late: boolean;
  @ApiProperty({ description: 'Days after the due date, 0 when on time (逾期天数)' }) daysLate: number;
  @ApiProperty({ description: 'First filed at (创建时间)' }) createdAt: string;
  @ApiProperty({ description: 'Last change (最近变更)' }) updatedAt: string;
}

export class GreenReportResponseDto extends GreenReportListItemDto {
  @ApiProperty({ description: 'Every version, oldest first (全部版本)', type: [GreenReportVersionDto] }) versions: GreenReportVersionDto[];
}

export class GreenReportPageDto {
  @ApiProperty({ description: 'Reports, newest first (报告)', type: [GreenReportListItemDto] }) items: GreenReportListItemDto[];
  @ApiProperty({ description: 'Cursor of the next page, null at the end', nullable: true, type: String }) nextCursor: string | null;
}

export class EmissionFactorDto {
  @ApiProperty({ description: 'Energy carrier (能源品种)', enum: ENERGY_CARRIERS }) carrier: EnergyCarrier;
  @ApiProperty({ description: 'Activity unit (活动数据单位)', example: 'L' }) unit: string;
  @ApiProperty({ description: 'kg CO2 per unit (排放因子)' }) kgCo2ePerUnit: number;
  @ApiProperty({ description: 'How the factor is derived (推导过程)' }) derivation: string;
  @ApiProperty({ description: 'Where each input comes from (来源)' }) source: string;
}

export class FactorSetDto extends FactorSetRefDto {
  @ApiProperty({ description: 'Applies to reports filed from this date (生效日期)' }) effectiveFrom: string;
  @ApiProperty({ description: 'Greenhouse gases covered (覆盖气体)', example: 'CO2' }) gases: string;
  @ApiProperty({ description: 'What the set is (说明)' }) description: string;
  @ApiProperty({ description: 'Whether new reports are computed with this set now (当前使用)' }) current: boolean;
  @ApiProperty({ description: 'Factors by energy carrier (排放因子)', type: [EmissionFactorDto] }) factors: EmissionFactorDto[];
}

export class FactorSetListDto {
  @ApiProperty({ description: 'Factor sets, newest first (排放因子集)', type: [FactorSetDto] }) items: FactorSetDto[];
}

export class GreenDeadlineDto {
  @ApiProperty({ description: 'Year (年度)' }) year: number;
  @ApiProperty({ description: 'Period (报告期)', enum: GREEN_PERIODS }) period: GreenPeriod;
  @ApiProperty({ description: 'Due date, inclusive (截止日期)' }) dueDate: string;
  @ApiProperty({ description: 'rule: from the configured rule; set: set by an administrator (来源)', enum: ['rule', 'set'] }) source: 'rule' | 'set';
}

export class GreenDeadlineListDto {
  @ApiProperty({ description: 'Due dates of the year’s periods (截止日期)', type: [GreenDeadlineDto] }) items: GreenDeadlineDto[];
}

export class GreenTargetDto {
  @ApiProperty({ description: 'Target key (指标代码)', example: 'e_waybill_rate' }) key: string;
  @ApiProperty({ description: 'Metric (指标)', example: '电子运单使用率' }) metric: string;
  @ApiProperty({ description: 'Comparison: >= a value, or rising against the previous year (比较方式)', enum: ['>=', 'rising'] }) op: '>=' | 'rising';
  @ApiProperty({ description: 'Target value; for rising, the previous year’s value (目标值)', nullable: true, type: Number }) target: number | null;
  @ApiProperty({ description: 'Province-wide value (全省实际值)', nullable: true, type: Number }) value: number | null;
  @ApiProperty({ description: 'Met; null when it cannot be told (是否达标)', nullable: true, type: Boolean }) met: boolean | null;
  @ApiProperty({ description: 'Policy source: document and clause (政策依据)' }) source: string;
}

export class GreenTotalsDto {
  @ApiProperty({ description: 'Parcels (快件业务量)' }) parcels: number;
  @ApiProperty({ description: 'Parcels with an e-waybill (电子运单数)' }) eWaybills: number;
  @ApiProperty({ description: 'Transit bags (中转袋总数)' }) transitBagsTotal: number;
  @ApiProperty({ description: 'Recyclable transit bags (循环中转袋数)' }) recyclableTransitBags: number;
  @ApiProperty({ description: 'Plastic bags used (塑料袋使用量)' }) plasticBagsUsed: number;
  @ApiProperty({ description: 'Plastic bags recovered (塑料袋回收量)' }) plasticBagsRecovered: number;
  @ApiProperty({ description: 'Vehicles (车辆总数)' }) vehiclesTotal: number;
  @ApiProperty({ description: 'New-energy vehicles (新能源车辆数)' }) vehiclesNewEnergy: number;
  @ApiProperty({ description: 'kg CO2 (二氧化碳, 千克)' }) co2eKg: number;
}

export class GreenRankingEntryDto {
  @ApiProperty({ description: 'Rank, 1 = best (排名)' }) rank: number;
  @ApiProperty({ description: 'Enterprise (快递企业编号)' }) enterpriseId: string;
  @ApiProperty({ description: 'Enterprise name (企业名称)' }) enterpriseName: string;
  @ApiProperty({ description: 'Targets met of the three (达标项数)' }) targetsMet: number;
  @ApiProperty({ description: 'Mean of e-waybill rate, recyclable bag rate and new-energy share (综合得分)' }) score: number;
  @ApiProperty({ description: 'E-waybill rate (电子运单使用率)', nullable: true, type: Number }) eWaybillRate: number | null;
  @ApiProperty({ description: 'Recyclable transit bag rate (循环中转袋使用率)', nullable: true, type: Number }) recyclableBagRate: number | null;
  @ApiProperty({ description: 'New-energy vehicle share (新能源车辆占比)', nullable: true, type: Number }) newEnergyShare: number | null;
  @ApiProperty({ description: 'The company’s new-energy share of the previous year (上年新能源车辆占比)', nullable: true, type: Number })
  previousNewEnergyShare: number | null;
  @ApiProperty({ description: 'kg CO2 per 1,000 parcels (千件快件碳排放)', nullable: true, type: Number }) co2eKgPerThousandParcels: number | null;
  @ApiProperty({ description: 'Filed after the due date (逾期)' }) late: boolean;
}

export class GreenLateFilerDto {
  @ApiProperty({ description: 'Enterprise (快递企业编号)' }) enterpriseId: string;
  @ApiProperty({ description: 'Enterprise name (企业名称)' }) enterpriseName: string;
  @ApiProperty({ description: 'Report (报告编号)' }) reportId: string;
  @ApiProperty({ description: 'Region reported for (报告地区)' }) regionCode: string;
  @ApiProperty({ description: 'First filed on (首次报送日期)' }) filedOn: string;
  @ApiProperty({ description: 'Days after the due date (逾期天数)' }) daysLate: number;
}

export class GreenMissingFilerDto {
  @ApiProperty({ description: 'Enterprise (快递企业编号)' }) enterpriseId: string;
  @ApiProperty({ description: 'Enterprise name (企业名称)' }) enterpriseName: string;
  @ApiProperty({ description: 'Credit code (统一社会信用代码)' }) uscc: string;
  @ApiProperty({ description: 'Brand code (品牌)' }) brand: string;
}

export class GreenFilingStatusDto {
  @ApiProperty({ description: 'Year (年度)' }) year: number;
  @ApiProperty({ description: 'Period (报告期)', enum: GREEN_PERIODS }) period: GreenPeriod;
  @ApiProperty({ description: 'Due date (截止日期)' }) dueDate: string;
  @ApiProperty({ description: 'Business date the status was taken on (统计日期)' }) asOf: string;
  @ApiProperty({ description: 'The due date has passed (已过截止日期)' }) overdue: boolean;
  @ApiProperty({ description: 'Enterprises expected to file: registered, licence overlapping the period and not revoked (应报企业数)' }) expected: number;
  @ApiProperty({ description: 'Enterprises that filed (已报企业数)' }) filed: number;
  @ApiProperty({ description: 'Enterprises that filed on time (按时报送)' }) onTime: number;
  @ApiProperty({ type: [GreenLateFilerDto], description: 'Filed after the due date (逾期报送)' }) lateFilers: GreenLateFilerDto[];
  @ApiProperty({ type: [GreenMissingFilerDto], description: 'Expected and not filed (未报送)' }) missingFilers: GreenMissingFilerDto[];
}

export class GreenSummaryDto {
  @ApiProperty({ description: 'Year (年度)' }) year: number;
  @ApiProperty({ description: 'What counts: the current version of each annual report, when submitted or accepted (统计口径)' }) basis: string;
  @ApiProperty({ description: 'Annual reports counted (纳入统计的报告数)' }) reportsCounted: number;
  @ApiProperty({ description: 'Of them accepted (已通过)' }) reportsAccepted: number;
  @ApiProperty({ description: 'Annual reports returned and awaiting a corrected version (已退回待更正)' }) reportsReturned: number;
  @ApiProperty({ description: 'Sums over the reports counted (合计)', type: GreenTotalsDto }) totals: GreenTotalsDto;
  @ApiProperty({ description: 'Province-wide e-waybill rate (全省电子运单使用率)', nullable: true, type: Number }) eWaybillRate: number | null;
  @ApiProperty({ description: 'Province-wide recyclable transit bag rate (全省循环中转袋使用率)', nullable: true, type: Number }) recyclableBagRate:
    number | null;
  @ApiProperty({ description: 'Province-wide new-energy vehicle share (全省新能源车辆占比)', nullable: true, type: Number }) newEnergyShare: number | null;
  @ApiProperty({ description: 'The same of the previous year (上年新能源车辆占比)', nullable: true, type: Number }) previousNewEnergyShare: number | null;
  @ApiProperty({ description: 'Province-wide figures against the policy targets (目标完成情况)', type: [GreenTargetDto] }) targets: GreenTargetDto[];
  @ApiProperty({ type: [GreenRankingEntryDto], description: 'Companies ranked: targets met, then score, then name (企业排名)' })
  ranking: GreenRankingEntryDto[];
  @ApiProperty({ type: GreenFilingStatusDto, description: 'Filing status of the annual report (年度报告报送情况)' }) filing: GreenFilingStatusDto;
}

/** An XLSX file crossing NATS. */
export class GreenFileDto {
  /** suggested file name */
  filename: string;
  contentType: string;
  /** the file's bytes, base64 */
  base64: string;
}
