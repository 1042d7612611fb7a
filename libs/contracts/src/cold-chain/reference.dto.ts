import { ApiProperty } from '@nestjs/swagger';
import { COMMODITIES, DESIGNATION_LEVELS, FACILITY_KINDS, FACILITY_STATUSES, ZONE_KINDS } from './vocabulary.js';

export class KindRuleDto {
  @ApiProperty({ description: 'Facility kind (设施类型)', enum: FACILITY_KINDS }) kind: string;
  @ApiProperty({ description: 'Chinese name (中文名称)' }) name: string;
  @ApiProperty({ description: 'Tier in the three-tier network, 1 = core (层级)' }) tier: number;
  @ApiProperty({ description: 'Kinds it may hang under; empty for the root (允许的上级类型)', enum: FACILITY_KINDS, isArray: true }) allowedParents: string[];
  @ApiProperty({ description: 'Designation level it must have when designated, if fixed (认定级别)', nullable: true, type: String }) designationLevel:
    string | null;
}

export class ZoneRuleDto {
  @ApiProperty({ description: 'Zone kind (温区类型)', enum: ZONE_KINDS }) zone: string;
  @ApiProperty({ description: 'Chinese name (中文名称)' }) name: string;
  @ApiProperty({ description: 'Lowest allowed set point °C (允许最低温度)' }) minC: number;
  @ApiProperty({ description: 'Highest allowed set point °C (允许最高温度)' }) maxC: number;
  @ApiProperty({ description: 'Needs oxygen and carbon dioxide set points (需气体调控)' }) gasControl: boolean;
  @ApiProperty({ description: 'Why this range (依据)' }) basis: string;
}

export class StatusRuleDto {
  @ApiProperty({ description: 'Status (状态)', enum: FACILITY_STATUSES }) status: string;
  @ApiProperty({ description: 'Chinese name (中文名称)' }) name: string;
  @ApiProperty({ description: 'Allowed at registration (可用于登记)' }) atRegistration: boolean;
  @ApiProperty({ description: 'Statuses it may change to (可变更为)', enum: FACILITY_STATUSES, isArray: true }) next: string[];
}

export class CodeNameDto {
  @ApiProperty({ description: 'Code (代码)' }) code: string;
  @ApiProperty({ description: 'Chinese name (中文名称)' }) name: string;
}

export class GasRuleDto {
  @ApiProperty({ description: 'Oxygen range % (氧气浓度范围)', type: [Number] }) oxygenPct: number[];
  @ApiProperty({ description: 'Carbon dioxide range % (二氧化碳浓度范围)', type: [Number] }) carbonDioxidePct: number[];
  @ApiProperty({ description: 'Why (依据)' }) basis: string;
}

export class BoundsDto {
  @ApiProperty({ description: 'Southern bound (最南纬度)' }) minLat: number;
  @ApiProperty({ description: 'Northern bound (最北纬度)' }) maxLat: number;
  @ApiProperty({ description: 'Western bound (最西经度)' }) minLng: number;
  @ApiProperty({ description: 'Eastern bound (最东经度)' }) maxLng: number;
}

/** The registry's rule tables, as the service applies them (规则表). */
export class ColdChainReferenceDto {
  @ApiProperty({ type: [KindRuleDto] }) kinds: KindRuleDto[];
  @ApiProperty({ type: [ZoneRuleDto] }) zones: ZoneRuleDto[];
  @ApiProperty({ type: GasRuleDto }) gasControl: GasRuleDto;
  @ApiProperty({ type: [StatusRuleDto] }) statuses: StatusRuleDto[];
  @ApiProperty({ type: [CodeNameDto], description: `Commodities: ${COMMODITIES.join(', ')}` }) commodities: CodeNameDto[];
  @ApiProperty({ type: [CodeNameDto], description: `Designation levels: ${DESIGNATION_LEVELS.join(', ')}` }) designationLevels: CodeNameDto[];
  @ApiProperty({
    type: BoundsDto,
    description:
      'Bounding box a facility’s location must lie in: the box of the deployment’s province (PROVINCE_CODE; named for Shanxi, the first) (本省经纬度范围)',
  })
  shanxiBounds: BoundsDto;
  @ApiProperty({ description: 'Import/export columns, in order (导入导出列)', type: [String] }) importColumns: string[];
}
