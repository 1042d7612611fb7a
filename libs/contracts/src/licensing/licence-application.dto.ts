import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
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
import { PageQuery } from '../common/page.js';
import { IsBusinessDate, IsUscc, PROVINCE_REGION_CODE, SCOPE_REGION_CODE } from '../validators.js';

/** What is applied for (申请事项): a new licence 新办, a change 变更, a renewal 延续, a cancellation 注销. */
export const LICENCE_APPLICATION_KINDS = ['new', 'change', 'renewal', 'cancellation'] as const;
export type LicenceApplicationKind = (typeof LICENCE_APPLICATION_KINDS)[number];

/**
 * Where an application stands (办理状态): submitted 已提交 (waiting for 受理), returned 补正
 * (missing material listed once), accepted 已受理 (under review), granted 准予许可,
 * refused 不予许可.
 */
export const LICENCE_APPLICATION_STATUSES = ['submitted', 'returned', 'accepted', 'granted', 'refused'] as const;
export type LicenceApplicationStatus = (typeof LICENCE_APPLICATION_STATUSES)[number];
export const OPEN_LICENCE_APPLICATION_STATUSES: readonly LicenceApplicationStatus[] = ['submitted', 'returned', 'accepted'];

/** Kinds of declared material (申请材料). */
export const LICENCE_MATERIAL_KINDS = ['business_licence', 'premises', 'safety_rules', 'service_commitment', 'id_of_representative', 'other'] as const;

/** File types a material upload may have, by content (magic bytes), not by name. */
export const LICENCE_FILE_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type LicenceFileType = (typeof LICENCE_FILE_TYPES)[number];
/** An upload crosses NATS base64-encoded inside a 1 MB message: at most 512 KiB a file. */
export const MAX_LICENCE_FILE_BYTES = 512 * 1024;
/** Files per application. */
export const MAX_LICENCE_FILES = 20;

