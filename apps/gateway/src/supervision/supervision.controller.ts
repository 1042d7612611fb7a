import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ActionsDto,
  CreateTargetRequest,
  IndicatorsDto,
  IndicatorsQuery,
  ListTargetsQuery,
  LongRequests,
  OverviewDto,
  OverviewQuery,
  PolicyTargetDto,
  PolicyTargetPageDto,
  RebuildResultDto,
  ActionsQuery,
  Subjects,
  UpdateTargetRequest,
} from '@app/contracts';
import { RequestMeta, ServiceRequester } from '@app/messaging';
import { AccessOf } from '../auth/access.decorator.js';
import { Meta } from '../auth/request-context.js';
import { Idempotent } from '../idempotency/idempotency.js';

@ApiTags('supervision (监管平台)')
@Controller('supervision')
export class SupervisionController {
  constructor(private readonly bus: ServiceRequester) {}

  @Get('overview')
  @AccessOf(Subjects.supervision.overviewGet)
  @ApiOperation({ summary: 'Key figures of every service for a year and region, with progress against the policy targets (监管总览)' })
  @ApiOkResponse({ type: OverviewDto })
  overview(@Query() query: OverviewQuery, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.overviewGet, query, meta);
  }

  @Get('indicators')
  @AccessOf(Subjects.supervision.indicatorsGet)
  @ApiOperation({ summary: 'A figure as a time series by period for a region and each of its child regions (指标时间序列，可下钻)' })
  @ApiOkResponse({ type: IndicatorsDto })
  indicators(@Query() query: IndicatorsQuery, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.indicatorsGet, query, meta);
  }

  @Get('actions')
  @AccessOf(Subjects.supervision.actionsGet)
  @ApiOperation({ summary: 'What needs action in a region: claims waiting, data-quality flags, open incidents, joint discipline (待办事项)' })
  @ApiOkResponse({ type: ActionsDto })
  actions(@Query() query: ActionsQuery, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.actionsGet, query, meta);
  }

  @Get('targets')
  @AccessOf(Subjects.supervision.targetsList)
  @ApiOperation({ summary: 'Policy targets with their source sentence and document (政策目标表)' })
  @ApiOkResponse({ type: PolicyTargetPageDto })
  targets(@Query() query: ListTargetsQuery, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.targetsList, query, meta);
  }

  @Post('targets')
  @Idempotent()
  @AccessOf(Subjects.supervision.targetsCreate)
  @ApiOperation({ summary: 'Add a policy target (新增政策目标); audited' })
  @ApiOkResponse({ type: PolicyTargetDto })
  addTarget(@Body() body: CreateTargetRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.targetsCreate, body, meta);
  }

  @Patch('targets/:id')
  @AccessOf(Subjects.supervision.targetsUpdate)
  @ApiOperation({ summary: 'Change a policy target’s value (修改政策目标); the reason and the old value go to the audit trail' })
  @ApiOkResponse({ type: PolicyTargetDto })
  changeTarget(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateTargetRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.targetsUpdate, { ...body, id }, meta);
  }

  @Post('read-models/rebuild')
  @HttpCode(200)
  @AccessOf(Subjects.supervision.readModelsRebuild)
  @ApiOperation({ summary: 'Rebuild the read models by replaying the EVENTS stream into empty tables (重建统计数据)' })
  @ApiOkResponse({ type: RebuildResultDto })
  rebuild(@Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.readModelsRebuild, {}, meta, LongRequests.readModelsRebuildMs);
  }
}
