import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import {
  CreateRectificationRequest,
  KeySupervisionExitMessage,
  ListKeySupervisionQuery,
  ListRectificationsMessage,
  RectificationDecisionMessage,
  RectificationIdMessage,
  RespondRectificationMessage,
  Subjects,
  UpdateKeySupervisionRuleMessage,
} from '@app/contracts';
import { caller, Data, Meta, type RequestMeta } from '@app/messaging';
import { RectificationsService } from './rectifications.service.js';
import { KeySupervisionService } from './key-supervision.service.js';

@Controller()
export class RectificationsController {
  constructor(
    private readonly rectifications: RectificationsService,
    private readonly keySupervision: KeySupervisionService,
  ) {}

  @MessagePattern(Subjects.supervision.rectificationsCreate)
  create(@Data() input: CreateRectificationRequest, @Meta() meta: RequestMeta) {
    return this.rectifications.create(input, caller(meta), meta);
  }

  @MessagePattern(Subjects.supervision.rectificationsList)
  list(@Data() query: ListRectificationsMessage, @Meta() meta: RequestMeta) {
    return this.rectifications.list(query, caller(meta));
  }

  @MessagePattern(Subjects.supervision.rectificationsGet)
  get(@Data() input: RectificationIdMessage, @Meta() meta: RequestMeta) {
    return this.rectifications.get(input, caller(meta));
  }

  @MessagePattern(Subjects.supervision.rectificationsRespond)
  respond(@Data() input: RespondRectificationMessage, @Meta() meta: RequestMeta) {
    return this.rectifications.respond(input, caller(meta), meta);
  }

  @MessagePattern(Subjects.supervision.rectificationsDecide)
  decide(@Data() input: RectificationDecisionMessage, @Meta() meta: RequestMeta) {
    return this.rectifications.decide(input, caller(meta), meta);
  }

  @MessagePattern(Subjects.supervision.keySupervisionList)
  listKeySupervision(@Data() query: ListKeySupervisionQuery) {
    return this.keySupervision.list(query);
  }

  @MessagePattern(Subjects.supervision.keySupervisionExit)
  exit(@Data() input: KeySupervisionExitMessage, @Meta() meta: RequestMeta) {
    return this.keySupervision.exit(input, meta);
  }

  @MessagePattern(Subjects.supervision.keySupervisionRulesList)
  rules() {
    return this.keySupervision.listRules();
  }

  @MessagePattern(Subjects.supervision.keySupervisionRulesUpdate)
  updateRule(@Data() input: UpdateKeySupervisionRuleMessage, @Meta() meta: RequestMeta) {
    return this.keySupervision.updateRule(input, meta);
  }
}
