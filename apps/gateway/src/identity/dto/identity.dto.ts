import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsDateString, IsEnum, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsUscc, Role, SCOPE_REGION_CODE } from '@app/contracts';
import { ORGANISATION_KINDS, OrganisationKind } from '../organisation.entity.js';

export class LoginRequestDto {
  @ApiProperty({ description: 'User name (用户名)', example: 'admin' })
  @IsString()
  @MaxLength(64)
  username: string;

  @ApiProperty({ description: 'Password (密码)' })
  @IsString()
  @MaxLength(200)
  password: string;
}

export class SessionUserDto {
  @ApiProperty({ description: 'User id' }) id: string;
  @ApiProperty({ description: 'Role (角色)', enum: Role }) role: Role;
  @ApiProperty({ description: 'Organisation id (所属机构)', nullable: true, type: String }) orgId: string | null;
  @ApiProperty({ description: 'Region scope code (管辖区划)' }) regionCode: string;
}

export class LoginResponseDto {
  @ApiProperty({ description: 'Bearer access token (访问令牌)' }) accessToken: string;
  @ApiProperty({ description: 'Seconds until the token expires' }) expiresIn: number;
  @ApiProperty({ type: SessionUserDto }) user: SessionUserDto;
}

export class CreateOrganisationRequestDto {
  @ApiProperty({ description: 'Organisation name (机构名称)', example: '临猗县寄递物流中心' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name: string;

  @ApiProperty({
    description:
      'Kind (机构类型): postal administration 邮政管理部门, county logistics centre 县级寄递物流中心, courier company 快递企业, cold-chain operator 冷链运营主体',
    enum: ORGANISATION_KINDS,
  })
  @IsIn(ORGANISATION_KINDS)
  kind: OrganisationKind;

  @ApiProperty({ description: 'Region code (行政区划代码): a county for a county centre', example: '140821' })
  @IsString()
  @Matches(SCOPE_REGION_CODE, { message: 'regionCode must be the province, a city (4 digits) or a county (6 digits) of it' })
  regionCode: string;

  @ApiPropertyOptional({ description: 'Unified social credit code (统一社会信用代码); required for a courier, tying it to its registered enterprise' })
  @IsOptional()
  @IsUscc()
  uscc?: string;
}

export class OrganisationResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'Organisation name (机构名称)' }) name: string;
  @ApiProperty({ description: 'Kind (机构类型)', enum: ORGANISATION_KINDS }) kind: OrganisationKind;
  @ApiProperty({ description: 'Region code (行政区划代码)' }) regionCode: string;
  @ApiProperty({ description: 'Unified social credit code (统一社会信用代码)', nullable: true, type: String }) uscc: string | null;
  @ApiProperty() createdAt: string;
}

export class OrganisationPageDto {
  @ApiProperty({ type: [OrganisationResponseDto] }) items: OrganisationResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class CreateUserRequestDto {
  @ApiProperty({ description: 'User name (用户名), 3–64 letters, digits, _ . -', example: 'linyi.centre' })
  @IsString()
  @Matches(/^[a-zA-Z0-9_.-]{3,64}$/, { message: 'username must be 3–64 letters, digits, _ . -' })
  username: string;

  @ApiProperty({ description: 'Password (密码), at least 12 characters' })
  @IsString()
  @MinLength(12)
  @MaxLength(200)
  password: string;

  @ApiProperty({ description: 'Role (角色)', enum: Role })
  @IsEnum(Role)
  role: Role;

  @ApiProperty({ description: 'Organisation id (所属机构)' })
  @IsString()
  @Matches(/^[0-9a-f-]{36}$/, { message: 'orgId must be a uuid' })
  orgId: string;

  @ApiPropertyOptional({ description: 'Region scope (管辖区划) for staff: province 14, a city or a county; defaults to the organisation’s region' })
  @IsOptional()
  @IsString()
  @Matches(SCOPE_REGION_CODE, { message: 'regionCode must be the province, a city (4 digits) or a county (6 digits) of it' })
  regionCode?: string;
}

export class UserResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'User name (用户名)' }) username: string;
  @ApiProperty({ description: 'Role (角色)', enum: Role }) role: Role;
  @ApiProperty({ description: 'Organisation id (所属机构)', nullable: true, type: String }) orgId: string | null;
  @ApiProperty({ description: 'Region scope (管辖区划)' }) regionCode: string;
  @ApiProperty({
    description: 'When the user was disabled (停用时间); a disabled user cannot sign in and their tokens are refused',
    nullable: true,
    type: String,
  })
  disabledAt: string | null;
  @ApiProperty() createdAt: string;
}

