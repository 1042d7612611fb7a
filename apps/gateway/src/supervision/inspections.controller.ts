import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CreateDrawRequest,
  CreateInspectorRequest,
  DomainError,
  DrawDto,
  DrawPageDto,
  DrawVerificationDto,
  InspectorDto,
  InspectorPageDto,
  ListDrawsQuery,
  ListInspectorsQuery,
  Principal,
  PublicInspectionPageDto,
  PublicInspectionsQuery,
  RecordResultRequest,
  Subjects,
} from '@app/contracts';
import { RequestMeta, ServiceRequester } from '@app/messaging';
import { AccessOf } from '../auth/access.decorator.js';
import { CurrentPrincipal, Meta } from '../auth/request-context.js';
import { Idempotent } from '../idempotency/idempotency.js';
import { IdentityService } from '../identity/identity.service.js';

@ApiTags('inspections (双随机一公开)')
@Controller()
export class InspectionsController {
  constructor(
    private readonly bus: ServiceRequester,
    private readonly identity: IdentityService,
  ) {}

  @Post('inspectors')
  @Idempotent()
  @AccessOf(Subjects.supervision.inspectorsCreate)
  @ApiOperation({ summary: 'Add an inspector to the enforcement staff pool (执法检查人员名录库); never drawn for their own organisation' })
  @ApiOkResponse({ type: InspectorDto })
  async addInspector(@Body() body: CreateInspectorRequest, @CurrentPrincipal() actor: Principal, @Meta() meta: RequestMeta) {
    const org = await this.identity.getOrganisation(body.orgId, actor).catch((err: unknown) => {
      if (err instanceof DomainError && err.status === 404) {
        throw DomainError.rule('UNKNOWN_ORGANISATION', `organisation ${body.orgId} does not exist`, [{ field: 'orgId', message: 'unknown organisation' }]);
      }
      throw err;
    });
    const message = { ...body, orgName: org.name, orgKind: org.kind, orgUscc: org.uscc, orgRegionCode: org.regionCode };
    return this.bus.request(Subjects.supervision.inspectorsCreate, message, meta);
  }

  @Get('inspectors')
  @AccessOf(Subjects.supervision.inspectorsList)
  @ApiOperation({ summary: 'The inspector pool (执法检查人员名录)' })
  @ApiOkResponse({ type: InspectorPageDto })
  inspectors(@Query() query: ListInspectorsQuery, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.inspectorsList, query, meta);
  }

  @Post('inspections/draws')
  @Idempotent()
  @AccessOf(Subjects.supervision.drawsCreate)
  @ApiOperation({ summary: 'Draw inspection targets and inspectors at random, reproducibly from the published seed (双随机抽取)' })
  @ApiOkResponse({ type: DrawDto })
  draw(@Body() body: CreateDrawRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.drawsCreate, body, meta);
  }

  @Get('inspections/draws')
  @AccessOf(Subjects.supervision.drawsList)
  @ApiOperation({ summary: 'Draws, newest first (抽查记录)' })
  @ApiOkResponse({ type: DrawPageDto })
  draws(@Query() query: ListDrawsQuery, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.drawsList, query, meta);
  }

  @Get('inspections/draws/:id')
  @AccessOf(Subjects.supervision.drawsGet)
  @ApiOperation({ summary: 'One draw with its targets, inspectors and results (抽查详情)' })
  @ApiOkResponse({ type: DrawDto })
  getDraw(@Param('id', ParseUUIDPipe) id: string, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.drawsGet, { id }, meta);
  }

  @Get('inspections/draws/:id/verification')
  @AccessOf(Subjects.supervision.drawsVerify)
  @ApiOperation({ summary: 'Re-run the published algorithm on the stored lists and say whether it gives the stored draw (复核抽取结果)' })
  @ApiOkResponse({ type: DrawVerificationDto })
  verify(@Param('id', ParseUUIDPipe) id: string, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.drawsVerify, { id }, meta);
  }

  @Post('inspections/draws/:drawId/items/:itemId/result')
  @Idempotent()
  @HttpCode(200)
  @AccessOf(Subjects.supervision.inspectionResultsRecord)
  @ApiOperation({ summary: 'Record an inspection result (登记检查结果); a failed one becomes a credit record of the enterprise' })
  @ApiOkResponse({ type: DrawDto })
  record(
    @Param('drawId', ParseUUIDPipe) drawId: string,
    @Param('itemId', ParseUUIDPipe) itemId: string,
    @Body() body: RecordResultRequest,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(Subjects.supervision.inspectionResultsRecord, { ...body, drawId, itemId }, meta);
  }

  @Get('inspections/public')
  @AccessOf(Subjects.supervision.inspectionsPublicList)
  @ApiOperation({ summary: 'Published inspections and results without personal data (抽查结果公示)' })
  @ApiOkResponse({ type: PublicInspectionPageDto })
  publicList(@Query() query: PublicInspectionsQuery, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.inspectionsPublicList, query, meta);
  }
}
