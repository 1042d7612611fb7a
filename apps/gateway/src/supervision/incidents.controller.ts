import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CreateIncidentRequest,
  CreateEmergencyPlanRequest,
  CreateResourceRequest,
  DispatchRequest,
  DrillDto,
  DrillPageDto,
  EmergencyPlanDto,
  EmergencyPlanPageDto,
  ListDrillsQuery,
  ListEmergencyPlansQuery,
  RecordDrillRequest,
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
  @ApiOperation({
    summary:
      'Register an emergency resource: vehicle, team, depot, or an e-commerce platform or its warehouse (with its operator), with region and capacity (登记应急资源)',
  })
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

  @Post('emergency-plans')
  @Idempotent()
  @AccessOf(Subjects.supervision.emergencyPlansCreate)
  @ApiOperation({ summary: 'Register a region’s emergency plan (登记应急预案), seed 001 §28' })
  @ApiOkResponse({ type: EmergencyPlanDto })
  addPlan(@Body() body: CreateEmergencyPlanRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.emergencyPlansCreate, body, meta);
  }

  @Get('emergency-plans')
  @AccessOf(Subjects.supervision.emergencyPlansList)
  @ApiOperation({ summary: 'Emergency plans of a region and the regions inside it, newest first (应急预案)' })
  @ApiOkResponse({ type: EmergencyPlanPageDto })
  plans(@Query() query: ListEmergencyPlansQuery, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.emergencyPlansList, query, meta);
  }

  @Post('emergency-drills')
  @Idempotent()
  @AccessOf(Subjects.supervision.emergencyDrillsCreate)
  @ApiOperation({ summary: 'Record an emergency drill: date, participants, resources used, findings (登记应急演练), seed 001 §29' })
  @ApiOkResponse({ type: DrillDto })
  addDrill(@Body() body: RecordDrillRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.emergencyDrillsCreate, body, meta);
  }

  @Get('emergency-drills')
  @AccessOf(Subjects.supervision.emergencyDrillsList)
  @ApiOperation({ summary: 'Emergency drills of a region and the regions inside it, newest first (应急演练)' })
  @ApiOkResponse({ type: DrillPageDto })
  drills(@Query() query: ListDrillsQuery, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.emergencyDrillsList, query, meta);
  }
}
