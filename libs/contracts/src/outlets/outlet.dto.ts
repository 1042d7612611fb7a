import { provincePattern } from '../province.js';
import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
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
import { IsBusinessDate, PROVINCE_REGION_CODE } from '../validators.js';

/** Kinds of outlet (末端网点类型). */
export const OUTLET_KINDS = ['terminal_outlet', 'smart_locker', 'public_service_station', 'village_post_station', 'village_service_point'] as const;
export type OutletKind = (typeof OUTLET_KINDS)[number];

/** Chinese names of the outlet kinds, as printed on receipts. */
export const OUTLET_KIND_NAMES: Record<OutletKind, string> = {
  terminal_outlet: '快递末端网点',
  smart_locker: '智能快件箱',
  public_service_station: '快递公共服务站（多站合一）',
  village_post_station: '村邮站',
  village_service_point: '村级寄递物流综合服务点',
};

/**
 * Outlet status (网点状态): `submitted` (备案申请已提交), `filed` (已备案), `rejected` (不予备案),
 * `closed` (已注销), `lapsed` (备案失效: the operator's licence was revoked).
 */
export const OUTLET_STATUSES = ['submitted', 'filed', 'rejected', 'closed', 'lapsed'] as const;
export type OutletStatus = (typeof OUTLET_STATUSES)[number];

/** What a filing version is (备案类型): first filing, change filing or closure. */
export const FILING_TYPES = ['initial', 'change', 'closure'] as const;
export type FilingType = (typeof FILING_TYPES)[number];

/** State of one filing version (备案版本状态). */
export const FILING_STATUSES = ['submitted', 'accepted', 'rejected', 'superseded', 'lapsed'] as const;
export type FilingStatus = (typeof FILING_STATUSES)[number];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A Shanxi township (9 digits) or village (12 digits) statistical division code. */
const TOWNSHIP_OR_VILLAGE = provincePattern('\\d{7}(\\d{3})?');
/** A Shanxi region code at any level. */

/** Compartments of a smart parcel locker by size (格口数). */
export class CompartmentsDto {
  @ApiProperty({ description: 'Small compartments (小格口)', example: 40, minimum: 0, maximum: 2000 })
  @IsInt()
  @Min(0)
  @Max(2000)
  small: number;

  @ApiProperty({ description: 'Medium compartments (中格口)', example: 24, minimum: 0, maximum: 2000 })
  @IsInt()
  @Min(0)
  @Max(2000)
  medium: number;

  @ApiProperty({ description: 'Large compartments (大格口)', example: 8, minimum: 0, maximum: 2000 })
  @IsInt()
  @Min(0)
  @Max(2000)
  large: number;
}

/** File a new outlet (末端网点备案). */
export class CreateOutletRequest {
  @ApiProperty({ description: 'Outlet kind (网点类型)', enum: OUTLET_KINDS })
  @IsIn(OUTLET_KINDS)
  kind: OutletKind;

  @ApiProperty({ description: 'Outlet name (网点名称)', example: '临猗县城关镇中通快递服务站' })
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  name: string;

  @ApiProperty({ description: 'Operator: the licensed express enterprise that runs the outlet (开办主体企业编号)' })
  @Matches(UUID, { message: 'enterpriseId must be a uuid' })
  enterpriseId: string;

