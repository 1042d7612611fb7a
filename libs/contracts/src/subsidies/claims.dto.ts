import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { ANY_JSON_SCHEMA, PageQuery } from '../common/page.js';
import { IsBusinessDate, SCOPE_REGION_CODE } from '../validators.js';
import { COUNTY_CODE, type Direction, DIRECTIONS } from './common.js';
import { CeilingBasisDto, VERIFICATIONS, type Verification } from './programmes.dto.js';

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
  @Matches(COUNTY_CODE, { message: 'countyCode must be a 6-digit county code of the province' })
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

/** The payment voucher of a claim (拨付凭证). */
export class PayClaimBodyDto {
  @ApiProperty({ description: 'Voucher number (拨付凭证号)', example: '晋财农〔2023〕0615号-001' })
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  voucherNo: string;

  @ApiProperty({ description: 'Day paid, YYYY-MM-DD (拨付日期)', example: '2023-07-15' })
  @IsBusinessDate()
  paidOn: string;

  @ApiProperty({ description: 'Amount paid, fen: must equal the approved amount (422 PAYMENT_AMOUNT_MISMATCH) (拨付金额，分)', example: 53_750 })
  @IsInt()
  @Min(0)
  @Max(1e15)
  amountFen: number;
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

  /** the voucher, for `pay` (required there) */
  @IsOptional()
  @ValidateNested()
  @Type(() => PayClaimBodyDto)
  payment?: PayClaimBodyDto;
}

export class ListClaimsRequest extends PageQuery {
  @ApiPropertyOptional({ description: 'Programme (补助项目)' })
  @IsOptional()
  @IsUUID()
  programmeId?: string;

  @ApiPropertyOptional({ description: 'County (县)' })
  @IsOptional()
  @Matches(COUNTY_CODE, { message: 'countyCode must be a 6-digit county code of the province' })
  countyCode?: string;

  @ApiPropertyOptional({ description: 'Status (状态)', enum: CLAIM_STATUSES })
  @IsOptional()
  @IsIn(CLAIM_STATUSES)
  status?: ClaimStatus;
}

/**
 * Why reported items were not verified (未核定原因): no_courier_waybills 无快递企业运单支撑, logic_check_failed
 * 逻辑校验未通过, capacity_exceeded 超出申报日处理能力, claimed_elsewhere 已在其他申请中. Counts outside the claim's period are
 * never part of it, so no line lists them.
 */
export const SHORTFALL_REASONS = ['no_courier_waybills', 'logic_check_failed', 'capacity_exceeded', 'claimed_elsewhere'] as const;
export type ShortfallReason = (typeof SHORTFALL_REASONS)[number];

/** Reported items of a line that were not verified, and why (未核定件数及原因). */
export class ClaimShortfallDto {
  @ApiProperty({ description: 'Why (原因)', enum: SHORTFALL_REASONS }) reason: ShortfallReason;
  @ApiProperty({ description: 'Items left out for this reason (件数)' }) items: number;
  @ApiPropertyOptional({ description: 'For claimed_elsewhere: the claims that hold these items (已占用的申请)', type: [String] }) claimIds?: string[];
}

/** One direction of a claim (分方向明细). */
export class ClaimLineDto {
  @ApiProperty({ description: 'Direction (方向)', enum: DIRECTIONS }) direction: Direction;
  @ApiProperty({ description: 'Rate per item for this county, fen (单件补助标准)' }) rateFen: number;
  @ApiProperty({ description: 'Items the centre reported (上报件数)' }) reportedItems: number;
  @ApiProperty({ description: 'Items verified: reported and backed by accepted waybills (核定件数)' }) items: number;
  @ApiProperty({ description: 'items × rate, fen (应补金额)' }) grossFen: number;
  @ApiProperty({ description: 'Share of the claim amount, fen (核定金额)' }) amountFen: number;
  @ApiProperty({ description: 'Where reported and verified items differ, why (未核定原因); empty when they agree', type: [ClaimShortfallDto] })
  shortfalls: ClaimShortfallDto[];
}

/** A recorded payment (拨付记录). */
export class ClaimPaymentDto {
  @ApiProperty({ description: 'Voucher number (拨付凭证号)' }) voucherNo: string;
  @ApiProperty({ description: 'Day paid (拨付日期)' }) paidOn: string;
  @ApiProperty({ description: 'Amount paid, fen (拨付金额)' }) amountFen: number;
}

