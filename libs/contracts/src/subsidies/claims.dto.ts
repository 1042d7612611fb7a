import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { ANY_JSON_SCHEMA, PageQuery } from '../common/page.js';
import { IsBusinessDate } from '../validators.js';
import { COUNTY_CODE, type Direction, DIRECTIONS } from './common.js';

export const CLAIM_STATUSES = ['draft', 'submitted', 'reviewed', 'approved', 'paid', 'returned'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];
export const CLAIM_ACTIONS = ['submit', 'review', 'approve', 'return', 'pay'] as const;
export type ClaimAction = (typeof CLAIM_ACTIONS)[number];
export const CAPS = ['ceiling', 'budget'] as const;
export type CappedBy = (typeof CAPS)[number] | null;

/** File a subsidy claim (补助申请) for a programme, county and period. */
export class CreateClaimRequest {
  @ApiProperty({ description: 'Programme (补助项目)' })
  @IsUUID()
  programmeId: string;

  @ApiProperty({ description: 'County (县级行政区划代码); a county centre claims only for its own county', example: '140821' })
  @Matches(COUNTY_CODE, { message: 'countyCode must be a 6-digit Shanxi county code' })
  countyCode: string;

  @ApiProperty({ description: 'First day of the period, inside the programme year (起始日期)', example: '2023-06-01' })
  @IsBusinessDate()
  periodStart: string;

  @ApiProperty({ description: 'Last day of the period, inclusive (截止日期)', example: '2023-06-30' })
  @IsBusinessDate()
  periodEnd: string;
}

export class ReturnClaimBodyDto {
  @ApiProperty({ description: 'Why the claim goes back (退回原因)', example: '6月12日上行件数与运单不符，请核实后重新申请' })
  @IsString()
  @MinLength(2)
  @MaxLength(1000)
  reason: string;
}

/** The message behind every workflow step. */
export class ClaimTransitionRequest {
  @IsUUID()
  id: string;

  @IsIn(CLAIM_ACTIONS)
  action: ClaimAction;

  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(1000)
  reason?: string;
}

export class ListClaimsRequest extends PageQuery {
  @ApiPropertyOptional({ description: 'Programme (补助项目)' })
  @IsOptional()
  @IsUUID()
  programmeId?: string;

  @ApiPropertyOptional({ description: 'County (县)' })
  @IsOptional()
  @Matches(COUNTY_CODE, { message: 'countyCode must be a 6-digit Shanxi county code' })
  countyCode?: string;

  @ApiPropertyOptional({ description: 'Status (状态)', enum: CLAIM_STATUSES })
  @IsOptional()
  @IsIn(CLAIM_STATUSES)
  status?: ClaimStatus;
}

/** One direction of a claim (分方向明细). */
export class ClaimLineDto {
  @ApiProperty({ description: 'Direction (方向)', enum: DIRECTIONS }) direction: Direction;
  @ApiProperty({ description: 'Rate per item for this county, fen (单件补助标准)' }) rateFen: number;
  @ApiProperty({ description: 'Items the centre reported (上报件数)' }) reportedItems: number;
  @ApiProperty({ description: 'Items verified: reported and backed by accepted waybills (核定件数)' }) items: number;
  @ApiProperty({ description: 'items × rate, fen (应补金额)' }) grossFen: number;
  @ApiProperty({ description: 'Share of the claim amount, fen (核定金额)' }) amountFen: number;
}

export class ClaimResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'Programme (补助项目)' }) programmeId: string;
  @ApiProperty({ description: 'Programme year (年度)' }) year: number;
  @ApiProperty({ description: 'County (县)' }) countyCode: string;
  @ApiProperty({ description: 'Period start (起始日期)' }) periodStart: string;
  @ApiProperty({ description: 'Period end (截止日期)' }) periodEnd: string;
  @ApiProperty({ description: 'Status (状态): draft 草稿, submitted 已提交, reviewed 市级已审核, approved 省级已批准, paid 已拨付, returned 已退回', enum: CLAIM_STATUSES })
  status: ClaimStatus;
  @ApiProperty({ description: 'Items reported in the period (上报件数)' }) reportedItems: number;
  @ApiProperty({ description: 'Items verified: per date, brand and direction the smaller of the reported count and the accepted waybills (核定件数)' })
  items: number;
  @ApiProperty({ description: 'Σ items × rate, fen (应补金额)' }) grossFen: number;
  @ApiProperty({ description: 'Amount after the caps, fen (核定补助金额)' }) amountFen: number;
  @ApiProperty({ description: 'amountFen ÷ items, rounded down to 0.01 fen; 0 without items (单件平均补助)' }) avgFen: number;
  @ApiProperty({ description: 'Which cap bit (封顶原因): ceiling 平均上限, budget 资金额度, or null', enum: CAPS, nullable: true })
  cappedBy: CappedBy;
  @ApiProperty({ description: 'Ceiling of the programme, fen (单件补助平均上限)' }) avgCeilingFen: number;
  @ApiProperty({ description: 'Per direction (分方向明细)', type: [ClaimLineDto] }) lines: ClaimLineDto[];
  @ApiProperty({ description: 'Reason given when returned (退回原因)', nullable: true, type: String }) returnReason: string | null;
  @ApiProperty({ description: 'Filed by (申请人)' }) createdBy: string;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class ClaimAuditDto {
  @ApiProperty({ description: 'When (时间)' }) at: string;
  @ApiProperty({ description: 'Who (操作人)' }) actor: string;
  @ApiProperty({ description: 'Role (角色)', nullable: true, type: String }) role: string | null;
  @ApiProperty({ description: 'Organisation (机构)', nullable: true, type: String }) orgId: string | null;
  @ApiProperty({ description: 'What (操作), e.g. claim.created, claim.submitted' }) action: string;
  @ApiProperty({ description: 'Before (变更前): any JSON value, or null', ...ANY_JSON_SCHEMA }) before: unknown;
  @ApiProperty({ description: 'After (变更后): any JSON value, or null', ...ANY_JSON_SCHEMA }) after: unknown;
  @ApiProperty({ description: 'Correlation id (关联编号)' }) correlationId: string;
}

export class ClaimDetailDto extends ClaimResponseDto {
  @ApiProperty({ description: 'Audit trail, oldest first (审计记录)', type: [ClaimAuditDto] }) audit: ClaimAuditDto[];
}

export class ClaimPageDto {
  @ApiProperty({ type: [ClaimResponseDto] }) items: ClaimResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

/** A file produced by a service (XLSX statement) as it crosses NATS. */
export interface FileReply {
  filename: string;
  contentType: string;
  base64: string;
}