  @ApiPropertyOptional({
    description: 'Other licensed enterprises whose parcels the outlet also serves (共用品牌企业, 多站合一)',
    type: [String],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @Matches(UUID, { each: true, message: 'sharedEnterpriseIds must be uuids' })
  sharedEnterpriseIds?: string[];

  @ApiProperty({
    description: 'Township (9 digits) or village (12 digits) statistical division code (所在乡镇或行政村区划代码)',
    example: '140821100',
  })
  @Matches(TOWNSHIP_OR_VILLAGE, { message: 'regionCode must be a Shanxi township (9 digits) or village (12 digits) code' })
  regionCode: string;

  @ApiProperty({ description: 'Street address (详细地址)', example: '临猗县城关镇解放路12号' })
  @IsString()
  @MinLength(4)
  @MaxLength(200)
  address: string;

  @ApiProperty({ description: 'Location (经纬度), within Shanxi', type: LocationDto })
  @ValidateNested()
  @Type(() => LocationDto)
  location: LocationDto;

  @ApiPropertyOptional({ description: 'Opening hours (营业时间)', example: '08:00-20:00' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  openingHours?: string;

  @ApiPropertyOptional({ description: 'Person in charge (负责人)', example: '张三' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  personInCharge?: string;

  @ApiPropertyOptional({ description: 'Compartments by size; required for a smart locker (格口数)', type: CompartmentsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => CompartmentsDto)
  compartments?: CompartmentsDto;

  @ApiPropertyOptional({
    description: 'Date the outlet opened, YYYY-MM-DD (开办日期); the filing is due within 20 days of it. Default: today',
    example: '2026-11-20',
  })
  @IsOptional()
  @IsBusinessDate()
  openedOn?: string;

  @ApiPropertyOptional({
    description: "The operator's branch or business office that runs the outlet (运营的分支机构、营业部), from GET /enterprises/{id}/branches",
  })
  @IsOptional()
  @Matches(UUID, { message: 'branchId must be a uuid' })
  branchId?: string;
}

/** The filing message as the gateway forwards it: the request plus the acting organisation's credit code. */
export class FileOutletMessage extends CreateOutletRequest {
  @ApiPropertyOptional({ description: 'Credit code of the caller’s organisation, set by the gateway (机构统一社会信用代码)' })
  @IsOptional()
  @IsString()
  @MaxLength(18)
  actingUscc?: string;
}

export class OutletIdRequest {
  @ApiProperty({ description: 'Outlet id (网点编号)' })
  @IsUUID()
  id: string;
}

/** Decide a pending filing (备案审核). */
export class OutletDecisionRequest {
  @ApiProperty({ description: 'accept: file it and issue a receipt (予以备案); reject: refuse it (不予备案)', enum: ['accept', 'reject'] })
  @IsIn(['accept', 'reject'])
  decision: 'accept' | 'reject';

  @ApiPropertyOptional({ description: 'Reason; required when rejecting (理由)' })
  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(500)
  reason?: string;
}

export class OutletDecisionMessage extends OutletDecisionRequest {
  @ApiProperty({ description: 'Outlet id (网点编号)' })
  @IsUUID()
  id: string;
}

/** One-time notice of missing material (一次性告知需补正的材料). */
export class OutletNoticeRequest {
  @ApiProperty({ description: 'Every missing item, all at once (需补正的材料)', type: [String], example: ['负责人身份证明'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MinLength(2, { each: true })
  @MaxLength(200, { each: true })
  missingItems: string[];
}

export class OutletNoticeMessage extends OutletNoticeRequest {
  @ApiProperty({ description: 'Outlet id (网点编号)' })
  @IsUUID()
  id: string;
}

/**
 * A change filing (变更备案): the fields that change; the others keep their values. The
 * operator and the township stay: another operator or township is a new filing.
 */
export class OutletChangeRequest extends PartialType(OmitType(CreateOutletRequest, ['enterpriseId', 'openedOn'] as const)) {
  @ApiPropertyOptional({ description: 'Village code inside the same township, or the township code itself (所在行政村)' })
  regionCode?: string;

  @ApiPropertyOptional({
    description: 'Date the change took effect, YYYY-MM-DD (变更日期); the change is due within 10 days of it. Default: today',
  })
  @IsOptional()
  @IsBusinessDate()
  changedOn?: string;
}

export class OutletChangeMessage extends OutletChangeRequest {
  @ApiProperty({ description: 'Outlet id (网点编号)' })
  @IsUUID()
  id: string;
}

/** Close an outlet (注销/停止经营). */
export class OutletClosureRequest {
  @ApiProperty({ description: 'Why the outlet closes (注销原因)', example: '经营场所拆迁' })
  @IsString()
  @MinLength(2)
  @MaxLength(500)
  reason: string;

  @ApiPropertyOptional({ description: 'Date the outlet stopped operating, YYYY-MM-DD (停止经营日期). Default: today' })
  @IsOptional()
  @IsBusinessDate()
  closedOn?: string;
}

export class OutletClosureMessage extends OutletClosureRequest {
  @ApiProperty({ description: 'Outlet id (网点编号)' })
  @IsUUID()
  id: string;
}

export class ListOutletsRequest extends PageQuery {
  @ApiPropertyOptional({ description: 'Region code prefix: city, county, township or village (区划代码)' })
  @IsOptional()
  @Matches(PROVINCE_REGION_CODE, { message: 'regionCode must be a region code of the province' })
  regionCode?: string;

  @ApiPropertyOptional({ description: 'Outlet kind (网点类型)', enum: OUTLET_KINDS })
  @IsOptional()
  @IsIn(OUTLET_KINDS)
  kind?: OutletKind;

  @ApiPropertyOptional({ description: 'Outlet status (网点状态)', enum: OUTLET_STATUSES })
  @IsOptional()
  @IsIn(OUTLET_STATUSES)
  status?: OutletStatus;

  @ApiPropertyOptional({ description: 'Operator enterprise id (开办主体)' })
  @IsOptional()
  @IsUUID()
  enterpriseId?: string;
}

export const OVERDUE_TYPES = ['decision', 'filing'] as const;
export type OverdueType = (typeof OVERDUE_TYPES)[number];

/** Filings past a statutory date (逾期事项). */
export class OverdueFilingsRequest extends PageQuery {
  @ApiPropertyOptional({
    description:
      'decision: pending filings past their 5-working-day decision date (审核逾期); filing: filings the operator submitted after ' +
      'the 20-day (opening) or 10-day (change) limit (逾期备案). Default: decision',
    enum: OVERDUE_TYPES,
  })
  @IsOptional()
  @IsIn(OVERDUE_TYPES)
  type?: OverdueType;

  @ApiPropertyOptional({ description: 'Judge overdue as of this date, YYYY-MM-DD (截止日期). Default: today' })
  @IsOptional()
  @IsBusinessDate()
  asOf?: string;

  @ApiPropertyOptional({ description: 'Region code prefix (区划代码)' })
  @IsOptional()
  @Matches(PROVINCE_REGION_CODE, { message: 'regionCode must be a region code of the province' })
  regionCode?: string;
}
