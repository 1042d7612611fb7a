import { provincePattern } from '../province.js';
import { ApiProperty, ApiPropertyOptional, IntersectionType, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
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
import { LocationDto } from '../common/location.js';
import { PageQuery } from '../common/page.js';
import { IsBusinessDate, IsUscc, PROVINCE_REGION_CODE } from '../validators.js';
import {
  COMMODITIES,
  type Commodity,
  DESIGNATION_LEVELS,
  type DesignationLevel,
  FACILITY_KINDS,
  FACILITY_STATUSES,
  type FacilityKind,
  type FacilityStatus,
  ZONE_KINDS,
  type ZoneKind,
} from './vocabulary.js';

const DECIMALS_2 = { maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false };
const DECIMALS_1 = { maxDecimalPlaces: 1, allowNaN: false, allowInfinity: false };
/** A Shanxi region code at county level or below (6, 9 or 12 digits). */
export const COUNTY_OR_BELOW = provincePattern('\\d{4}(\\d{3}(\\d{3})?)?');
/** A region filter: the province, a city, a county, a township or a village. */
/** A facility registry code given by its operator; codes starting `CCF` are assigned by the registry. */
export const FACILITY_CODE = /^(?!CCF)[A-Za-z0-9][A-Za-z0-9-]{1,31}$/;

/** A temperature zone of a facility (温区) with its set-point range and capacity. */
export class TemperatureZoneDto {
  @ApiProperty({
    description: 'Zone kind (温区类型): frozen 冷冻, chilled 冷藏, controlled_atmosphere 气调, constant 恒温; ranges per kind in GET /cold-chain/reference',
    enum: ZONE_KINDS,
  })
  @IsIn(ZONE_KINDS)
  zone: ZoneKind;

  @ApiProperty({ description: 'Lowest set point, °C, one decimal (最低温度)', example: -25 })
  @IsNumber(DECIMALS_1)
  @Min(-100)
  @Max(100)
  minC: number;

  @ApiProperty({ description: 'Highest set point, °C, one decimal (最高温度)', example: -18 })
  @IsNumber(DECIMALS_1)
  @Min(-100)
  @Max(100)
  maxC: number;

  @ApiProperty({ description: 'Capacity of the zone in tonnes (温区库容, 吨)', example: 2000 })
  @IsNumber(DECIMALS_2)
  @Min(0.01)
  @Max(10_000_000)
  capacityTonnes: number;

  @ApiPropertyOptional({ description: 'Oxygen set point, % by volume; controlled-atmosphere zones only, and required there (氧气浓度)', example: 2 })
  @IsOptional()
  @IsNumber(DECIMALS_1)
  @Min(0)
  @Max(100)
  oxygenPct?: number;

  @ApiPropertyOptional({
    description: 'Carbon dioxide set point, % by volume; controlled-atmosphere zones only, and required there (二氧化碳浓度)',
    example: 3,
  })
  @IsOptional()
  @IsNumber(DECIMALS_1)
  @Min(0)
  @Max(100)
  carbonDioxidePct?: number;
}

/** Register a cold-chain facility (冷链设施登记). */
export class CreateFacilityRequest {
  @ApiProperty({ description: 'Facility kind (设施类型); allowed parents per kind in GET /cold-chain/reference', enum: FACILITY_KINDS })
  @IsIn(FACILITY_KINDS)
  kind: FacilityKind;

  @ApiPropertyOptional({
    description: 'Registry code (设施编号), 2–32 letters, digits and dashes; assigned as CCFnnnnnn when omitted (codes starting CCF are reserved)',
    example: 'JZ-BB-01',
  })
  @IsOptional()
  @IsString()
  @Matches(FACILITY_CODE, { message: 'code must be 2–32 letters, digits or dashes and must not start with CCF' })
  code?: string;

  @ApiProperty({ description: 'Facility name (设施名称)', example: '晋中国家骨干冷链物流基地' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name: string;

  @ApiProperty({ description: 'Operating entity (运营主体)', example: '山西晋中冷链物流有限公司' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  operator: string;

  @ApiPropertyOptional({ description: 'Unified social credit code of the operator (运营主体统一社会信用代码)' })
  @IsOptional()
  @IsUscc()
  operatorUscc?: string;

  @ApiProperty({ description: 'Region code at county level or below (所在区划: 县/乡镇/村, 6, 9 or 12 digits)', example: '140702' })
  @IsString()
  @Matches(COUNTY_OR_BELOW, { message: 'regionCode must be a Shanxi county, township or village code (6, 9 or 12 digits)' })
  regionCode: string;

  @ApiPropertyOptional({ description: 'Street address (详细地址)' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  address?: string;

  @ApiProperty({ description: 'Location (位置)', type: LocationDto })
  @ValidateNested()
  @Type(() => LocationDto)
  location: LocationDto;

  @ApiProperty({ description: 'Storage capacity in tonnes (库容, 吨)', example: 50000 })
  @IsNumber(DECIMALS_2)
  @Min(0.01)
  @Max(10_000_000)
  capacityTonnes: number;

  @ApiPropertyOptional({ description: 'Storage volume in cubic metres (库容体积, 立方米)', example: 180000 })
  @IsOptional()
  @IsNumber(DECIMALS_2)
  @Min(0)
  @Max(100_000_000)
  volumeCubicMetres?: number;

  @ApiProperty({ description: 'Temperature zones, each kind at most once (温区)', type: [TemperatureZoneDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ZONE_KINDS.length)
  @ValidateNested({ each: true })
  @Type(() => TemperatureZoneDto)
  temperatureZones: TemperatureZoneDto[];

  @ApiProperty({
    description:
      'Commodities handled (品类), covering 南果中粮北肉东药材西干果: fruit 水果, grain 粮食, meat 肉类, medicinal_herbs 中药材, dried_fruit 干果, vegetables 蔬菜, dairy 乳制品, aquatic 水产品, other 其他',
    enum: COMMODITIES,
    isArray: true,
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(COMMODITIES, { each: true })
  commodities: Commodity[];

  @ApiProperty({ description: 'Status at registration (状态): planned 规划, building 在建, operating 运营, suspended 停运', enum: FACILITY_STATUSES })
  @IsIn(FACILITY_STATUSES)
  status: FacilityStatus;

  @ApiPropertyOptional({ description: 'Date the status took effect, YYYY-MM-DD (状态生效日期); default today (Asia/Shanghai)', example: '2023-06-30' })
  @IsOptional()
  @IsBusinessDate()
  statusDate?: string;

  @ApiPropertyOptional({
    description:
      'Level of the designating authority (认定级别); with designatedAt. A kind that fixes it (national backbone base → national, provincial base → provincial) needs only designatedAt',
    enum: DESIGNATION_LEVELS,
  })
  @IsOptional()
  @IsIn(DESIGNATION_LEVELS)
  designationLevel?: DesignationLevel;

  @ApiPropertyOptional({
    description: 'Designation date, YYYY-MM-DD (认定日期); with designationLevel, unless the kind fixes the level',
    example: '2023-03-15',
  })
  @IsOptional()
  @IsBusinessDate()
  designatedAt?: string;

  @ApiPropertyOptional({ description: 'Parent facility in the tier tree (上级设施)', format: 'uuid' })
  @IsOptional()
  @IsUUID()
  parentId?: string;
}

/** Change a facility's registered data; status changes go through the status endpoint (设施信息变更). */
export class UpdateFacilityRequest extends PartialType(
  OmitType(CreateFacilityRequest, ['kind', 'status', 'statusDate', 'designationLevel', 'designatedAt', 'parentId'] as const),
) {
  @ApiProperty({ description: 'Why the data changes, kept in the audit trail (变更原因)', example: '扩建后库容增加' })
  @IsString()
  @MinLength(2)
  @MaxLength(500)
  reason: string;

  @ApiPropertyOptional({ description: 'The version the change is based on; a stale version answers 409 (版本号)' })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ maxDecimalPlaces: 0 })
  @Min(1)
  expectedVersion?: number;

  @ApiPropertyOptional({ description: 'Registry code (设施编号), 2–32 letters, digits and dashes; codes starting CCF are reserved' })
  code?: string;

  @ApiPropertyOptional({ description: 'The full new set of temperature zones, each kind at most once (温区, 整体替换)', type: [TemperatureZoneDto] })
  temperatureZones?: TemperatureZoneDto[];

  @ApiPropertyOptional({ description: 'Level of the designating authority (认定级别); null removes the designation', enum: DESIGNATION_LEVELS, nullable: true })
  @IsOptional()
  @IsIn(DESIGNATION_LEVELS)
  designationLevel?: DesignationLevel | null;

  @ApiPropertyOptional({ description: 'Designation date (认定日期); null removes the designation', nullable: true, type: String })
  @IsOptional()
  @IsBusinessDate()
  designatedAt?: string | null;

  @ApiPropertyOptional({ description: 'Parent facility in the tier tree (上级设施); null detaches', format: 'uuid', nullable: true, type: String })
  @IsOptional()
  @IsUUID()
  parentId?: string | null;
}

/** A status change with the date it took effect (状态变更). */
export class ChangeFacilityStatusRequest {
  @ApiProperty({ description: 'New status (新状态); allowed transitions in GET /cold-chain/reference', enum: FACILITY_STATUSES })
  @IsIn(FACILITY_STATUSES)
  status: FacilityStatus;

  @ApiProperty({ description: 'Date the change took effect, YYYY-MM-DD, not before the last change nor in the future (生效日期)', example: '2024-06-01' })
  @IsBusinessDate()
  date: string;

  @ApiPropertyOptional({ description: 'Reason or note (原因说明)' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class FacilityIdRequest {
  @ApiProperty({ description: 'Facility id', format: 'uuid' })
  @IsUUID()
  id: string;
}

export class UpdateFacilityMessage extends IntersectionType(FacilityIdRequest, UpdateFacilityRequest) {}
export class ChangeFacilityStatusMessage extends IntersectionType(FacilityIdRequest, ChangeFacilityStatusRequest) {}

/** Filters of the registry (设施查询). */
export class ListFacilitiesRequest extends PageQuery {
  @ApiPropertyOptional({ description: 'Facility kind (设施类型)', enum: FACILITY_KINDS })
  @IsOptional()
  @IsIn(FACILITY_KINDS)
  kind?: FacilityKind;

  @ApiPropertyOptional({ description: 'Region: city, county, township or village code; facilities inside it (区划)', example: '1408' })
  @IsOptional()
  @Matches(PROVINCE_REGION_CODE, { message: 'regionCode must be a region code of the province' })
  regionCode?: string;

  @ApiPropertyOptional({ description: 'Current status (状态)', enum: FACILITY_STATUSES })
  @IsOptional()
  @IsIn(FACILITY_STATUSES)
  status?: FacilityStatus;

  @ApiPropertyOptional({ description: 'Handles this commodity (品类)', enum: COMMODITIES })
  @IsOptional()
  @IsIn(COMMODITIES)
  commodity?: Commodity;

  @ApiPropertyOptional({ description: 'Direct children of this facility (上级设施)', format: 'uuid' })
  @IsOptional()
  @IsUUID()
  parentId?: string;

  @ApiPropertyOptional({ description: 'Name or operator contains (名称或运营主体包含)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class TemperatureZoneResponseDto {
  @ApiProperty({ description: 'Zone kind (温区类型)', enum: ZONE_KINDS }) zone: ZoneKind;
  @ApiProperty({ description: 'Lowest set point °C (最低温度)' }) minC: number;
  @ApiProperty({ description: 'Highest set point °C (最高温度)' }) maxC: number;
  @ApiProperty({ description: 'Capacity in tonnes (温区库容, 吨)' }) capacityTonnes: number;
  @ApiProperty({ description: 'Oxygen set point % (氧气浓度)', nullable: true, type: Number }) oxygenPct: number | null;
  @ApiProperty({ description: 'Carbon dioxide set point % (二氧化碳浓度)', nullable: true, type: Number }) carbonDioxidePct: number | null;
}

export class GeoPointResponseDto {
  @ApiProperty({ description: 'Latitude (纬度)' }) lat: number;
  @ApiProperty({ description: 'Longitude (经度)' }) lng: number;
}

export class FacilityResponseDto {
  @ApiProperty({ description: 'Facility id', format: 'uuid' }) id: string;
  @ApiProperty({ description: 'Registry code (设施编号)' }) code: string;
  @ApiProperty({ description: 'Facility kind (设施类型)', enum: FACILITY_KINDS }) kind: FacilityKind;
  @ApiProperty({ description: 'Facility kind in Chinese (设施类型名称)' }) kindName: string;
  @ApiProperty({ description: 'Facility name (设施名称)' }) name: string;
  @ApiProperty({ description: 'Operating entity (运营主体)' }) operator: string;
  @ApiProperty({ description: 'Operator credit code (运营主体统一社会信用代码)', nullable: true, type: String }) operatorUscc: string | null;
  @ApiProperty({ description: 'Region code (所在区划)' }) regionCode: string;
  @ApiProperty({ description: 'County code (所在县)' }) countyCode: string;
  @ApiProperty({ description: 'County name (县名)' }) countyName: string;
  @ApiProperty({ description: 'City code (所在市)' }) cityCode: string;
  @ApiProperty({ description: 'City name (市名)' }) cityName: string;
  @ApiProperty({ description: 'Street address (详细地址)', nullable: true, type: String }) address: string | null;
  @ApiProperty({ description: 'Location (位置)', type: GeoPointResponseDto }) location: GeoPointResponseDto;
  @ApiProperty({ description: 'Capacity in tonnes (库容, 吨)' }) capacityTonnes: number;
  @ApiProperty({ description: 'Volume in cubic metres (库容体积)', nullable: true, type: Number }) volumeCubicMetres: number | null;
  @ApiProperty({ description: 'Temperature zones (温区)', type: [TemperatureZoneResponseDto] }) temperatureZones: TemperatureZoneResponseDto[];
  @ApiProperty({ description: 'Commodities (品类)', enum: COMMODITIES, isArray: true }) commodities: Commodity[];
  @ApiProperty({ description: 'Current status (状态)', enum: FACILITY_STATUSES }) status: FacilityStatus;
  @ApiProperty({ description: 'Date the current status took effect (状态生效日期)' }) statusSince: string;
  @ApiProperty({ description: 'Designation level (认定级别)', enum: DESIGNATION_LEVELS, nullable: true }) designationLevel: DesignationLevel | null;
  @ApiProperty({ description: 'Designation date (认定日期)', nullable: true, type: String }) designatedAt: string | null;
  @ApiProperty({ description: 'Parent facility in the tier tree (上级设施)', nullable: true, type: String }) parentId: string | null;
  @ApiProperty({ description: 'Version, raised by every change (版本号)' }) version: number;
  @ApiProperty({ description: 'Registered at (登记时间)' }) createdAt: string;
  @ApiProperty({ description: 'Last change (最近变更)' }) updatedAt: string;
}

export class FacilitySummaryDto {
  @ApiProperty({ description: 'Facility id', format: 'uuid' }) id: string;
  @ApiProperty({ description: 'Registry code (设施编号)' }) code: string;
  @ApiProperty({ description: 'Facility kind (设施类型)', enum: FACILITY_KINDS }) kind: FacilityKind;
  @ApiProperty({ description: 'Facility name (设施名称)' }) name: string;
  @ApiProperty({ description: 'Status (状态)', enum: FACILITY_STATUSES }) status: FacilityStatus;
  @ApiProperty({ description: 'Region code (所在区划)' }) regionCode: string;
  @ApiProperty({ description: 'Capacity in tonnes (库容, 吨)' }) capacityTonnes: number;
}

export class StatusChangeDto {
  @ApiProperty({ description: 'Previous status; null for the registration (原状态)', enum: FACILITY_STATUSES, nullable: true }) from: FacilityStatus | null;
  @ApiProperty({ description: 'New status (新状态)', enum: FACILITY_STATUSES }) to: FacilityStatus;
  @ApiProperty({ description: 'Date it took effect (生效日期)' }) date: string;
  @ApiProperty({ description: 'Reason (原因)', nullable: true, type: String }) reason: string | null;
  @ApiProperty({ description: 'Recorded by (登记人)' }) recordedBy: string;
  @ApiProperty({ description: 'Recorded at (登记时间)' }) recordedAt: string;
}

export class FacilityDetailDto extends FacilityResponseDto {
  @ApiProperty({ description: 'Dated status history, oldest first (状态历史)', type: [StatusChangeDto] }) statusHistory: StatusChangeDto[];
  @ApiProperty({ description: 'Ancestors in the tier tree, root first (上级链)', type: [FacilitySummaryDto] }) ancestors: FacilitySummaryDto[];
  @ApiProperty({ description: 'Direct children in the tier tree (下级设施)', type: [FacilitySummaryDto] }) children: FacilitySummaryDto[];
}

export class FacilityPageDto {
  @ApiProperty({ type: [FacilityResponseDto] }) items: FacilityResponseDto[];
  @ApiProperty({ description: 'Cursor of the next page, null at the end', nullable: true, type: String }) nextCursor: string | null;
}

export class FacilityTreeNodeDto extends FacilitySummaryDto {
  @ApiProperty({ description: 'Children in the tier tree (下级设施)', type: () => [FacilityTreeNodeDto] }) children: FacilityTreeNodeDto[];
}
