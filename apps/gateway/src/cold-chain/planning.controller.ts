import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CapacityGapListDto,
  CapacityMapDto,
  CapacityQuery,
  ColdChainReferenceDto,
  MajorCountyListDto,
  ProgressDto,
  ProgressQuery,
  SetMajorCountiesRequest,
  Subjects,
} from '@app/contracts';
import { RequestMeta, ServiceRequester } from '@app/messaging';
import { AccessOf } from '../auth/access.decorator.js';
import { Meta } from '../auth/request-context.js';

@ApiTags('cold chain (冷链物流)')
@Controller('cold-chain')
export class ColdChainPlanningController {
  constructor(private readonly bus: ServiceRequester) {}

  @Get('progress')
  @AccessOf(Subjects.coldChain.progressGet)
  @ApiOperation({ summary: 'Progress against the plan’s cold-chain targets as of 31 December of a year (目标进展), each with its source sentence' })
  @ApiOkResponse({ type: ProgressDto })
  progress(@Query() query: ProgressQuery, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.coldChain.progressGet, query, meta);
  }

  @Get('major-counties')
  @AccessOf(Subjects.coldChain.majorCountiesList)
  @ApiOperation({ summary: 'The major fruit and vegetable counties (果蔬生产大县) the consolidation-centre target counts' })
  @ApiOkResponse({ type: MajorCountyListDto })
  majorCounties(@Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.coldChain.majorCountiesList, {}, meta);
  }

  @Put('major-counties')
  @AccessOf(Subjects.coldChain.majorCountiesSet)
  @ApiOperation({ summary: 'Set the full list of major fruit and vegetable counties (设置果蔬生产大县名单); the plan’s named counties stay' })
  @ApiOkResponse({ type: MajorCountyListDto })
  setMajorCounties(@Body() body: SetMajorCountiesRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.coldChain.majorCountiesSet, body, meta);
  }

  @Get('capacity-map')
  @AccessOf(Subjects.coldChain.capacityMap)
  @ApiOperation({ summary: 'Operating capacity by county and commodity (冷链库容分布)' })
  @ApiOkResponse({ type: CapacityMapDto })
  capacityMap(@Query() query: CapacityQuery, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.coldChain.capacityMap, query, meta);
  }

  @Get('capacity-gaps')
  @AccessOf(Subjects.coldChain.capacityGaps)
  @ApiOperation({ summary: 'Counties with fruit or vegetable output but no operating cold storage for it (冷链缺口县), with what is planned there' })
  @ApiOkResponse({ type: CapacityGapListDto })
  capacityGaps(@Query() query: CapacityQuery, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.coldChain.capacityGaps, query, meta);
  }

  @Get('reference')
  @AccessOf(Subjects.coldChain.referenceGet)
  @ApiOperation({ summary: 'The registry’s rule tables: kinds and allowed parents, zone ranges, status transitions, commodities, import columns (规则表)' })
  @ApiOkResponse({ type: ColdChainReferenceDto })
  reference(@Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.coldChain.referenceGet, {}, meta);
  }
}