export class ClaimResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'Programme (补助项目)' }) programmeId: string;
  @ApiProperty({ description: 'Programme year (年度)' }) year: number;
  @ApiProperty({ description: 'County (县)' }) countyCode: string;
  @ApiProperty({ description: 'Period start (起始日期)' }) periodStart: string;
  @ApiProperty({ description: 'Period end (截止日期)' }) periodEnd: string;
  @ApiProperty({
    description: 'Status (状态): draft 草稿, submitted 已提交, reviewed 市级已审核, approved 省级已批准, paid 已拨付, returned 已退回',
    enum: CLAIM_STATUSES,
  })
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
  @ApiProperty({ description: 'Where the ceiling comes from (上限依据)', type: CeilingBasisDto, nullable: true }) ceilingBasis: CeilingBasisDto | null;
  @ApiProperty({ description: 'How the items were verified (核定口径)', enum: VERIFICATIONS }) verification: Verification;
  @ApiProperty({ description: 'Per direction (分方向明细)', type: [ClaimLineDto] }) lines: ClaimLineDto[];
  @ApiProperty({ description: 'The payment, once paid (拨付记录)', type: ClaimPaymentDto, nullable: true }) payment: ClaimPaymentDto | null;
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

export const RECONCILIATION_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type ReconciliationFormat = (typeof RECONCILIATION_FORMATS)[number];

/** Reconciliation of approved and paid claims (拨付对账). */
export class ReconciliationRequest {
  @ApiProperty({ description: 'Programme year (年度)', example: 2023 })
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  @ApiPropertyOptional({ description: 'Region (区域): province 14, a city or a county; defaults to the caller’s scope', example: '1408' })
  @IsOptional()
  @Matches(SCOPE_REGION_CODE, { message: 'regionCode must be the province, a city or a county code of it' })
  regionCode?: string;

  @ApiPropertyOptional({ description: 'json (default), csv or xlsx', enum: RECONCILIATION_FORMATS })
  @IsOptional()
  @IsIn(RECONCILIATION_FORMATS)
  format?: ReconciliationFormat;
}

/** One approved or paid claim in the reconciliation (对账明细). */
export class ReconciliationClaimDto {
  @ApiProperty() claimId: string;
  @ApiProperty({ description: 'Programme (补助项目)' }) programmeId: string;
  @ApiProperty({ description: 'Programme name (项目名称)' }) programmeName: string;
  @ApiProperty({ description: 'Period start (起始日期)' }) periodStart: string;
  @ApiProperty({ description: 'Period end (截止日期)' }) periodEnd: string;
  @ApiProperty({ description: 'approved (已批准未拨付) or paid (已拨付)', enum: ['approved', 'paid'] }) status: 'approved' | 'paid';
  @ApiProperty({ description: 'Verified items (核定件数)' }) items: number;
  @ApiProperty({ description: 'Approved amount, fen (批准金额)' }) approvedFen: number;
  @ApiProperty({ description: 'Paid amount, fen; 0 while unpaid (已拨付金额)' }) paidFen: number;
  @ApiProperty({ description: 'Voucher number (拨付凭证号)', nullable: true, type: String }) voucherNo: string | null;
  @ApiProperty({ description: 'Day paid (拨付日期)', nullable: true, type: String }) paidOn: string | null;
}

/** A county's approved, paid and unpaid totals with its claims (分县对账). */
export class ReconciliationCountyDto {
  @ApiProperty({ description: 'County (县)' }) countyCode: string;
  @ApiProperty({ description: 'County name (县名)' }) countyName: string;
  @ApiProperty({ description: 'Σ approved amounts of approved and paid claims, fen (批准合计)' }) approvedFen: number;
  @ApiProperty({ description: 'Σ paid, fen (已拨付合计)' }) paidFen: number;
  @ApiProperty({ description: 'approved − paid, fen (未拨付合计)' }) unpaidFen: number;
  @ApiProperty({ type: [ReconciliationClaimDto] }) claims: ReconciliationClaimDto[];
}

export class ReconciliationDto {
  @ApiProperty({ description: 'Year (年度)' }) year: number;
  @ApiProperty({ description: 'Region (区域)' }) regionCode: string;
  @ApiProperty({ description: 'Σ approved, fen (批准合计)' }) approvedFen: number;
  @ApiProperty({ description: 'Σ paid, fen (已拨付合计)' }) paidFen: number;
  @ApiProperty({ description: 'Σ unpaid, fen (未拨付合计)' }) unpaidFen: number;
  @ApiProperty({ type: [ReconciliationCountyDto] }) counties: ReconciliationCountyDto[];
}

/** A file produced by a service (XLSX statement) as it crosses NATS. */
export interface FileReply {
  filename: string;
  contentType: string;
  base64: string;
}
