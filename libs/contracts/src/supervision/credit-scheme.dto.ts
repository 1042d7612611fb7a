import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { PageQuery } from '../common/page.js';
import { SEVERITIES } from './inspections.dto.js';
import { RectificationAttachment } from './rectifications.dto.js';

const SEVERITY_OR_NONE = [...SEVERITIES, 'none'] as const;
export type SeverityOrNone = (typeof SEVERITY_OR_NONE)[number];

export class SeverityPointsDto {
  @ApiProperty({ description: 'Points of a minor record (一般)', minimum: 0, maximum: 100 }) @Type(() => Number) @IsInt() @Min(0) @Max(100) minor: number;
  @ApiProperty({ description: 'Points of a serious record (较重)', minimum: 0, maximum: 100 }) @Type(() => Number) @IsInt() @Min(0) @Max(100) serious: number;
  @ApiProperty({ description: 'Points of a grave record (严重)', minimum: 0, maximum: 100 }) @Type(() => Number) @IsInt() @Min(0) @Max(100) grave: number;
}

export class LevelThresholdsDto {
  @ApiProperty({ description: 'Lowest score of level A (A级下限)' }) @Type(() => Number) @IsInt() @Min(1) @Max(100) A: number;
  @ApiProperty({ description: 'Lowest score of level B (B级下限)' }) @Type(() => Number) @IsInt() @Min(1) @Max(100) B: number;
  @ApiProperty({ description: 'Lowest score of level C (C级下限); below is D' }) @Type(() => Number) @IsInt() @Min(1) @Max(100) C: number;
}

/**
 * Which events create a credit record, and how grave (信用记录产生规则): `none` creates none.
 * Overdue orders are counted when an order is escalated to special supervision.
 */
export class CreditRecordRulesDto {
  @ApiProperty({ description: 'A rectification order escalated after its due date (责令整改逾期)', enum: SEVERITY_OR_NONE })
  @IsIn(SEVERITY_OR_NONE)
  overdueOrder: SeverityOrNone;
  @ApiProperty({ description: 'Staff open a rectification order for a late filing (逾期报送)', enum: SEVERITY_OR_NONE })
  @IsIn(SEVERITY_OR_NONE)
  lateFiling: SeverityOrNone;
  @ApiProperty({ description: 'Staff confirm data fraud (数据造假) on a data-anomaly order (fraudConfirmed on accept or close)', enum: SEVERITY_OR_NONE })
  @IsIn(SEVERITY_OR_NONE)
  dataFraud: SeverityOrNone;
}

/** A new version of the credit scheme (信用评分方案), set by the administration. */
export class CreateCreditSchemeRequest {
  @ApiProperty({ type: SeverityPointsDto, description: 'Points deducted per record by severity (扣分标准)' })
  @ValidateNested()
  @Type(() => SeverityPointsDto)
  points: SeverityPointsDto;

