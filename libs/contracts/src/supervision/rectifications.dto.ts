import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../common/page.js';
import { IsBusinessDate, SCOPE_REGION_CODE } from '../validators.js';
import { SEVERITIES, type Severity } from './inspections.dto.js';

const REGION_MESSAGE = 'regionCode must be the province (2 digits), a city (4 digits) or a county (6 digits) of it';

/** Who an order (责令整改通知) is against. */
export const RECTIFICATION_SUBJECT_TYPES = ['enterprise', 'outlet', 'county_centre'] as const;
export type RectificationSubjectType = (typeof RECTIFICATION_SUBJECT_TYPES)[number];

/** What the order comes from: an inspection finding, or a staff decision on a late filing, a data anomaly or a complaint. */
export const RECTIFICATION_SOURCES = ['inspection', 'late_filing', 'data_anomaly', 'complaint', 'other'] as const;
export type RectificationSource = (typeof RECTIFICATION_SOURCES)[number];

/**
 * open → responded → accepted | returned → responded → …; open or returned past the due date
 * is overdue and may be escalated (专项督办) with a re-inspection date; escalated → responded;
 * staff may close an unfinished order with a reason. accepted and closed are final.
 */
export const RECTIFICATION_STATUSES = ['open', 'responded', 'returned', 'escalated', 'accepted', 'closed'] as const;
export type RectificationStatus = (typeof RECTIFICATION_STATUSES)[number];

/** Staff steps on an order (after the party's response, or past the due date). */
export const RECTIFICATION_DECISIONS = ['accept', 'return', 'escalate', 'close'] as const;
export type RectificationDecision = (typeof RECTIFICATION_DECISIONS)[number];

/** Open an order (责令整改). The request shape other services use too (a complaint turned into an order): keep it stable. */
export class CreateRectificationRequest {
  @ApiProperty({
    description: 'Against whom (整改对象类型): enterprise 快递企业, outlet 末端网点, county_centre 县级寄递物流中心',
    enum: RECTIFICATION_SUBJECT_TYPES,
  })
  @IsIn(RECTIFICATION_SUBJECT_TYPES)
  subjectType: RectificationSubjectType;

