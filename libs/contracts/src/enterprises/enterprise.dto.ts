import { DEFAULT_PROVINCE } from '../province.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { PageQuery } from '../common/page.js';
import { IsBusinessDate, IsUscc, PROVINCE_REGION_CODE } from '../validators.js';

/** valid 有效, expired 过期, not_yet_valid 未生效, revoked 吊销, cancelled 注销 (at the holder's request) */
export const LICENCE_STATUSES = ['valid', 'expired', 'not_yet_valid', 'revoked', 'cancelled'] as const;
export type LicenceStatus = (typeof LICENCE_STATUSES)[number];

/** Express business licence (快递业务经营许可证). */
export class LicenceDto {
  @ApiProperty({ description: 'Licence number (快递业务经营许可证编号)', example: '晋邮20230001' })
  @IsString()
  @MinLength(3)
  @MaxLength(64)
  number: string;

  @ApiProperty({ description: 'Valid from, YYYY-MM-DD (有效期起)', example: '2023-01-01' })
  @IsBusinessDate()
  validFrom: string;

  @ApiProperty({ description: 'Valid to, inclusive, YYYY-MM-DD (有效期止)', example: '2027-12-31' })
  @IsBusinessDate()
  validTo: string;

  @ApiProperty({ description: 'Licensed business scope (业务范围), e.g. 省内异地快递、同城快递', example: '国内快递（省内异地、同城）' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  scope: string;

  @ApiPropertyOptional({
    description:
      'Licensed territory as region codes (经营地域); defaults to the region of the registering administration (the whole province for the province); must lie within it',
    example: [DEFAULT_PROVINCE],
    type: [String],
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @Matches(PROVINCE_REGION_CODE, { each: true, message: 'territory entries must be region codes of the province' })
  territory?: string[];
}

/** Register an express enterprise (快递企业登记). */
export class CreateEnterpriseRequest {
  @ApiProperty({ description: 'Enterprise name (企业名称)', example: '山西顺丰速运有限公司' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name: string;

  @ApiProperty({
    description: 'Unified social credit code, 18 characters, check character verified (统一社会信用代码, GB 32100-2015)',
    example: '91350100M000100Y43',
  })
  @IsUscc()
  uscc: string;

  @ApiProperty({ description: 'Courier brand code from GET /brands (快递品牌)', example: 'SF' })
  @IsString()
  @Matches(/^[A-Z][A-Z0-9_]{1,19}$/, { message: 'brand must be a brand code such as SF or EMS' })
  brand: string;

  @ApiProperty({ description: 'Express business licence (快递业务经营许可证)', type: LicenceDto })
  @ValidateNested()
  @Type(() => LicenceDto)
  licence: LicenceDto;
}

export class ListEnterprisesRequest extends PageQuery {
  @ApiPropertyOptional({ description: 'Filter by brand code (快递品牌)' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  brand?: string;

  @ApiPropertyOptional({ description: 'Filter by licence status (许可状态)', enum: LICENCE_STATUSES })
  @IsOptional()
  @IsIn(LICENCE_STATUSES)
  licenceStatus?: LicenceStatus;

  @ApiPropertyOptional({ description: 'Name contains (名称包含)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ description: 'Exactly this unified social credit code (统一社会信用代码)' })
  @IsOptional()
  @IsUscc()
  uscc?: string;
}

export class EnterpriseIdRequest {
  @ApiProperty({ description: 'Enterprise id' })
  @IsString()
  @Matches(/^[0-9a-f-]{36}$/, { message: 'id must be a uuid' })
  id: string;
}

export class LicenceCheckRequest {
  @ApiProperty({ description: 'Enterprise id' })
  @IsString()
  @Matches(/^[0-9a-f-]{36}$/, { message: 'enterpriseId must be a uuid' })
  enterpriseId: string;

  @ApiProperty({ description: 'Business date to check, YYYY-MM-DD' })
  @IsBusinessDate()
  date: string;

  @ApiPropertyOptional({ description: "Also answer the enterprise's name, credit code and credit standing (one call where three were)" })
  @IsOptional()
  @IsBoolean()
  withOperator?: boolean;
}

export class LicenceResponseDto {
  @ApiProperty({ description: 'Licence number (许可证编号)' }) number: string;
  @ApiProperty({ description: 'Valid from (有效期起)' }) validFrom: string;
  @ApiProperty({ description: 'Valid to (有效期止)' }) validTo: string;
  @ApiProperty({ description: 'Business scope (业务范围)' }) scope: string;
  @ApiProperty({ description: 'Territory region codes (经营地域)', type: [String] }) territory: string[];
  @ApiProperty({
    description: 'Region of the issuing administration (发证机关所在地区); only staff of that region or above revoke the licence',
    example: DEFAULT_PROVINCE,
  })
  issuedBy: string;
  @ApiProperty({ description: 'Status today in Asia/Shanghai (许可状态)', enum: LICENCE_STATUSES }) status: LicenceStatus;
}

export class EnterpriseResponseDto {
  @ApiProperty({ description: 'Enterprise id' }) id: string;
  @ApiProperty({ description: 'Enterprise name (企业名称)' }) name: string;
  @ApiProperty({ description: 'Unified social credit code (统一社会信用代码)' }) uscc: string;
  @ApiProperty({ description: 'Brand code (快递品牌)' }) brand: string;
  @ApiProperty({ description: 'Licence (快递业务经营许可证)', type: LicenceResponseDto }) licence: LicenceResponseDto;
  @ApiProperty({ description: 'Registered at (登记时间)' }) createdAt: string;
  @ApiProperty({ description: 'Last change (最近变更)' }) updatedAt: string;
}

export class EnterprisePageDto {
  @ApiProperty({ type: [EnterpriseResponseDto] }) items: EnterpriseResponseDto[];
  @ApiProperty({ description: 'Cursor of the next page, null at the end', nullable: true, type: String }) nextCursor: string | null;
}

export class LicenceCheckResponse {
  enterpriseId: string;
  date: string;
  valid: boolean;
  status: LicenceStatus;
  licenceNumber: string;
  territory: string[];
  scope: string;
  /** with `withOperator`: who the enterprise is and its credit standing, read in the same call */
  operator?: LicenceOperator;
}

/** The enterprise behind a licence check and its credit standing (as supervision.credit.check answers it). */
export interface LicenceOperator {
  name: string;
  uscc: string;
  credit: { jointDiscipline: boolean; score: number | null; reasons: string[] };
}

/** Revoke an enterprise's express business licence (吊销快递业务经营许可). */
export class RevokeLicenceRequest {
  @ApiProperty({ description: 'Reason, kept in the audit trail and sent to the services that act on it (吊销原因)' })
  @IsString()
  @MinLength(2)
  @MaxLength(1000)
  reason: string;
}

export class RevokeLicenceMessage extends RevokeLicenceRequest {
  @ApiProperty({ description: 'Enterprise id' })
  @IsString()
  @Matches(/^[0-9a-f-]{36}$/, { message: 'id must be a uuid' })
  id: string;
}

/** One licence whose end the lapse job announced (许可到期或注销，网点备案随之失效). */
export class LicenceLapseDto {
  @ApiProperty({ description: 'Enterprise id' }) enterpriseId: string;
  @ApiProperty({ description: 'Enterprise name (企业名称)' }) name: string;
  @ApiProperty({ description: 'How the licence ended: expired (有效期届满) or cancelled (注销)', enum: ['expired', 'cancelled'] }) ending:
    'expired' | 'cancelled';
  @ApiProperty({ description: 'First day without a licence (失效日期)' }) endedOn: string;
}

/** What one run of the licence lapse job did. */
export class LicenceLapseRunDto {
  @ApiProperty({ description: 'The business date the run judged licences on (检查日期)' }) asOf: string;
  @ApiProperty({ description: 'Licences announced as ended in this run; empty when every end was announced before (本次处理)', type: [LicenceLapseDto] })
  lapsed: LicenceLapseDto[];
}