  @ApiProperty({ description: 'A record counts in full for this many days (全额计分天数)', example: 365 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3660)
  fullDays: number;

  @ApiProperty({ description: 'Then at halfWeight up to this many days, after which it no longer counts (减半计分截止天数)', example: 730 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3660)
  halfDays: number;

  @ApiProperty({ description: 'Weight between fullDays and halfDays, 0–1 (减半系数)', example: 0.5 })
  @Type(() => Number)
  @IsNumber()
  @Min(0)
  @Max(1)
  halfWeight: number;

  @ApiProperty({ type: LevelThresholdsDto, description: 'Level thresholds (信用等级划分)' })
  @ValidateNested()
  @Type(() => LevelThresholdsDto)
  levels: LevelThresholdsDto;

  @ApiProperty({ description: 'Joint discipline below this score (联合惩戒分数线)', example: 60 })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(100)
  disciplineBelow: number;

  @ApiProperty({ type: CreditRecordRulesDto, description: 'Which events create credit records (信用记录产生规则)' })
  @ValidateNested()
  @Type(() => CreditRecordRulesDto)
  recordRules: CreditRecordRulesDto;

  @ApiProperty({ description: 'Why it changes, e.g. the decision that sets it (修订依据)' })
  @IsString()
  @MinLength(2)
  @MaxLength(2000)
  reason: string;
}

export class CreditSchemeDto extends CreateCreditSchemeRequest {
  @ApiProperty({ description: 'Version (版本号); the highest is in force' }) version: number;
  @ApiProperty({ description: 'Set by (设定人)' }) createdBy: string;
  @ApiProperty({ description: 'In force from (生效时间)' }) createdAt: string;
}

export class CreditSchemeListDto {
  @ApiProperty({ type: [CreditSchemeDto], description: 'Every version, newest first (历次版本)' }) items: CreditSchemeDto[];
  @ApiProperty({ description: 'Whose scheme this is (方案性质)' }) note: string;
}

export const CREDIT_REPAIR_STATUSES = ['applied', 'approved', 'rejected'] as const;
export type CreditRepairStatus = (typeof CREDIT_REPAIR_STATUSES)[number];

/** A credit repair application (信用修复申请) for one record, with its evidence. */
export class CreateCreditRepairRequest {
  @ApiProperty({ description: 'Credit record to repair (信用记录编号)' })
  @IsUUID()
  recordId: string;

  @ApiProperty({ description: 'What was done to correct it (整改及修复说明)' })
  @IsString()
  @MinLength(2)
  @MaxLength(8000)
  evidence: string;

  @ApiPropertyOptional({ type: [RectificationAttachment], description: 'Evidence files, up to 20 links (佐证材料)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => RectificationAttachment)
  attachments?: RectificationAttachment[];
}

export class CreateCreditRepairMessage extends CreateCreditRepairRequest {
  /** set by the gateway: the credit code of the courier organisation acting */
  @IsOptional()
  @IsString()
  actingUscc?: string;
}

export class CreditRepairDecisionRequest {
  @ApiProperty({ description: 'approve 准予修复 (the record counts no more) or reject 不予修复', enum: ['approve', 'reject'] })
  @IsIn(['approve', 'reject'])
  decision: 'approve' | 'reject';

  @ApiProperty({ description: 'Reason (理由)' })
  @IsString()
  @MinLength(2)
  @MaxLength(2000)
  reason: string;
}

export class CreditRepairDecisionMessage extends CreditRepairDecisionRequest {
  @ApiProperty({ description: 'Application id' })
  @IsUUID()
  id: string;
}

export class ListCreditRepairsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Status (状态)', enum: CREDIT_REPAIR_STATUSES })
  @IsOptional()
  @IsIn(CREDIT_REPAIR_STATUSES)
  status?: CreditRepairStatus;
}

export class ListCreditRepairsMessage extends ListCreditRepairsQuery {
  @IsOptional()
  @IsString()
  actingUscc?: string;
}

export class CreditRepairDto {
  @ApiProperty({ description: 'Application id (申请编号)' }) id: string;
  @ApiProperty({ description: 'Credit record (信用记录编号)' }) recordId: string;
  @ApiProperty({ description: 'Enterprise (企业编号)' }) enterpriseId: string;
  @ApiProperty({ description: 'Evidence (修复说明)' }) evidence: string;
  @ApiProperty({ type: [RectificationAttachment], description: 'Evidence files (佐证材料)' }) attachments: RectificationAttachment[];
  @ApiProperty({ description: 'Status (状态)', enum: CREDIT_REPAIR_STATUSES }) status: CreditRepairStatus;
  @ApiProperty({ description: 'Decision reason (决定理由)', nullable: true, type: String }) reason: string | null;
  @ApiProperty({ description: 'Applied by (申请人)' }) appliedBy: string;
  @ApiProperty({ description: 'Applied at (申请时间)' }) createdAt: string;
  @ApiProperty({ description: 'Decided by (决定人)', nullable: true, type: String }) decidedBy: string | null;
  @ApiProperty({ description: 'Decided at (决定时间)', nullable: true, type: String }) decidedAt: string | null;
}

export class CreditRepairPageDto {
  @ApiProperty({ type: [CreditRepairDto] }) items: CreditRepairDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