/** The structured part of the declared material (申请材料). */
export class LicenceMaterialDto {
  @ApiProperty({ description: 'Legal representative (法定代表人)', example: '李四' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  legalRepresentative: string;

  @ApiProperty({ description: 'Registered capital in fen (注册资本，分)', example: 200_000_000 })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  registeredCapitalFen: number;

  @ApiProperty({ description: 'Sorting and handling premises (场地设施)', example: '太原市小店区物流园3号库，1200平方米' })
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  premises: string;

  @ApiPropertyOptional({ description: 'Staff employed for express business (从业人员数)', example: 40 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  staffCount?: number;
}

/** Apply for an express business licence, or its change, renewal or cancellation (快递业务经营许可申请). */
export class CreateLicenceApplicationRequest {
  @ApiProperty({ description: 'What is applied for (申请事项): new 新办, change 变更, renewal 延续, cancellation 注销', enum: LICENCE_APPLICATION_KINDS })
  @IsIn(LICENCE_APPLICATION_KINDS)
  kind: LicenceApplicationKind;

  @ApiPropertyOptional({
    description: "Applicant's unified social credit code (统一社会信用代码); a courier applies for its own organisation's, the admin names it",
  })
  @IsOptional()
  @IsUscc()
  uscc?: string;

  @ApiProperty({ description: 'Applicant name (申请企业名称)', example: '山西极速快递有限公司' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name: string;

  @ApiProperty({ description: 'Brand code (快递品牌), see GET /brands', example: 'ZTO' })
  @IsString()
  @Matches(/^[A-Z0-9_]{2,16}$/, { message: 'brand must be a brand code' })
  brand: string;

  @ApiProperty({ description: 'Address of the applicant (住所)', example: '太原市小店区长治路1号' })
  @IsString()
  @MinLength(2)
  @MaxLength(300)
  address: string;

  @ApiProperty({ description: 'Administration applied to (受理机关所在地区): the province `14` or a city', example: '14' })
  @Matches(SCOPE_REGION_CODE, { message: 'regionCode must be the province or a city or county of Shanxi' })
  regionCode: string;

  @ApiPropertyOptional({
    description: 'Territory applied for (经营地域): region codes within the administration applied to; defaults to its region',
    type: [String],
    example: ['14'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @Matches(PROVINCE_REGION_CODE, { each: true, message: 'territory entries must be region codes of the province' })
  territory?: string[];

  @ApiProperty({ description: 'Business scope applied for (业务范围)', example: '国内快递（省内异地、同城）' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  scope: string;

  @ApiProperty({ description: 'Declared material, structured (申请材料)', type: LicenceMaterialDto })
  @ValidateNested()
  @Type(() => LicenceMaterialDto)
  material: LicenceMaterialDto;

  @ApiPropertyOptional({ description: 'Reason, for a change or cancellation (变更、注销事由)' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class CreateLicenceApplicationMessage extends CreateLicenceApplicationRequest {
  @ApiPropertyOptional({ description: "credit code of the calling courier's organisation (set by the gateway)" })
  @IsOptional()
  @IsUscc()
  actingUscc?: string;
}

/** Complete a returned application (补正后重新提交). */
export class ResubmitLicenceApplicationRequest {
  @ApiPropertyOptional({ description: 'Corrected structured material (补正后的申请材料); files are uploaded to /files', type: LicenceMaterialDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => LicenceMaterialDto)
  material?: LicenceMaterialDto;

  @ApiPropertyOptional({ description: 'Note to the reviewer (补正说明)' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

/** Return an application once with the full list of missing material (一次性告知补正). */
export class ReturnLicenceApplicationRequest {
  @ApiProperty({ description: 'Everything missing, listed once (需补正的全部内容)', type: [String], example: ['场地设施照片', '安全管理制度'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(300, { each: true })
  missing: string[];
}

/** Grant the licence (准予许可). */
export class GrantLicenceApplicationRequest {
  @ApiPropertyOptional({
    description: 'Licence number (许可证编号); required for a new licence, kept on a change or renewal when omitted',
    example: '晋邮20260001',
  })
  @IsOptional()
  @IsString()
  @MinLength(3)
  @MaxLength(64)
  licenceNumber?: string;

  @ApiPropertyOptional({ description: 'Valid from (有效期起); required except for a cancellation' })
  @IsOptional()
  @IsBusinessDate()
  validFrom?: string;

  @ApiPropertyOptional({ description: 'Valid to, inclusive (有效期止); required except for a cancellation' })
  @IsOptional()
  @IsBusinessDate()
  validTo?: string;
}

/** Refuse with reasons (不予许可). */
export class RefuseLicenceApplicationRequest {
  @ApiProperty({ description: 'Reasons (不予许可理由)' })
  @IsString()
  @MinLength(2)
  @MaxLength(2000)
  reason: string;
}

export const LICENCE_APPLICATION_STEPS = ['accept', 'return', 'resubmit', 'grant', 'refuse'] as const;
export type LicenceApplicationStep = (typeof LICENCE_APPLICATION_STEPS)[number];

/** One step of the workflow, as the gateway forwards it. */
export class LicenceApplicationStepMessage {
  @ApiProperty() @IsUUID() id: string;
  @ApiProperty({ enum: LICENCE_APPLICATION_STEPS }) @IsIn(LICENCE_APPLICATION_STEPS) step: LicenceApplicationStep;
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(300, { each: true })
  missing?: string[];
  @ApiPropertyOptional({ type: LicenceMaterialDto }) @IsOptional() @ValidateNested() @Type(() => LicenceMaterialDto) material?: LicenceMaterialDto;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) note?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) licenceNumber?: string;
  @ApiPropertyOptional() @IsOptional() @IsBusinessDate() validFrom?: string;
  @ApiPropertyOptional() @IsOptional() @IsBusinessDate() validTo?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) reason?: string;
  @ApiPropertyOptional() @IsOptional() @IsUscc() actingUscc?: string;
}

export class ListLicenceApplicationsRequest extends PageQuery {
  @ApiPropertyOptional({ description: 'Status (办理状态)', enum: LICENCE_APPLICATION_STATUSES })
  @IsOptional()
  @IsIn(LICENCE_APPLICATION_STATUSES)
  status?: LicenceApplicationStatus;

  @ApiPropertyOptional({ description: 'Administration applied to, or one within it (受理机关地区)', example: '14' })
  @IsOptional()
  @Matches(SCOPE_REGION_CODE, { message: 'regionCode must be the province or a city or county of Shanxi' })
  regionCode?: string;
}

export class ListLicenceApplicationsMessage extends ListLicenceApplicationsRequest {
  @ApiPropertyOptional() @IsOptional() @IsUscc() actingUscc?: string;
}

export class LicenceApplicationIdMessage {
  @ApiProperty() @IsUUID() id: string;
  @ApiPropertyOptional() @IsOptional() @IsUscc() actingUscc?: string;
}

/** A material file as it crosses NATS (base64). */
export class UploadLicenceFileMessage {
  @ApiProperty() @IsUUID() id: string;
  @ApiProperty({ enum: LICENCE_MATERIAL_KINDS }) @IsIn(LICENCE_MATERIAL_KINDS) materialKind: (typeof LICENCE_MATERIAL_KINDS)[number];
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) filename: string;
  @ApiProperty() @IsString() @MaxLength(Math.ceil((MAX_LICENCE_FILE_BYTES * 4) / 3) + 4) base64: string;
  @ApiPropertyOptional() @IsOptional() @IsUscc() actingUscc?: string;
}

export class LicenceFileIdMessage {
  @ApiProperty() @IsUUID() id: string;
  @ApiProperty() @IsUUID() fileId: string;
  @ApiPropertyOptional() @IsOptional() @IsUscc() actingUscc?: string;
}

export class LicenceFileQuery {
  @ApiProperty({ description: 'Kind of material (材料类别)', enum: LICENCE_MATERIAL_KINDS })
  @IsIn(LICENCE_MATERIAL_KINDS)
  materialKind: (typeof LICENCE_MATERIAL_KINDS)[number];

  @ApiPropertyOptional({ description: 'File name to keep (文件名)', example: '营业执照.pdf' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  filename?: string;
}

export class LicenceFileDto {
  @ApiProperty({ description: 'File id' }) id: string;
  @ApiProperty({ description: 'Kind of material (材料类别)', enum: LICENCE_MATERIAL_KINDS }) materialKind: string;
  @ApiProperty({ description: 'File name (文件名)' }) filename: string;
  @ApiProperty({ description: 'Type by content (文件类型)', enum: LICENCE_FILE_TYPES }) contentType: string;
  @ApiProperty({ description: 'Size in bytes (大小)' }) size: number;
  @ApiProperty({ description: 'SHA-256 of the content (摘要)' }) sha256: string;
  @ApiProperty({ description: 'Uploaded at (上传时间)' }) uploadedAt: string;
}

/** A file's content as it crosses NATS. */
export interface LicenceFileContent {
  filename: string;
  contentType: string;
  base64: string;
}

export class LicenceApplicationStepDto {
  @ApiProperty({ description: 'Step (环节): submitted, returned, resubmitted, accepted, granted, refused' }) step: string;
  @ApiProperty({ description: 'When (时间)' }) at: string;
  @ApiProperty({ description: 'Who (操作人)' }) actor: string;
  @ApiProperty({ description: 'Note, missing material or reasons (说明)', nullable: true, type: String }) note: string | null;
}

export class LicenceApplicationDto {
  @ApiProperty({ description: 'Application id' }) id: string;
  @ApiProperty({ description: 'Application number (申请编号)', example: 'XK-14-2026-000001' }) applicationNo: string;
  @ApiProperty({ description: 'What is applied for (申请事项)', enum: LICENCE_APPLICATION_KINDS }) kind: LicenceApplicationKind;
  @ApiProperty({ description: 'Status (办理状态)', enum: LICENCE_APPLICATION_STATUSES }) status: LicenceApplicationStatus;
  @ApiProperty({ description: 'Unified social credit code (统一社会信用代码)' }) uscc: string;
  @ApiProperty({ description: 'Applicant name (申请企业名称)' }) name: string;
  @ApiProperty({ description: 'Brand code (快递品牌)' }) brand: string;
  @ApiProperty({ description: 'Address (住所)' }) address: string;
  @ApiProperty({ description: 'Administration applied to (受理机关地区)' }) regionCode: string;
  @ApiProperty({ description: 'Territory applied for (经营地域)', type: [String] }) territory: string[];
  @ApiProperty({ description: 'Business scope (业务范围)' }) scope: string;
  @ApiProperty({ description: 'Structured material (申请材料)', type: LicenceMaterialDto }) material: LicenceMaterialDto;
  @ApiProperty({ description: 'Reason of a change or cancellation (事由)', nullable: true, type: String }) reason: string | null;
  @ApiProperty({ description: 'The registered enterprise, once there is one (企业)', nullable: true, type: String }) enterpriseId: string | null;
  @ApiProperty({ description: 'Missing material listed on return (补正内容)', type: [String] }) missing: string[];
  @ApiProperty({ description: 'Whether the one return (一次性告知) has been used' }) returnedOnce: boolean;
  @ApiProperty({
    description: 'Next step (下一步): who acts and what',
    nullable: true,
    type: String,
    example: 'staff: accept or return (受理或一次性告知补正)',
  })
  nextStep: string | null;
  @ApiProperty({ description: 'Date by which the next step is due (办理时限)', nullable: true, type: String }) dueOn: string | null;
  @ApiProperty({
    description:
      'Years of that due date without an official holiday calendar loaded (未载入节假日安排的年份): counted Monday to Friday only; empty when it follows the State Council notices',
    type: [Number],
    example: [],
  })
  weekdaysOnlyYears: number[];
  @ApiProperty({ description: 'Licence number granted (许可证编号)', nullable: true, type: String }) licenceNumber: string | null;
  @ApiProperty({ description: 'Valid from granted (有效期起)', nullable: true, type: String }) validFrom: string | null;
  @ApiProperty({ description: 'Valid to granted (有效期止)', nullable: true, type: String }) validTo: string | null;
  @ApiProperty({ description: 'Reasons of a refusal (不予许可理由)', nullable: true, type: String }) refusalReason: string | null;
  @ApiProperty({ description: 'Uploaded material files (材料文件)', type: [LicenceFileDto] }) files: LicenceFileDto[];
  @ApiProperty({ description: 'Steps so far, oldest first (办理过程)', type: [LicenceApplicationStepDto] }) steps: LicenceApplicationStepDto[];
  @ApiProperty({ description: 'Submitted at (提交时间)' }) createdAt: string;
  @ApiProperty({ description: 'Last change (最近变更)' }) updatedAt: string;
}

export class LicenceApplicationPageDto {
  @ApiProperty({ type: [LicenceApplicationDto] }) items: LicenceApplicationDto[];
  @ApiProperty({ description: 'Cursor of the next page, null at the end', nullable: true, type: String }) nextCursor: string | null;
}

/** Emitted on every step of a licence application. */
export interface LicenceApplicationEvent {
  applicationId: string;
  kind: LicenceApplicationKind;
  status: LicenceApplicationStatus;
  uscc: string;
  regionCode: string;
  enterpriseId: string | null;
  step: string;
}
