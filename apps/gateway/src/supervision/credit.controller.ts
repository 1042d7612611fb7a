import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CreateCreditRecordRequest,
  CreateCreditRepairRequest,
  CreateCreditSchemeRequest,
  CreditRecordDto,
  CreditRepairDecisionRequest,
  CreditRepairDto,
  CreditRepairPageDto,
  CreditSchemeDto,
  CreditSchemeListDto,
  ListCreditRepairsQuery,
  CreditStandingDto,
  CreditStandingPageDto,
  JointDisciplineQuery,
  Subjects,
} from '@app/contracts';
import { RequestMeta, ServiceRequester } from '@app/messaging';
import { AccessOf } from '../auth/access.decorator.js';
import { Meta } from '../auth/request-context.js';
import { Idempotent } from '../idempotency/idempotency.js';
import { IdentityService } from '../identity/identity.service.js';

@ApiTags('credit (信用监管)')
@Controller()
export class CreditController {
  constructor(
    private readonly bus: ServiceRequester,
    private readonly identity: IdentityService,
  ) {}

  @Post('credit-records')
  @Idempotent()
  @AccessOf(Subjects.supervision.creditRecordsCreate)
  @ApiOperation({ summary: 'Record a violation of an enterprise (登记违法违规记录)' })
  @ApiOkResponse({ type: CreditRecordDto })
  create(@Body() body: CreateCreditRecordRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.creditRecordsCreate, body, meta);
  }

  @Get('enterprises/:id/credit')
  @AccessOf(Subjects.supervision.creditGet)
  @ApiOperation({ summary: 'Credit records, score and level of an enterprise (企业信用档案)' })
  @ApiOkResponse({ type: CreditStandingDto })
  standing(@Param('id', ParseUUIDPipe) enterpriseId: string, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.creditGet, { enterpriseId }, meta);
  }

  @Get('credit/joint-discipline')
  @AccessOf(Subjects.supervision.jointDisciplineList)
  @ApiOperation({ summary: 'Enterprises under joint discipline (失信联合惩戒名单)' })
  @ApiOkResponse({ type: CreditStandingPageDto })
  jointDiscipline(@Query() query: JointDisciplineQuery, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.jointDisciplineList, query, meta);
  }

  @Get('credit-schemes')
  @AccessOf(Subjects.supervision.creditSchemesList)
  @ApiOperation({
    summary: 'Every version of the credit scoring scheme, newest (in force) first; this platform’s local scheme, not seed text (信用评分方案版本)',
  })
  @ApiOkResponse({ type: CreditSchemeListDto })
  schemes(@Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.creditSchemesList, {}, meta);
  }

  @Post('credit-schemes')
  @Idempotent()
  @AccessOf(Subjects.supervision.creditSchemesCreate)
  @ApiOperation({ summary: 'Set a new version of the credit scheme (修订信用评分方案), audited; records made before keep their points' })
  @ApiOkResponse({ type: CreditSchemeDto })
  createScheme(@Body() body: CreateCreditSchemeRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.creditSchemesCreate, body, meta);
  }

  @Post('credit-repairs')
  @Idempotent()
  @AccessOf(Subjects.supervision.creditRepairsApply)
  @ApiOperation({ summary: 'Apply to repair a credit record with evidence (申请信用修复): the courier for its own enterprise' })
  @ApiOkResponse({ type: CreditRepairDto })
  async applyRepair(@Body() body: CreateCreditRepairRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.creditRepairsApply, { ...body, actingUscc: await this.identity.courierUscc(meta.principal) }, meta);
  }

  @Post('credit-repairs/:id/decision')
  @HttpCode(200)
  @AccessOf(Subjects.supervision.creditRepairsDecide)
  @ApiOperation({ summary: 'Approve (the record counts no more) or reject a credit repair (信用修复决定)' })
  @ApiOkResponse({ type: CreditRepairDto })
  decideRepair(@Param('id', ParseUUIDPipe) id: string, @Body() body: CreditRepairDecisionRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.creditRepairsDecide, { ...body, id }, meta);
  }

  @Get('credit-repairs')
  @AccessOf(Subjects.supervision.creditRepairsList)
  @ApiOperation({ summary: 'Credit repair applications, newest first (信用修复申请): a courier its own' })
  @ApiOkResponse({ type: CreditRepairPageDto })
  async repairs(@Query() query: ListCreditRepairsQuery, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.creditRepairsList, { ...query, actingUscc: await this.identity.courierUscc(meta.principal) }, meta);
  }
}
