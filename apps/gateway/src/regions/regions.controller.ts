import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { DomainError, SHANXI_REGION_CODE } from '@app/contracts';
import { REGION_LEVELS, RegionLevel, regions } from '@app/regions';
import { Access } from '../auth/access.decorator.js';

class RegionQuery {
  @ApiPropertyOptional({ description: 'Parent region code (上级区划代码); default 14 (Shanxi)', example: '14' })
  @IsOptional()
  @Matches(SHANXI_REGION_CODE, { message: 'parent must be a Shanxi region code' })
  parent?: string;

  @ApiPropertyOptional({ description: 'Level to list (层级); default: the parent’s children', enum: REGION_LEVELS })
  @IsOptional()
  @IsIn(REGION_LEVELS)
  level?: RegionLevel;
}

class RegionDto {
  @ApiProperty({ description: 'Statistical division code (统计用区划代码)' }) code: string;
  @ApiProperty({ description: 'Name (名称)' }) name: string;
  @ApiProperty({ enum: REGION_LEVELS, description: 'Level (层级)' }) level: RegionLevel;
  @ApiProperty({ nullable: true, type: String, description: 'Parent code (上级代码)' }) parentCode: string | null;
}

class RegionListDto {
  @ApiProperty({ type: [RegionDto] }) items: RegionDto[];
  @ApiProperty({ description: 'Where the division data comes from' }) source: string;
}

@ApiTags('reference data (基础数据)')
@Controller('regions')
export class RegionsController {
  @Get()
  @Access()
  @ApiOperation({ summary: 'Shanxi statistical divisions (行政区划): children of a parent, or all of a level under it' })
  @ApiOkResponse({ type: RegionListDto })
  list(@Query() query: RegionQuery): RegionListDto {
    const index = regions();
    const parent = query.parent ?? '14';
    if (!index.has(parent)) throw DomainError.notFound(`region ${parent}`);
    const items = query.level ? index.descendants(parent, query.level) : index.childrenOf(parent);
    return { items, source: index.source };
  }
}
