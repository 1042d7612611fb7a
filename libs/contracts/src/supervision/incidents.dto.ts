import { provincePattern } from '../province.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { PageQuery } from '../common/page.js';
import { IsUscc } from '../validators.js';

export const INCIDENT_KINDS = ['weather', 'epidemic', 'outlet_closure', 'traffic', 'accident', 'other'] as const;
export const INCIDENT_STATUSES = ['open', 'responding', 'resolved', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
/** Open statuses: resources dispatched to them are held. */
export const OPEN_INCIDENT_STATUSES: readonly IncidentStatus[] = ['open', 'responding'];
/**
 * Emergency resources (应急资源): vehicles, teams and depots, and (seed 001 §28: 将重点电商平台企业…纳入省应急物资配送体系)
 * e-commerce platform enterprises and their warehouses.
 */
export const RESOURCE_KINDS = ['vehicle', 'team', 'depot', 'ecommerce_platform', 'ecommerce_warehouse'] as const;
/** Kinds that name the enterprise operating them. */
export const OPERATED_RESOURCE_KINDS: ReadonlyArray<(typeof RESOURCE_KINDS)[number]> = ['ecommerce_platform', 'ecommerce_warehouse'];
export const CAPACITY_UNITS = ['parcels_per_day', 'tonnes', 'persons', 'square_metres'] as const;

const REGION = provincePattern('(\\d{2}|\\d{4}|\\d{7})?');

export class CreateIncidentRequest {
  @ApiProperty({
    description: 'Kind (事件类型): weather 气象灾害, epidemic 疫情, outlet_closure 网点停业, traffic 交通管制, accident 安全事故, other',
    enum: INCIDENT_KINDS,
  })
  @IsIn(INCIDENT_KINDS)
  kind: (typeof INCIDENT_KINDS)[number];

  @ApiProperty({ description: 'Title (事件名称)', example: '吕梁暴雪致快递中断' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  title: string;

  @ApiProperty({ description: 'Severity (事件级别): 1 特别重大, 2 重大, 3 较大, 4 一般', minimum: 1, maximum: 4 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(4)
  severity: number;

  @ApiProperty({ type: [String], description: 'Affected regions (影响区域): city, county or township codes', example: ['141100'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @Matches(REGION, { each: true, message: 'affectedRegions must be region codes of the province' })
  affectedRegions: string[];

  @ApiPropertyOptional({ description: 'Description (事件描述)' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string;
}

export class IncidentStatusRequest {
  @ApiProperty({ description: 'New status (状态)', enum: INCIDENT_STATUSES })
  @IsIn(INCIDENT_STATUSES)
  status: IncidentStatus;

  @ApiPropertyOptional({ description: 'Note for the timeline (备注)' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class IncidentStatusMessage extends IncidentStatusRequest {
  @ApiProperty({ description: 'Incident id' })
  @IsUUID()
  id: string;
}

export class DispatchRequest {
  @ApiProperty({ type: [String], description: 'Emergency resources to send (调度资源)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  resourceIds: string[];

  @ApiPropertyOptional({ description: 'Note for the timeline (调度说明)' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class DispatchMessage extends DispatchRequest {
  @ApiProperty({ description: 'Incident id' })
  @IsUUID()
  id: string;
}

export class ReleaseDispatchMessage {
  @ApiProperty({ description: 'Incident id' })
  @IsUUID()
  incidentId: string;

  @ApiProperty({ description: 'Dispatch id' })
  @IsUUID()
  dispatchId: string;
}

export class IncidentIdRequest {
  @ApiProperty({ description: 'Incident id' })
  @IsUUID()
  id: string;
}

export class ListIncidentsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Status (状态)', enum: INCIDENT_STATUSES })
  @IsOptional()
  @IsIn(INCIDENT_STATUSES)
  status?: IncidentStatus;
}

export class CreateResourceRequest {
  @ApiProperty({
    description:
      'Kind (资源类型): vehicle 车辆, team 应急人员队伍, depot 仓储场地, ecommerce_platform 电商平台企业, ecommerce_warehouse 电商平台仓库 (the last two name their operator)',
    enum: RESOURCE_KINDS,
  })
  @IsIn(RESOURCE_KINDS)
  kind: (typeof RESOURCE_KINDS)[number];

  @ApiProperty({ description: 'Name (名称)', example: '晋A·应急01 冷藏车' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name: string;

  @ApiProperty({ description: 'Where it is stationed (所在区划): city, county or township code', example: '140105' })
  @Matches(REGION, { message: 'regionCode must be a region code of the province' })
  regionCode: string;

  @ApiProperty({ description: 'Capacity (能力)', example: 5 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  capacity: number;

  @ApiProperty({ description: 'Unit of capacity (能力单位)', enum: CAPACITY_UNITS })
  @IsIn(CAPACITY_UNITS)
  capacityUnit: (typeof CAPACITY_UNITS)[number];

  @ApiPropertyOptional({ description: 'Operating enterprise (运营企业): required for an e-commerce platform or warehouse', example: '山西某电商平台有限公司' })
  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  operatorName?: string;

  @ApiPropertyOptional({ description: 'Operator’s unified social credit code (统一社会信用代码)' })
  @IsOptional()
  @IsUscc()
  operatorUscc?: string;

  @ApiPropertyOptional({ description: 'Address (地址), e.g. of a warehouse' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  address?: string;
}

export class ListResourcesQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only resources not held by an open incident (仅可调度)', enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'])
  available?: 'true' | 'false';
}

export class ResourceDto {
  @ApiProperty({ description: 'Resource id' }) id: string;
  @ApiProperty({ description: 'Kind (资源类型)', enum: RESOURCE_KINDS }) kind: string;
  @ApiProperty({ description: 'Name (名称)' }) name: string;
  @ApiProperty({ description: 'Region (所在区划)' }) regionCode: string;
  @ApiProperty({ description: 'Capacity (能力)' }) capacity: number;
  @ApiProperty({ description: 'Unit (能力单位)', enum: CAPACITY_UNITS }) capacityUnit: string;
  @ApiProperty({ description: 'Incident holding it now, if any (当前任务)', nullable: true, type: String }) heldBy: string | null;
  @ApiProperty({ description: 'Operating enterprise (运营企业)', nullable: true, type: String }) operatorName: string | null;
  @ApiProperty({ description: 'Operator’s credit code (统一社会信用代码)', nullable: true, type: String }) operatorUscc: string | null;
  @ApiProperty({ description: 'Address (地址)', nullable: true, type: String }) address: string | null;
  @ApiProperty({ description: 'Registered at (登记时间)' }) createdAt: string;
}

export class ResourcePageDto {
  @ApiProperty({ type: [ResourceDto] }) items: ResourceDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class DispatchDto {
  @ApiProperty({ description: 'Dispatch id' }) id: string;
  @ApiProperty({ description: 'Resource id (资源)' }) resourceId: string;
  @ApiProperty({ description: 'Resource name (资源名称)' }) resourceName: string;
  @ApiProperty({ description: 'Dispatched at (调度时间)' }) dispatchedAt: string;
  @ApiProperty({ description: 'Released at (释放时间)', nullable: true, type: String }) releasedAt: string | null;
}

export class TimelineEntryDto {
  @ApiProperty({ description: 'When (时间)' }) at: string;
  @ApiProperty({ description: 'What (事项): opened, status, dispatched, released', example: 'dispatched' }) kind: string;
  @ApiProperty({ description: 'Details (详情)', type: Object }) detail: Record<string, unknown>;
  @ApiProperty({ description: 'Who (操作人)' }) actor: string;
}

export class IncidentDto {
  @ApiProperty({ description: 'Incident id' }) id: string;
  @ApiProperty({ description: 'Kind (事件类型)', enum: INCIDENT_KINDS }) kind: string;
  @ApiProperty({ description: 'Title (事件名称)' }) title: string;
  @ApiProperty({ description: 'Severity 1–4 (事件级别)' }) severity: number;
  @ApiProperty({ description: 'Status (状态)', enum: INCIDENT_STATUSES }) status: IncidentStatus;
  @ApiProperty({ type: [String], description: 'Affected regions (影响区域)' }) affectedRegions: string[];
  @ApiProperty({ description: 'Description (事件描述)', nullable: true, type: String }) description: string | null;
  @ApiProperty({ description: 'Opened at (发生时间)' }) createdAt: string;
  @ApiProperty({ type: [DispatchDto], description: 'Dispatches (调度记录)' }) dispatches: DispatchDto[];
  @ApiProperty({ type: [TimelineEntryDto], description: 'Timeline, oldest first (处置时间线)' }) timeline: TimelineEntryDto[];
}

export class IncidentPageDto {
  @ApiProperty({ type: [IncidentDto] }) items: IncidentDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
