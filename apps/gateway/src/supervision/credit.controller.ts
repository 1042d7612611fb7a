import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CreateCreditRecordRequest,
  CreditRecordDto,
  CreditStandingDto,
  CreditStandingPageDto,
  JointDisciplineQuery,
  Subjects,
} from '@app/contracts';
import { RequestMeta, ServiceRequester } from '@app/messaging';
import { AccessOf } from '../auth/access.decorator.js';
import { Meta } from '../auth/request-context.js';
import { Idempotent } from '../idempotency/idempotency.js';

@ApiTags('credit (信用监管)')
@Controller()
export class CreditController {
  constructor(private readonly bus: ServiceRequester) {}

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
}
