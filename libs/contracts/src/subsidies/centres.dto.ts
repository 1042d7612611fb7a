import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { PageQuery } from '../common/page.js';
import { COUNTY_CODE } from './common.js';
import { SCOPE_REGION_CODE } from '../validators.js';

/** Register a county logistics centre (登记县级寄递物流中心). */
export class CreateCountyCentreRequest {
  @ApiProperty({ description: 'Centre name (中心名称)', example: '临猗县寄递物流中心' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name: string;

  @ApiProperty({ description: 'County code, 6 digits (县级行政区划代码); one centre per county', example: '140821' })
  @IsString()
  @Matches(COUNTY_CODE, { message: 'countyCode must be a 6-digit county code of the province' })
  countyCode: string;

  @ApiProperty({ description: 'Organisation of kind county_centre in that county that acts for the centre (运营机构)' })
  @IsUUID()
  orgId: string;

  @ApiPropertyOptional({
    description: 'Plausible daily capacity in items per direction (日处理能力，件/日·方向); a reported count above it fails the logic check',
    example: 20000,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000_000)
  dailyCapacity?: number;
}

export class CountyCentreResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'Centre name (中心名称)' }) name: string;
  @ApiProperty({ description: 'County code (县级行政区划代码)' }) countyCode: string;
  @ApiProperty({ description: 'Operating organisation (运营机构)' }) orgId: string;
  @ApiProperty({ description: 'Daily capacity per direction (日处理能力)', nullable: true, type: Number }) dailyCapacity: number | null;
  @ApiProperty({ description: 'Registered at (登记时间)' }) createdAt: string;
}

export class CountyCentrePageDto {
  @ApiProperty({ type: [CountyCentreResponseDto] }) items: CountyCentreResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class ListCountyCentresRequest extends PageQuery {
  @ApiPropertyOptional({ description: 'Region prefix: a city or county code (区划)' })
  @IsOptional()
  @Matches(SCOPE_REGION_CODE, { message: 'regionCode must be 14, a city or a county code' })
  regionCode?: string;
}
