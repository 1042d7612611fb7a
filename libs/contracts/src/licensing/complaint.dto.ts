import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { PageQuery } from '../common/page.js';
import { IsBusinessDate, SCOPE_REGION_CODE } from '../validators.js';
import { provincePattern } from '../province.js';

/** What a complaint is about (投诉举报类别). */
export const COMPLAINT_CATEGORIES = ['unlicensed_operation', 'delay_or_loss', 'damage', 'fees', 'privacy', 'prohibited_items', 'service', 'other'] as const;
/** Who is complained about (被投诉对象): a registered enterprise, an outlet, or someone unregistered named in words. */
export const COMPLAINT_SUBJECT_KINDS = ['enterprise', 'outlet', 'unregistered'] as const;
/** received 已接收, assigned 已分派, responded 已答复, closed 已办结, referred 已转办 (inspection or rectification order). */
export const COMPLAINT_STATUSES = ['received', 'assigned', 'responded', 'closed', 'referred'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];
export const COMPLAINT_STEPS = ['assign', 'respond', 'close', 'refer'] as const;
export type ComplaintStep = (typeof COMPLAINT_STEPS)[number];
export const COMPLAINT_REFERRALS = ['rectification', 'inspection'] as const;
/** The steps a staff request names directly; `refer` is taken by turning the complaint into an order. */
export const COMPLAINT_STAFF_STEPS = ['assign', 'respond', 'close'] as const;

/** A complaint or report from the public (投诉举报): no account needed, no personal data beyond an optional contact. */
export class CreateComplaintRequest {
  @ApiProperty({ description: 'Who is complained about (被投诉对象类别)', enum: COMPLAINT_SUBJECT_KINDS })
  @IsIn(COMPLAINT_SUBJECT_KINDS)
  subjectKind: (typeof COMPLAINT_SUBJECT_KINDS)[number];

  @ApiPropertyOptional({ description: 'Registered enterprise or outlet id, when known (对象编号)' })
  @IsOptional()
  @IsUUID()
  subjectId?: string;

