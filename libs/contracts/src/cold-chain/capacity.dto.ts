import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { IsBusinessDate } from '../validators.js';
import { COMMODITIES, type Commodity } from './vocabulary.js';
import { FacilitySummaryDto } from './facility.dto.js';
import { PROVINCE_REGION_CODE } from '../validators.js';

export class CapacityQuery {
  @ApiPropertyOptional({ description: 'Date the map is for, YYYY-MM-DD (统计日期); default today', example: '2025-12-31' })
  @IsOptional()
  @IsBusinessDate()
  asOf?: string;

  @ApiPropertyOptional({ description: 'Only this city or county (区划)', example: '1408' })
  @IsOptional()
  @Matches(PROVINCE_REGION_CODE, { message: 'regionCode must be a region code of the province' })
  regionCode?: string;
}

export class CommodityCapacityDto {
  @ApiProperty({ description: 'Commodity (品类)', enum: COMMODITIES }) commodity: Commodity;
  @ApiProperty({ description: 'Operating facilities handling it (设施数)' }) facilities: number;
  @ApiProperty({ description: 'Their capacity in tonnes, each facility in full (库容, 吨)' }) capacityTonnes: number;
}

export class CountyCapacityDto {
  @ApiProperty({ description: 'County code (县代码)' }) countyCode: string;
  @ApiProperty({ description: 'County name (县名)' }) countyName: string;
  @ApiProperty({ description: 'City code (市代码)' }) cityCode: string;
  @ApiProperty({ description: 'City name (市名)' }) cityName: string;
  @ApiProperty({ description: 'Operating facilities (运营设施数)' }) facilities: number;
  @ApiProperty({ description: 'Their capacity in tonnes (库容, 吨)' }) capacityTonnes: number;
  @ApiProperty({ description: 'By commodity (分品类)', type: [CommodityCapacityDto] }) byCommodity: CommodityCapacityDto[];
}

export class CapacityMapDto {
  @ApiProperty({ description: 'Date of the map (统计日期)' }) asOf: string;
  @ApiProperty({ description: 'How it is counted (统计口径)' }) basis: string;
  @ApiProperty({ description: 'Operating facilities in all counties shown (运营设施数)' }) facilities: number;
  @ApiProperty({ description: 'Their capacity in tonnes (库容, 吨)' }) capacityTonnes: number;
  @ApiProperty({ description: 'Province-wide by commodity (分品类)', type: [CommodityCapacityDto] }) byCommodity: CommodityCapacityDto[];
  @ApiProperty({ description: 'Counties with operating capacity (分县)', type: [CountyCapacityDto] }) counties: CountyCapacityDto[];
}

export class CapacityGapDto {
  @ApiProperty({ description: 'County code (县代码)' }) countyCode: string;
  @ApiProperty({ description: 'County name (县名)' }) countyName: string;
  @ApiProperty({ description: 'City code (市代码)' }) cityCode: string;
  @ApiProperty({ description: 'City name (市名)' }) cityName: string;
  @ApiProperty({ description: 'Named in the plan (规划点名)' }) namedInPlan: boolean;
  @ApiProperty({ description: 'Operating facilities there that handle neither fruit nor vegetables (其他运营设施数)' }) otherOperatingFacilities: number;
  @ApiProperty({ description: 'Planned or building facilities there for fruit or vegetables (在建/规划设施)', type: [FacilitySummaryDto] })
  pipeline: FacilitySummaryDto[];
}

export class CapacityGapListDto {
  @ApiProperty({ description: 'Date of the list (统计日期)' }) asOf: string;
  @ApiProperty({ description: 'Which counties are listed and why (口径)' }) basis: string;
  @ApiProperty({ description: 'Counties with fruit or vegetable output but no operating cold storage for it (缺口县)', type: [CapacityGapDto] })
  counties: CapacityGapDto[];
}
