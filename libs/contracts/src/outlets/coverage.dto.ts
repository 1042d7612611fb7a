import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { PROVINCE_REGION_CODE } from '../validators.js';

export const COVERAGE_LEVELS = ['township', 'village'] as const;
export type CoverageLevel = (typeof COVERAGE_LEVELS)[number];

export class CoverageRequest {
  @ApiPropertyOptional({ description: 'Region (区划代码): province, city, county, or a township for village coverage; default your own region' })
  @IsOptional()
  @Matches(PROVINCE_REGION_CODE, { message: 'regionCode must be a region code of the province' })
  regionCode?: string;

  @ApiPropertyOptional({ description: 'Count townships (乡镇覆盖) or villages (行政村覆盖); default township', enum: COVERAGE_LEVELS })
  @IsOptional()
  @IsIn(COVERAGE_LEVELS)
  level?: CoverageLevel;
}

export class RegionNameDto {
  @ApiProperty({ description: 'Region code (区划代码)' }) code: string;
  @ApiProperty({ description: 'Region name (区划名称)' }) name: string;
}

/** Places of one kind apart from the coverage figure (单列统计). */
export class CoverageCountsDto {
  @ApiProperty({ description: 'Places (总数)' }) total: number;
  @ApiProperty({ description: 'Covered ones (已覆盖)' }) covered: number;
  @ApiProperty({ description: 'covered ÷ total, 4 decimals (覆盖率)' }) rate: number;
}

/** Outlet coverage (网点覆盖率): a township or village is covered with at least one filed, open outlet in it. */
export class CoverageDto {
  @ApiProperty({ description: 'Region (区划代码)' }) regionCode: string;
  @ApiProperty({ description: 'Level counted (统计层级)', enum: COVERAGE_LEVELS }) level: CoverageLevel;
  @ApiProperty({
    description: 'Townships (towns 镇 and townships 乡 by default, see countedTownshipKinds) or villages in the region (总数)',
  })
  total: number;
  @ApiProperty({ description: 'Covered ones (已覆盖)' }) covered: number;
  @ApiProperty({ description: 'covered ÷ total, 4 decimals (覆盖率)' }) rate: number;
  @ApiProperty({ description: 'The ones not covered (未覆盖)', type: [RegionNameDto] }) uncovered: RegionNameDto[];
  @ApiProperty({ description: 'Where the division data comes from (区划数据来源)' }) source: string;
  @ApiProperty({
    description:
      'Township-level kinds counted at level township (计入的乡级区划类别): town 镇, township 乡; subdistrict 街道 is reported apart, other 类似乡级单位 left out (libs/regions/data/coverage.json)',
    type: [String],
    example: ['town', 'township'],
  })
  countedTownshipKinds: string[];
  @ApiProperty({ description: 'Outlet kinds that cover a place (计入的网点类型, libs/regions/data/coverage.json)', type: [String] })
  outletKinds: string[];
  @ApiProperty({
    description: 'Urban sub-districts (街道) of the region, reported apart from the township figure; null at level village',
    type: CoverageCountsDto,
    nullable: true,
  })
  subdistricts: CoverageCountsDto | null;
}
