import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { DEFAULT_PROVINCE, DomainError, NATIONAL_REGION, NATIONAL_SCOPE, PROVINCE_REGION_CODE, ROOT_REGION } from '@app/contracts';
import { provinces, REGION_LEVELS, RegionLevel, regions, regionsIfAny } from '@app/regions';
import { Access } from '../auth/access.decorator.js';

class RegionQuery {
  @ApiPropertyOptional({
    description: 'Parent region code (上级区划代码); default the deployment’s province (PROVINCE_CODE, 14 Shanxi unless set)',
    example: DEFAULT_PROVINCE,
  })
  @IsOptional()
  @Matches(PROVINCE_REGION_CODE, { message: 'parent must be a region code of the province' })
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

class RootRegionDto {
  @ApiProperty({ description: 'Code (代码): the province (PROVINCE_CODE), `00` in the national view' }) code: string;
  @ApiProperty({ description: 'Name (名称), e.g. 山西省; 全国 in the national view' }) name: string;
}

class RegionListDto {
  @ApiProperty({ type: [RegionDto] }) items: RegionDto[];
  @ApiProperty({ description: 'Where the division data comes from' }) source: string;
  @ApiProperty({ type: RootRegionDto, description: 'The region this deployment serves (本平台所辖区域): the dashboard’s title and first breadcrumb' })
  root: RootRegionDto;
}

@ApiTags('reference data (基础数据)')
@Controller('regions')
export class RegionsController {
  @Get()
  @Access()
  @ApiOperation({ summary: 'Statistical divisions of the province (行政区划): children of a parent, or all of a level under it' })
  @ApiOkResponse({ type: RegionListDto })
  list(@Query() query: RegionQuery): RegionListDto {
    const parent = query.parent ?? ROOT_REGION;
    const root = { code: ROOT_REGION, name: NATIONAL_SCOPE ? '全国' : (regions().get(ROOT_REGION)?.name ?? ROOT_REGION) };
    if (parent === NATIONAL_REGION) {
      // the national view: the provinces (their divisions where this deployment has the data)
      const items = [...provinces()].map(([code, name]) => ({ code, name, level: 'province' as const, parentCode: null }));
      return { items: query.level && query.level !== 'province' ? [] : items, source: regions().source, root };
    }
    const index = NATIONAL_SCOPE ? regionsIfAny(parent.slice(0, 2)) : regions();
    if (!index?.has(parent)) throw DomainError.notFound(`region ${parent}`);
    const items = query.level ? index.descendants(parent, query.level) : index.childrenOf(parent);
    return { items, source: index.source, root };
  }
}
