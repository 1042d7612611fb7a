import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { IsUscc } from '../validators.js';
import { provincePattern } from '../province.js';

/** Kinds of establishment under an enterprise: branch 分支机构, business office 营业部. */
export const BRANCH_KINDS = ['branch', 'business_office'] as const;
export type BranchKind = (typeof BRANCH_KINDS)[number];

/** Register a branch or business office under its enterprise (分支机构、营业部备案). */
export class CreateBranchRequest {
  @ApiProperty({ description: 'Kind (类别): branch 分支机构, business_office 营业部', enum: BRANCH_KINDS })
  @IsIn(BRANCH_KINDS)
  kind: BranchKind;

  @ApiProperty({ description: 'Name (名称)', example: '山西测试快递有限公司临猗分公司' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name: string;

  @ApiProperty({ description: 'Where it stands (所在地区): a city, county or township code of the province', example: '140821' })
  @Matches(provincePattern('(\\d{4}|\\d{7})'), { message: 'regionCode must be a county or township code of the province' })
  regionCode: string;

  @ApiProperty({ description: 'Address (地址)', example: '临猗县猗氏镇解放路8号' })
  @IsString()
  @MinLength(2)
  @MaxLength(300)
  address: string;

  @ApiPropertyOptional({ description: "The branch's own credit code, when it has a business licence (分支机构统一社会信用代码)" })
  @IsOptional()
  @IsUscc()
  uscc?: string;
}

export class CreateBranchMessage extends CreateBranchRequest {
  @ApiProperty() @IsUUID() enterpriseId: string;
  @ApiPropertyOptional() @IsOptional() @IsUscc() actingUscc?: string;
}

export class BranchListRequest {
  @ApiProperty() @IsUUID() enterpriseId: string;
}

export class BranchIdRequest {
  @ApiProperty() @IsUUID() id: string;
}

export class BranchDto {
  @ApiProperty({ description: 'Branch id' }) id: string;
  @ApiProperty({ description: 'Enterprise (所属企业)' }) enterpriseId: string;
  @ApiProperty({ description: 'Kind (类别)', enum: BRANCH_KINDS }) kind: BranchKind;
  @ApiProperty({ description: 'Name (名称)' }) name: string;
  @ApiProperty({ description: 'Region (所在地区)' }) regionCode: string;
  @ApiProperty({ description: 'Address (地址)' }) address: string;
  @ApiProperty({ description: 'Own credit code (统一社会信用代码)', nullable: true, type: String }) uscc: string | null;
  @ApiProperty({ description: 'Filing receipt number (备案回执号)', example: 'BR-140821-2026-000001' }) receiptNo: string;
  @ApiProperty({ description: 'Registered at (备案时间)' }) createdAt: string;
}

export class BranchListDto {
  @ApiProperty({ type: [BranchDto] }) items: BranchDto[];
}
