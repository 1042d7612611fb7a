import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { PageQuery } from '../common/page.js';
import { provincePattern } from '../province.js';
import { IsBusinessDate, IsUscc, SCOPE_REGION_CODE } from '../validators.js';

/** Electronic pass (电子通行码, issued through 交管12123) of a delivery vehicle: none asked, applied for, issued, expired. */
export const PASS_STATUSES = ['none', 'applied', 'issued', 'expired'] as const;
export type PassStatus = (typeof PASS_STATUSES)[number];
export const PLATE_KINDS = ['ordinary', 'new_energy'] as const;

/** A city or county of the province. */
const BASE_REGION = provincePattern('(\\d{2}|\\d{4})');

/** Register a delivery vehicle (登记快递配送车辆), seed 001 §30: 统一配备、统一编号和标识管理. */
export class RegisterVehicleRequest {
  @ApiPropertyOptional({ description: 'Enterprise the vehicle serves (所属企业); a courier’s own enterprise by default, required for staff' })
  @IsOptional()
  @IsUUID()
  enterpriseId?: string;

  @ApiProperty({
    description:
      'Number plate (号牌号码): province abbreviation, office letter, 5 serial characters (ordinary) or 6 (new-energy, 8 characters in all); spaces, · and - are dropped',
    example: '晋AD12345',
  })
  @IsString()
  @MinLength(7)
  @MaxLength(16)
  plate: string;

  @ApiProperty({ description: 'New-energy vehicle (新能源车辆); a new-energy plate requires true' })
  @IsBoolean()
  newEnergy: boolean;

  @ApiProperty({ description: 'The enterprise’s uniform number of the vehicle (统一编号)', example: 'ZTO-TY-0012' })
  @IsString()
  @MinLength(1)
  @MaxLength(40)
  uniformNo: string;

  @ApiProperty({ description: 'Carries the enterprise’s uniform markings (统一标识)' })
  @IsBoolean()
  markings: boolean;

  @ApiProperty({ description: 'Electronic pass status (通行码状态)', enum: PASS_STATUSES })
  @IsIn(PASS_STATUSES)
  passStatus: PassStatus;

  @ApiPropertyOptional({ description: 'Pass valid to, YYYY-MM-DD (通行码有效期至); required when issued or expired' })
  @IsOptional()
  @IsBusinessDate()
  passValidTo?: string;

  @ApiProperty({ description: 'City or county where the vehicle is based (所在区划)', example: '140105' })
  @Matches(BASE_REGION, { message: 'regionCode must be a city (4 digits) or a county (6 digits) of the province' })
  regionCode: string;
}

export class RegisterVehicleMessage extends RegisterVehicleRequest {
  /** credit code of the acting courier organisation, set by the gateway (never by clients) */
  @IsOptional()
  @IsUscc()
  courierUscc?: string;
}

export class ListVehiclesQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only this enterprise’s vehicles (所属企业)' })
  @IsOptional()
  @IsUUID()
  enterpriseId?: string;

  @ApiPropertyOptional({ description: 'Only vehicles based in this region (区划)' })
  @IsOptional()
  @Matches(SCOPE_REGION_CODE, { message: 'regionCode must be the province, a city or a county' })
  regionCode?: string;

  @ApiPropertyOptional({ description: 'Only new-energy (true) or other (false) vehicles (新能源)', enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'])
  newEnergy?: 'true' | 'false';
}

export class ListVehiclesMessage extends ListVehiclesQuery {
  /** credit code of the acting courier organisation, set by the gateway (never by clients) */
  @IsOptional()
  @IsUscc()
  courierUscc?: string;
}

export class VehicleDto {
  @ApiProperty({ description: 'Vehicle id' }) id: string;
  @ApiProperty({ description: 'Enterprise (所属企业)' }) enterpriseId: string;
  @ApiProperty({ description: 'Enterprise name (企业名称)' }) enterpriseName: string;
  @ApiProperty({ description: 'Plate as stored, without separators (号牌号码)' }) plate: string;
  @ApiProperty({ description: 'Plate kind (号牌种类): ordinary, or new_energy (8 characters)', enum: PLATE_KINDS }) plateKind: string;
  @ApiProperty({ description: 'New-energy vehicle (新能源车辆)' }) newEnergy: boolean;
  @ApiProperty({ description: 'Uniform number (统一编号)' }) uniformNo: string;
  @ApiProperty({ description: 'Uniform markings (统一标识)' }) markings: boolean;
  @ApiProperty({ description: 'Pass status (通行码状态)', enum: PASS_STATUSES }) passStatus: PassStatus;
  @ApiProperty({ description: 'Pass valid to (通行码有效期至)', nullable: true, type: String }) passValidTo: string | null;
  @ApiProperty({ description: 'Where it is based (所在区划)' }) regionCode: string;
  @ApiProperty({ description: 'Registered at (登记时间)' }) createdAt: string;
}

export class VehiclePageDto {
  @ApiProperty({ type: [VehicleDto] }) items: VehicleDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
