import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CreateRectificationRequest,
  KeySupervisionEntryDto,
  KeySupervisionExitRequest,
  KeySupervisionPageDto,
  KeySupervisionRuleDto,
  KeySupervisionRuleListDto,
  ListKeySupervisionQuery,
  ListRectificationsQuery,
  RectificationDecision,
  RectificationDecisionRequest,
  RectificationDto,
  RectificationPageDto,
  RespondRectificationRequest,
  Subjects,
  UpdateKeySupervisionRuleRequest,
} from '@app/contracts';
import { RequestMeta, ServiceRequester } from '@app/messaging';
import { AccessOf } from '../auth/access.decorator.js';
import { Meta } from '../auth/request-context.js';
import { Idempotent } from '../idempotency/idempotency.js';
import { IdentityService } from '../identity/identity.service.js';

@ApiTags('rectification (责令整改与重点监管)')
@Controller()
export class RectificationsController {
  constructor(
    private readonly bus: ServiceRequester,
    private readonly identity: IdentityService,
  ) {}

  @Post('rectifications')
  @Idempotent()
  @AccessOf(Subjects.supervision.rectificationsCreate)
  @ApiOperation({ summary: 'Open a rectification order against an enterprise, outlet or county centre (责令整改)' })
  @ApiOkResponse({ type: RectificationDto })
  create(@Body() body: CreateRectificationRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.rectificationsCreate, body, meta);
  }

  @Get('rectifications')
  @AccessOf(Subjects.supervision.rectificationsList)
  @ApiOperation({ summary: 'Rectification orders: staff their region’s, a courier or centre those against it, newest first (整改单列表)' })
  @ApiOkResponse({ type: RectificationPageDto })
  async list(@Query() query: ListRectificationsQuery, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.rectificationsList, { ...query, actingUscc: await this.identity.courierUscc(meta.principal) }, meta);
  }

  @Get('rectifications/:id')
  @AccessOf(Subjects.supervision.rectificationsGet)
  @ApiOperation({ summary: 'One rectification order with every step (整改单详情)' })
  @ApiOkResponse({ type: RectificationDto })
  async get(@Param('id', ParseUUIDPipe) id: string, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.rectificationsGet, { id, actingUscc: await this.identity.courierUscc(meta.principal) }, meta);
  }

  @Post('rectifications/:id/respond')
  @HttpCode(200)
  @AccessOf(Subjects.supervision.rectificationsRespond)
  @ApiOperation({ summary: 'The party answers with its correction, text and attachments (报告整改情况)' })
  @ApiOkResponse({ type: RectificationDto })
  async respond(@Param('id', ParseUUIDPipe) id: string, @Body() body: RespondRectificationRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.rectificationsRespond, { ...body, id, actingUscc: await this.identity.courierUscc(meta.principal) }, meta);
  }

  @Post('rectifications/:id/accept')
  @HttpCode(200)
  @AccessOf(Subjects.supervision.rectificationsDecide)
  @ApiOperation({ summary: 'Accept the party’s correction (整改验收通过); on time when by the first due date' })
  @ApiOkResponse({ type: RectificationDto })
  accept(@Param('id', ParseUUIDPipe) id: string, @Body() body: RectificationDecisionRequest, @Meta() meta: RequestMeta) {
    return this.decide(id, 'accept', body, meta);
  }

  @Post('rectifications/:id/return')
  @HttpCode(200)
  @AccessOf(Subjects.supervision.rectificationsDecide)
  @ApiOperation({ summary: 'Return the correction with a reason (退回重新整改)' })
  @ApiOkResponse({ type: RectificationDto })
  return(@Param('id', ParseUUIDPipe) id: string, @Body() body: RectificationDecisionRequest, @Meta() meta: RequestMeta) {
    return this.decide(id, 'return', body, meta);
  }

  @Post('rectifications/:id/escalate')
  @HttpCode(200)
  @AccessOf(Subjects.supervision.rectificationsDecide)
  @ApiOperation({ summary: 'Escalate an overdue order to special supervision with a re-inspection date (专项督办); the key-supervision rules are applied' })
  @ApiOkResponse({ type: RectificationDto })
  escalate(@Param('id', ParseUUIDPipe) id: string, @Body() body: RectificationDecisionRequest, @Meta() meta: RequestMeta) {
    return this.decide(id, 'escalate', body, meta);
  }

  @Post('rectifications/:id/close')
  @HttpCode(200)
  @AccessOf(Subjects.supervision.rectificationsDecide)
  @ApiOperation({ summary: 'Close an unfinished order with a reason (结案), e.g. the subject ceased business' })
  @ApiOkResponse({ type: RectificationDto })
  close(@Param('id', ParseUUIDPipe) id: string, @Body() body: RectificationDecisionRequest, @Meta() meta: RequestMeta) {
    return this.decide(id, 'close', body, meta);
  }

  @Get('key-supervision')
  @AccessOf(Subjects.supervision.keySupervisionList)
  @ApiOperation({ summary: 'The key-supervision list, enterprises listed now (重点监管名录); ?all=true with those that left' })
  @ApiOkResponse({ type: KeySupervisionPageDto })
  keySupervision(@Query() query: ListKeySupervisionQuery, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.keySupervisionList, query, meta);
  }

  @Post('key-supervision/:id/exit')
  @HttpCode(200)
  @AccessOf(Subjects.supervision.keySupervisionExit)
  @ApiOperation({ summary: 'Take an enterprise off the key-supervision list when the exit rule allows (移出重点监管名录)' })
  @ApiOkResponse({ type: KeySupervisionEntryDto })
  exit(@Param('id', ParseUUIDPipe) id: string, @Body() body: KeySupervisionExitRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.keySupervisionExit, { ...body, id }, meta);
  }

  @Get('key-supervision/rules')
  @AccessOf(Subjects.supervision.keySupervisionRulesList)
  @ApiOperation({ summary: 'Entry and exit rules of the key-supervision list, this platform’s configuration (重点监管规则)' })
  @ApiOkResponse({ type: KeySupervisionRuleListDto })
  rules(@Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.keySupervisionRulesList, {}, meta);
  }

  @Patch('key-supervision/rules/:code')
  @AccessOf(Subjects.supervision.keySupervisionRulesUpdate)
  @ApiOperation({ summary: 'Change a key-supervision rule (修改重点监管规则), audited' })
  @ApiOkResponse({ type: KeySupervisionRuleDto })
  updateRule(@Param('code') code: string, @Body() body: UpdateKeySupervisionRuleRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.keySupervisionRulesUpdate, { ...body, code }, meta);
  }

  private decide(id: string, decision: RectificationDecision, body: RectificationDecisionRequest, meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.rectificationsDecide, { ...body, id, decision }, meta);
  }
}
