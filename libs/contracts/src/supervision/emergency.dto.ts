import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { PageQuery } from '../common/page.js';
import { IsBusinessDate, SCOPE_REGION_CODE } from '../validators.js';

const REGION_MESSAGE = 'regionCode must be the province, a city (4 digits) or a county (6 digits) of it';

/** An emergency plan (应急预案) of a region, seed 001 §28 (应急管理体系建设). */
export class CreateEmergencyPlanRequest {
  @ApiProperty({ description: 'Region the plan covers (适用区划): the province, a city or a county', example: '1401' })
  @Matches(SCOPE_REGION_CODE, { message: REGION_MESSAGE })
  regionCode: string;

  @ApiProperty({ description: 'Title (预案名称)', example: '太原市寄递物流突发事件应急预案' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  title: string;

  @ApiProperty({ description: 'Issued on, YYYY-MM-DD, not in the future (印发日期)' })
  @IsBusinessDate()
  issuedOn: string;

  @ApiProperty({ description: 'What it covers: events, units, responsibilities (适用范围与主要内容)' })
  @IsString()
  @MinLength(2)
  @MaxLength(4000)
  summary: string;
}

export class ListEmergencyPlansQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Plans of this region and the regions inside it (区划); default the caller’s' })
  @IsOptional()
  @Matches(SCOPE_REGION_CODE, { message: REGION_MESSAGE })
  regionCode?: string;
}

export class EmergencyPlanDto {
  @ApiProperty({ description: 'Plan id' }) id: string;
  @ApiProperty({ description: 'Region (适用区划)' }) regionCode: string;
  @ApiProperty({ description: 'Title (预案名称)' }) title: string;
  @ApiProperty({ description: 'Issued on (印发日期)' }) issuedOn: string;
  @ApiProperty({ description: 'Scope and content (适用范围与主要内容)' }) summary: string;
  @ApiProperty({ description: 'Drills recorded under it (演练次数)' }) drills: number;
  @ApiProperty({ description: 'Registered at (登记时间)' }) createdAt: string;
}

export class EmergencyPlanPageDto {
  @ApiProperty({ type: [EmergencyPlanDto] }) items: EmergencyPlanDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

/** An emergency drill held (应急演练), seed 001 §29 (参与地方应急演练). */
export class RecordDrillRequest {
  @ApiProperty({ description: 'Region where it was held (演练区划): the province, a city or a county', example: '1401' })
  @Matches(SCOPE_REGION_CODE, { message: REGION_MESSAGE })
  regionCode: string;

  @ApiPropertyOptional({ description: 'The plan it exercised (演练预案), of the same region or one enclosing it' })
  @IsOptional()
  @IsUUID()
  planId?: string;

  @ApiProperty({ description: 'Title (演练名称)', example: '2025年太原市快递物流应急保通演练' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  title: string;

  @ApiProperty({ description: 'Held on, YYYY-MM-DD, not in the future (演练日期)' })
  @IsBusinessDate()
  heldOn: string;

  @ApiProperty({ description: 'Participating units (参演单位)', type: [String], example: ['太原市邮政管理局', '中通快递太原分公司'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MinLength(2, { each: true })
  @MaxLength(200, { each: true })
  participants: string[];

  @ApiProperty({ description: 'People taking part (参演人数)', example: 45 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  participantCount: number;

  @ApiPropertyOptional({ description: 'Registered emergency resources used (动用的应急资源), GET /emergency-resources', type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  resourceIds?: string[];

  @ApiPropertyOptional({ description: 'Other resources used, in words (其他动用资源)' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  resourcesNote?: string;

  @ApiProperty({ description: 'Findings: what worked, what must improve (演练发现与改进事项)' })
  @IsString()
  @MinLength(2)
  @MaxLength(4000)
  findings: string;
}

export class ListDrillsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Drills of this region and the regions inside it (区划); default the caller’s' })
  @IsOptional()
  @Matches(SCOPE_REGION_CODE, { message: REGION_MESSAGE })
  regionCode?: string;

  @ApiPropertyOptional({ description: 'Only drills of this plan (预案)' })
  @IsOptional()
  @IsUUID()
  planId?: string;
}

export class DrillResourceDto {
  @ApiProperty({ description: 'Resource id' }) id: string;
  @ApiProperty({ description: 'Kind (资源类型)' }) kind: string;
  @ApiProperty({ description: 'Name (名称)' }) name: string;
}

export class DrillDto {
  @ApiProperty({ description: 'Drill id' }) id: string;
  @ApiProperty({ description: 'Region (演练区划)' }) regionCode: string;
  @ApiProperty({ description: 'Plan exercised (演练预案)', nullable: true, type: String }) planId: string | null;
  @ApiProperty({ description: 'Title (演练名称)' }) title: string;
  @ApiProperty({ description: 'Held on (演练日期)' }) heldOn: string;
  @ApiProperty({ description: 'Participating units (参演单位)', type: [String] }) participants: string[];
  @ApiProperty({ description: 'People taking part (参演人数)' }) participantCount: number;
  @ApiProperty({ description: 'Registered resources used (动用的应急资源)', type: [DrillResourceDto] }) resources: DrillResourceDto[];
  @ApiProperty({ description: 'Other resources used (其他动用资源)', nullable: true, type: String }) resourcesNote: string | null;
  @ApiProperty({ description: 'Findings (演练发现与改进事项)' }) findings: string;
  @ApiProperty({ description: 'Recorded at (登记时间)' }) createdAt: string;
}

export class DrillPageDto {
  @ApiProperty({ type: [DrillDto] }) items: DrillDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
