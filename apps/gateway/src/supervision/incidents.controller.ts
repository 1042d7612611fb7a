import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CreateIncidentRequest,
  CreateResourceRequest,
  DispatchRequest,
  IncidentDto,
  IncidentPageDto,
  IncidentStatusRequest,
  ListIncidentsQuery,
  ListResourcesQuery,
  ResourceDto,
  ResourcePageDto,
  Subjects,
} from '@app/contracts';
import { RequestMeta, ServiceRequester } from '@app/messaging';
import { AccessOf } from '../auth/access.decorator.js';
import { Meta } from '../auth/request-context.js';
import { Idempotent } from '../idempotency/idempotency.js';

@ApiTags('incidents (突发事件与应急调度)')
@Controller()
export class IncidentsController {
  constructor(private readonly bus: ServiceRequester) {}

  @Post('incidents')
  @Idempotent()
  @AccessOf(Subjects.supervision.incidentsCreate)
  @ApiOperation({ summary: 'Open an incident with its affected regions (登记突发事件)' })
  @ApiOkResponse({ type: IncidentDto })
  create(@Body() body: CreateIncidentRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.incidentsCreate, body, meta);
  }

  @Get('incidents')
  @AccessOf(Subjects.supervision.incidentsList)
  @ApiOperation({ summary: 'Incidents in the caller’s region, newest first (突发事件列表)' })
  @ApiOkResponse({ type: IncidentPageDto })
  list(@Query() query: ListIncidentsQuery, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.incidentsList, query, meta);
  }

  @Get('incidents/:id')
  @AccessOf(Subjects.supervision.incidentsGet)
  @ApiOperation({ summary: 'One incident with its dispatches and timeline (事件详情与处置时间线)' })
  @ApiOkResponse({ type: IncidentDto })
  get(@Param('id', ParseUUIDPipe) id: string, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.incidentsGet, { id }, meta);
  }

  @Post('incidents/:id/status')
  @HttpCode(200)
  @AccessOf(Subjects.supervision.incidentsStatus)
  @ApiOperation({ summary: 'Move an incident on (更新事件状态); resolving or closing releases its resources' })
  @ApiOkResponse({ type: IncidentDto })
  status(@Param('id', ParseUUIDPipe) id: string, @Body() body: IncidentStatusRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.incidentsStatus, { ...body, id }, meta);
  }

  @Post('incidents/:id/dispatch')
  @Idempotent()
  @HttpCode(200)
  @AccessOf(Subjects.supervision.incidentsDispatch)
  @ApiOperation({ summary: 'Dispatch emergency resources to an open incident (应急调度); a resource held by an open incident is refused (409)' })
  @ApiOkResponse({ type: IncidentDto })
  dispatch(@Param('id', ParseUUIDPipe) id: string, @Body() body: DispatchRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.incidentsDispatch, { ...body, id }, meta);
  }

  @Post('incidents/:id/dispatches/:dispatchId/release')
  @HttpCode(200)
  @AccessOf(Subjects.supervision.dispatchRelease)
  @ApiOperation({ summary: 'Release a dispatched resource (释放调度资源)' })
  @ApiOkResponse({ type: IncidentDto })
  release(@Param('id', ParseUUIDPipe) incidentId: string, @Param('dispatchId', ParseUUIDPipe) dispatchId: string, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.dispatchRelease, { incidentId, dispatchId }, meta);
  }

  @Post('emergency-resources')
  @Idempotent()
  @AccessOf(Subjects.supervision.resourcesCreate)
  @ApiOperation({ summary: 'Register an emergency resource: vehicle, team or depot with region and capacity (登记应急资源)' })
  @ApiOkResponse({ type: ResourceDto })
  addResource(@Body() body: CreateResourceRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.resourcesCreate, body, meta);
  }

  @Get('emergency-resources')
  @AccessOf(Subjects.supervision.resourcesList)
  @ApiOperation({ summary: 'Emergency resources, optionally only those free to dispatch (应急资源)' })
  @ApiOkResponse({ type: ResourcePageDto })
  resources(@Query() query: ListResourcesQuery, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.resourcesList, query, meta);
  }
}
