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

/** Outlet coverage (网点覆盖率): a township or village is covered with at least one filed, open outlet in it. */
export class CoverageDto {
  @ApiProperty({ description: 'Region (区划代码)' }) regionCode: string;
  @ApiProperty({ description: 'Level counted (统计层级)', enum: COVERAGE_LEVELS }) level: CoverageLevel;
  @ApiProperty({ description: 'Townships or villages in the region (总数)' }) total: number;
  @ApiProperty({ description: 'Covered ones (已覆盖)' }) covered: number;
  @ApiProperty({ description: 'covered ÷ total, 4 decimals (覆盖率)' }) rate: number;
  @ApiProperty({ description: 'The ones not covered (未覆盖)', type: [RegionNameDto] }) uncovered: RegionNameDto[];
  @ApiProperty({ description: 'Where the division data comes from (区划数据来源)' }) source: string;
}