  @ApiProperty({ description: 'Name as the complainant knows it (对象名称)', example: '某快递驿站' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  subjectName: string;

  @ApiProperty({ description: 'Category (类别)', enum: COMPLAINT_CATEGORIES })
  @IsIn(COMPLAINT_CATEGORIES)
  category: (typeof COMPLAINT_CATEGORIES)[number];

  @ApiProperty({ description: 'What happened (事实描述), at most 2,000 characters', example: '无备案网点长期收寄快件' })
  @IsString()
  @MinLength(5)
  @MaxLength(2000)
  description: string;

  @ApiProperty({ description: 'Where: a city, county or township code of the province (发生地)', example: '140821' })
  @Matches(provincePattern('(\\d{2}|\\d{4}|\\d{7})'), { message: 'regionCode must be a city, county or township code of the province' })
  regionCode: string;

  @ApiPropertyOptional({ description: 'When (发生日期)' })
  @IsOptional()
  @IsBusinessDate()
  occurredOn?: string;

  @ApiPropertyOptional({ description: 'Optional contact for a reply (联系方式，选填): the only personal data kept', example: '138****0000' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  contact?: string;
}

export class ComplaintReceiptDto {
  @ApiProperty({ description: 'Complaint number to quote (受理编号)', example: 'TS-2026-000001' }) complaintNo: string;
  @ApiProperty({ description: 'Received at (接收时间)' }) receivedAt: string;
}

export class ComplaintStepRequest {
  @ApiPropertyOptional({ description: 'assign: the region whose administration handles it (承办地区)', example: '140821' })
  @IsOptional()
  @Matches(SCOPE_REGION_CODE, { message: 'regionCode must be the province or a city or county of it' })
  regionCode?: string;

  @ApiPropertyOptional({ description: 'respond and close: the answer or closing note (答复、办结意见)' })
  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(2000)
  note?: string;
}

export class ComplaintStepMessage extends ComplaintStepRequest {
  @ApiProperty() @IsUUID() id: string;
  @ApiProperty({ enum: COMPLAINT_STAFF_STEPS }) @IsIn(COMPLAINT_STAFF_STEPS) step: (typeof COMPLAINT_STAFF_STEPS)[number];
}

/** Turn a complaint into a rectification order (转为责令整改). */
export class ComplaintRectificationRequest {
  @ApiPropertyOptional({
    description: 'Against whom (整改对象类型); default the registered enterprise or outlet the complaint names',
    enum: ['enterprise', 'outlet', 'county_centre'],
  })
  @IsOptional()
  @IsIn(['enterprise', 'outlet', 'county_centre'])
  subjectType?: 'enterprise' | 'outlet' | 'county_centre';

  @ApiPropertyOptional({ description: 'Id of the enterprise, outlet or county centre (整改对象编号); default the one the complaint names' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  subjectId?: string;

  @ApiPropertyOptional({ description: "What is to be corrected (问题及整改要求); default the complaint's description" })
  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(4000)
  finding?: string;

  @ApiProperty({ description: 'Legal basis, free text (法律依据)', example: '《快递暂行条例》第二十三条' })
  @IsString()
  @MinLength(2)
  @MaxLength(2000)
  basis: string;

  @ApiProperty({ description: 'Due date of the order, YYYY-MM-DD (整改期限)' })
  @IsBusinessDate()
  dueDate: string;
}

export class ComplaintRectificationMessage extends ComplaintRectificationRequest {
  @ApiProperty() @IsUUID() id: string;
}

/** Turn a complaint into an inspection of its subject (转为举报核查检查). */
export class ComplaintInspectionRequest {
  @ApiPropertyOptional({
    description: 'What to inspect (检查对象类型); default the registered enterprise or outlet the complaint names',
    enum: ['enterprise', 'branch', 'outlet'],
  })
  @IsOptional()
  @IsIn(['enterprise', 'branch', 'outlet'])
  subjectType?: 'enterprise' | 'branch' | 'outlet';

  @ApiPropertyOptional({ description: 'Id of the enterprise, branch or outlet (检查对象编号); default the one the complaint names' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  subjectId?: string;

  @ApiPropertyOptional({ description: 'Inspectors to draw for it (检查人员数), default 2', minimum: 1, maximum: 5, default: 2 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5)
  inspectorsPerTarget?: number;
}

export class ComplaintInspectionMessage extends ComplaintInspectionRequest {
  @ApiProperty() @IsUUID() id: string;
}

export class ComplaintIdRequest {
  @ApiProperty() @IsUUID() id: string;
}

export class ListComplaintsRequest extends PageQuery {
  @ApiPropertyOptional({ description: 'Status (状态)', enum: COMPLAINT_STATUSES })
  @IsOptional()
  @IsIn(COMPLAINT_STATUSES)
  status?: ComplaintStatus;

  @ApiPropertyOptional({ description: 'Region (地区)', example: '1408' })
  @IsOptional()
  @Matches(SCOPE_REGION_CODE, { message: 'regionCode must be the province or a city or county of it' })
  regionCode?: string;
}

export class ComplaintDto {
  @ApiProperty({ description: 'Complaint id' }) id: string;
  @ApiProperty({ description: 'Complaint number (受理编号)' }) complaintNo: string;
  @ApiProperty({ description: 'Status (状态)', enum: COMPLAINT_STATUSES }) status: ComplaintStatus;
  @ApiProperty({ description: 'Who is complained about (对象类别)', enum: COMPLAINT_SUBJECT_KINDS }) subjectKind: string;
  @ApiProperty({ description: 'Object id (对象编号)', nullable: true, type: String }) subjectId: string | null;
  @ApiProperty({ description: 'Object name (对象名称)' }) subjectName: string;
  @ApiProperty({ description: 'Category (类别)', enum: COMPLAINT_CATEGORIES }) category: string;
  @ApiProperty({ description: 'What happened (事实描述)' }) description: string;
  @ApiProperty({ description: 'Where (发生地)' }) regionCode: string;
  @ApiProperty({ description: 'When (发生日期)', nullable: true, type: String }) occurredOn: string | null;
  @ApiProperty({ description: 'Contact given (联系方式)', nullable: true, type: String }) contact: string | null;
  @ApiProperty({ description: 'Handling region (承办地区)', nullable: true, type: String }) assignedRegion: string | null;
  @ApiProperty({ description: 'Answer (答复)', nullable: true, type: String }) response: string | null;
  @ApiProperty({ description: 'Turned into (转办)', nullable: true, type: String, enum: COMPLAINT_REFERRALS }) referredTo: string | null;
  @ApiProperty({ description: 'Id of what it turned into (转办编号)', nullable: true, type: String }) referenceId: string | null;
  @ApiProperty({ description: 'Received at (接收时间)' }) createdAt: string;
  @ApiProperty({ description: 'Last change (最近变更)' }) updatedAt: string;
}

export class ComplaintPageDto {
  @ApiProperty({ type: [ComplaintDto] }) items: ComplaintDto[];
  @ApiProperty({ description: 'Cursor of the next page, null at the end', nullable: true, type: String }) nextCursor: string | null;
}