/** Change a user (修改用户): every change makes the user's existing tokens fail at once. */
export class UpdateUserRequestDto {
  @ApiPropertyOptional({ description: 'Disable (停用) or enable the user' })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;

  @ApiPropertyOptional({ description: 'New role (角色); must suit the user’s organisation', enum: Role })
  @IsOptional()
  @IsEnum(Role)
  role?: Role;

  @ApiPropertyOptional({ description: 'New region scope (管辖区划) for staff and auditors, within the organisation’s region' })
  @IsOptional()
  @IsString()
  @Matches(SCOPE_REGION_CODE, { message: 'regionCode must be the province, a city (4 digits) or a county (6 digits) of it' })
  regionCode?: string;
}

/** Change one's own password (修改密码). */
export class ChangePasswordRequestDto {
  @ApiProperty({ description: 'Current password (当前密码)' })
  @IsString()
  @MaxLength(200)
  currentPassword: string;

  @ApiProperty({ description: 'New password (新密码), at least 12 characters' })
  @IsString()
  @MinLength(12)
  @MaxLength(200)
  newPassword: string;
}

export class CreateApiKeyRequestDto {
  @ApiProperty({ description: 'Organisation the key acts for (所属机构)' })
  @IsString()
  @Matches(/^[0-9a-f-]{36}$/, { message: 'orgId must be a uuid' })
  orgId: string;

  @ApiProperty({ description: 'Role of the key (角色); admin keys are not issued', enum: [Role.Staff, Role.CountyCentre, Role.Courier, Role.Auditor] })
  @IsIn([Role.Staff, Role.CountyCentre, Role.Courier, Role.Auditor])
  role: Role;

  @ApiProperty({ description: 'A name to recognise the key by (密钥名称)', example: 'county system upload' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiPropertyOptional({
    description: 'When the key stops working (有效期至), an ISO 8601 time in the future; none: until revoked',
    example: '2026-12-31T16:00:00Z',
  })
  @IsOptional()
  @IsDateString({ strict: true })
  @MaxLength(40)
  expiresAt?: string;
}

/** Rotate a key (轮换密钥): a new key for the same organisation, role and name; the old one stops after the grace period. */
export class RotateApiKeyRequestDto {
  @ApiPropertyOptional({ description: 'Seconds the old key keeps working, so clients can switch (0–604800, default 0: at once)', example: 3600 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(604_800)
  graceSeconds?: number;

  @ApiPropertyOptional({ description: 'Expiry of the new key (ISO 8601, in the future); default: none', example: '2026-12-31T16:00:00Z' })
  @IsOptional()
  @IsDateString({ strict: true })
  @MaxLength(40)
  expiresAt?: string;
}

export class ApiKeyResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'Organisation id' }) orgId: string;
  @ApiProperty({ enum: Role }) role: Role;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'First characters of the key, to recognise it' }) prefix: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) revokedAt: string | null;
  @ApiProperty({ description: 'When the key stops working (有效期至)', nullable: true, type: String }) expiresAt: string | null;
  @ApiProperty({ nullable: true, type: String }) lastUsedAt: string | null;
}

export class CreatedApiKeyDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'The key; shown once, store it now (密钥仅显示一次)' }) key: string;
}

export class ApiKeyPageDto {
  @ApiProperty({ type: [ApiKeyResponseDto] }) items: ApiKeyResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