  @ApiProperty({ description: 'Id of the enterprise, outlet or county centre (整改对象编号)' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  subjectId: string;

  @ApiProperty({ description: 'What is to be corrected (问题及整改要求)', example: '未按规定开展实名收寄' })
  @IsString()
  @MinLength(2)
  @MaxLength(4000)
  finding: string;

  @ApiProperty({ description: 'Legal basis, free text (法律依据)', example: '《快递暂行条例》第二十二条' })
  @IsString()
  @MinLength(2)
  @MaxLength(2000)
  basis: string;

  @ApiProperty({ description: 'Due date, YYYY-MM-DD, today or later (整改期限)', example: '2025-07-31' })
  @IsBusinessDate()
  dueDate: string;

  @ApiPropertyOptional({ description: 'Staff member in charge of the order (承办人); default the caller' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  owner?: string;

  @ApiPropertyOptional({
    description:
      'Where the finding comes from (来源): inspection 双随机抽查, late_filing 逾期报送, data_anomaly 数据异常, complaint 投诉, other; default other',
    enum: RECTIFICATION_SOURCES,
  })
  @IsOptional()
  @IsIn(RECTIFICATION_SOURCES)
  source?: RectificationSource;

  @ApiPropertyOptional({
    description: 'The source object (来源编号): an inspection item id for `inspection` (checked: a failed result on this subject), a complaint number, …',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  sourceRef?: string;

  @ApiPropertyOptional({
    description:
      'Gravity of the finding (问题严重程度): minor 一般, serious 较重, grave 严重; default serious. A grave finding can list the enterprise for key supervision (重点监管) by rule',
    enum: SEVERITIES,
  })
  @IsOptional()
  @IsIn(SEVERITIES)
  severity?: Severity;
}

export class RectificationAttachment {
  @ApiProperty({ description: 'File name (附件名称)', example: '整改报告.pdf' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({ description: 'Where the file is held, an https link (附件地址)', example: 'https://files.example.com/zg/123.pdf' })
  @IsUrl({ protocols: ['https'], require_protocol: true })
  @MaxLength(2000)
  url: string;
}

/** The party's answer (整改情况报告). */
export class RespondRectificationRequest {
  @ApiProperty({ description: 'What was corrected (整改情况)' })
  @IsString()
  @MinLength(2)
  @MaxLength(8000)
  text: string;

  @ApiPropertyOptional({ type: [RectificationAttachment], description: 'Evidence, up to 20 files (佐证材料)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => RectificationAttachment)
  attachments?: RectificationAttachment[];
}

export class RespondRectificationMessage extends RespondRectificationRequest {
  @ApiProperty({ description: 'Order id' })
  @IsUUID()
  id: string;

  /** set by the gateway: the credit code of the courier organisation acting (a courier answers for its enterprise) */
  @IsOptional()
  @IsString()
  actingUscc?: string;
}

/** A staff step: accept, return (reason needed), escalate (reason and re-inspection date needed) or close (reason needed). */
export class RectificationDecisionRequest {
  @ApiPropertyOptional({ description: 'Reason or note (理由/意见); required to return, escalate or close' })
  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(4000)
  reason?: string;

  @ApiPropertyOptional({ description: 'Escalate only: re-inspection date, YYYY-MM-DD (复查日期); it becomes the new due date' })
  @IsOptional()
  @IsBusinessDate()
  reinspectionDate?: string;

  @ApiPropertyOptional({
    description:
      'Accept or close a data-anomaly order only: the anomaly is confirmed data fraud (确认数据造假); a credit record follows when the credit scheme says so',
  })
  @IsOptional()
  @IsBoolean()
  fraudConfirmed?: boolean;
}

export class RectificationDecisionMessage extends RectificationDecisionRequest {
  @ApiProperty({ description: 'Order id' })
  @IsUUID()
  id: string;

  @ApiProperty({ description: 'Step (操作)', enum: RECTIFICATION_DECISIONS })
  @IsIn(RECTIFICATION_DECISIONS)
  decision: RectificationDecision;
}

export class ListRectificationsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Status (状态)', enum: RECTIFICATION_STATUSES })
  @IsOptional()
  @IsIn(RECTIFICATION_STATUSES)
  status?: RectificationStatus;

  @ApiPropertyOptional({ description: 'Region (区划代码): province, city or county; default the caller’s region', example: '1408' })
  @IsOptional()
  @Matches(SCOPE_REGION_CODE, { message: REGION_MESSAGE })
  regionCode?: string;

  @ApiPropertyOptional({ description: 'Only overdue orders (仅逾期): true', enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';

  @ApiPropertyOptional({ description: 'Only orders against this enterprise (企业编号)' })
  @IsOptional()
  @IsUUID()
  enterpriseId?: string;
}

export class ListRectificationsMessage extends ListRectificationsQuery {
  /** set by the gateway for a courier: its organisation's credit code */
  @IsOptional()
  @IsString()
  actingUscc?: string;
}

export class RectificationIdMessage {
  @ApiProperty({ description: 'Order id' })
  @IsUUID()
  id: string;

  /** set by the gateway for a courier: its organisation's credit code */
  @IsOptional()
  @IsString()
  actingUscc?: string;
}

export class RectificationStepDto {
  @ApiProperty({ description: 'Step (环节): opened 下达, responded 报告整改, returned 退回, accepted 验收通过, escalated 专项督办, closed 结案' }) step: string;
  @ApiProperty({ description: 'Status after the step (状态)', enum: RECTIFICATION_STATUSES }) status: RectificationStatus;
  @ApiProperty({ description: 'Text: the finding, the answer or the reason (内容)', nullable: true, type: String }) text: string | null;
  @ApiProperty({ type: [RectificationAttachment], description: 'Attachments of an answer (附件)' }) attachments: RectificationAttachment[];
  @ApiProperty({ description: 'Who (操作人)' }) actor: string;
  @ApiProperty({ description: 'When (时间)' }) at: string;
}

export class RectificationDto {
  @ApiProperty({ description: 'Order id (整改单编号)' }) id: string;
  @ApiProperty({ description: 'Order number (文书编号)', example: '晋邮整〔2025〕0001' }) number: string;
  @ApiProperty({ description: 'Subject type (整改对象类型)', enum: RECTIFICATION_SUBJECT_TYPES }) subjectType: RectificationSubjectType;
  @ApiProperty({ description: 'Subject id (整改对象编号)' }) subjectId: string;
  @ApiProperty({ description: 'Subject name (整改对象名称)' }) subjectName: string;
  @ApiProperty({ type: [String], description: 'Enterprises answerable for the subject (责任企业)' }) enterpriseIds: string[];
  @ApiProperty({ description: 'Region of the subject (区划代码)' }) regionCode: string;
  @ApiProperty({ description: 'Region name (区划名称)' }) regionName: string;
  @ApiProperty({ description: 'Source (来源)', enum: RECTIFICATION_SOURCES }) source: RectificationSource;
  @ApiProperty({ description: 'Source object (来源编号)', nullable: true, type: String }) sourceRef: string | null;
  @ApiProperty({ description: 'Finding (问题及整改要求)' }) finding: string;
  @ApiProperty({ description: 'Legal basis (法律依据)' }) basis: string;
  @ApiProperty({ description: 'Severity (严重程度)', enum: SEVERITIES }) severity: Severity;
  @ApiProperty({ description: 'Due date (整改期限); after escalation the re-inspection date' }) dueDate: string;
  @ApiProperty({ description: 'First due date (原定整改期限)' }) originalDueDate: string;
  @ApiProperty({ description: 'Staff member in charge (承办人)' }) owner: string;
  @ApiProperty({ description: 'Status (状态)', enum: RECTIFICATION_STATUSES }) status: RectificationStatus;
  @ApiProperty({ description: 'Past its due date without an answer (已逾期): open, returned or escalated after the due date' }) overdue: boolean;
  @ApiProperty({ description: 'Escalated to special supervision (已专项督办)' }) escalated: boolean;
  @ApiProperty({ description: 'Accepted by the first due date (按期整改完成); null while unfinished', nullable: true, type: Boolean }) closedOnTime:
    boolean | null;
  @ApiProperty({ description: 'Opened at (下达时间)' }) createdAt: string;
  @ApiProperty({ description: 'Finished at (办结时间)', nullable: true, type: String }) closedAt: string | null;
  @ApiProperty({ type: [RectificationStepDto], description: 'Every step, oldest first (办理过程)' }) steps: RectificationStepDto[];
}

export class RectificationPageDto {
  @ApiProperty({ type: [RectificationDto] }) items: RectificationDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

// ── key-supervision list (重点监管名录) ──

/** What a rule looks at. Entry triggers list a unit; `exit_clean_days` says when it may leave. */
export const KEY_SUPERVISION_TRIGGERS = ['grave_finding', 'joint_discipline', 'overdue_orders', 'escalated_orders', 'exit_clean_days'] as const;
export type KeySupervisionTrigger = (typeof KEY_SUPERVISION_TRIGGERS)[number];

export class KeySupervisionRuleDto {
  @ApiProperty({ description: 'Rule code (规则编号)' }) code: string;
  @ApiProperty({ description: 'Entry or exit rule (列入/移出)', enum: ['entry', 'exit'] }) kind: 'entry' | 'exit';
  @ApiProperty({ description: 'What it counts (触发条件)', enum: KEY_SUPERVISION_TRIGGERS }) trigger: KeySupervisionTrigger;
  @ApiProperty({ description: 'Threshold: how many within the window; for exit, days without a new trigger (阈值)' }) threshold: number;
  @ApiProperty({ description: 'Window in days (统计期间)' }) windowDays: number;
  @ApiProperty({ description: 'In force (是否启用)' }) active: boolean;
  @ApiProperty({ description: 'Description in Chinese (规则说明)' }) description: string;
  @ApiProperty({ description: 'Last changed at (修改时间)' }) updatedAt: string;
}

export class KeySupervisionRuleListDto {
  @ApiProperty({ type: [KeySupervisionRuleDto] }) items: KeySupervisionRuleDto[];
  @ApiProperty({ description: 'Whose rules these are (规则来源)' }) note: string;
}

export class UpdateKeySupervisionRuleRequest {
  @ApiPropertyOptional({ description: 'Threshold (阈值)', minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  threshold?: number;

  @ApiPropertyOptional({ description: 'Window in days (统计期间，天)', minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3660)
  windowDays?: number;

  @ApiPropertyOptional({ description: 'In force (是否启用)' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiProperty({ description: 'Why it changes (修改理由)' })
  @IsString()
  @MinLength(2)
  @MaxLength(2000)
  reason: string;
}

export class UpdateKeySupervisionRuleMessage extends UpdateKeySupervisionRuleRequest {
  @ApiProperty({ description: 'Rule code' })
  @IsString()
  @MaxLength(64)
  code: string;
}

export class KeySupervisionEntryDto {
  @ApiProperty({ description: 'Entry id (名录编号)' }) id: string;
  @ApiProperty({ description: 'Enterprise id (企业编号)' }) enterpriseId: string;
  @ApiProperty({ description: 'Enterprise name (企业名称)' }) enterpriseName: string;
  @ApiProperty({ description: 'Rule that listed it (列入规则)' }) ruleCode: string;
  @ApiProperty({ description: 'Why, in Chinese (列入原因)' }) reason: string;
  @ApiProperty({ description: 'Listed at (列入时间)' }) enteredAt: string;
  @ApiProperty({ description: 'Left at (移出时间)', nullable: true, type: String }) exitedAt: string | null;
  @ApiProperty({ description: 'Why it left (移出原因)', nullable: true, type: String }) exitReason: string | null;
}

export class KeySupervisionPageDto {
  @ApiProperty({ type: [KeySupervisionEntryDto] }) items: KeySupervisionEntryDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class ListKeySupervisionQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Also entries that have left (含已移出): true', enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'])
  all?: 'true' | 'false';
}

export class KeySupervisionExitRequest {
  @ApiProperty({ description: 'Why it leaves (移出理由)' })
  @IsString()
  @MinLength(2)
  @MaxLength(2000)
  reason: string;
}

export class KeySupervisionExitMessage extends KeySupervisionExitRequest {
  @ApiProperty({ description: 'Entry id' })
  @IsUUID()
  id: string;
}
