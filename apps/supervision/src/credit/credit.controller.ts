import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import {
  CreateCreditRecordRequest,
  CreateCreditRepairMessage,
  CreateCreditSchemeRequest,
  CreditCheckRequest,
  CreditRepairDecisionMessage,
  EnterpriseCreditRequest,
  JointDisciplineQuery,
  ListCreditRepairsMessage,
  Subjects,
} from '@app/contracts';
import { caller, Data, Meta, type RequestMeta } from '@app/messaging';
import { CreditService } from './credit.service.js';
import { CreditRepairsService } from './credit-repairs.service.js';

@Controller()
export class CreditController {
  constructor(
    private readonly credit: CreditService,
    private readonly repairs: CreditRepairsService,
  ) {}

  @MessagePattern(Subjects.supervision.creditRecordsCreate)
  create(@Data() input: CreateCreditRecordRequest, @Meta() meta: RequestMeta) {
    return this.credit.create(input, caller(meta), meta);
  }

  @MessagePattern(Subjects.supervision.creditGet)
  get(@Data() input: EnterpriseCreditRequest) {
    return this.credit.standing(input.enterpriseId);
  }

  @MessagePattern(Subjects.supervision.jointDisciplineList)
  list(@Data() query: JointDisciplineQuery) {
    return this.credit.jointDiscipline(query);
  }

  /** For other services (e.g. outlets flags a filing by an enterprise under joint discipline). */
  @MessagePattern(Subjects.supervision.creditCheck)
  check(@Data() input: CreditCheckRequest) {
    return this.credit.check(input.enterpriseIds);
  }

  @MessagePattern(Subjects.supervision.creditSchemesList)
  schemes() {
    return this.credit.schemes();
  }

  @MessagePattern(Subjects.supervision.creditSchemesCreate)
  createScheme(@Data() input: CreateCreditSchemeRequest, @Meta() meta: RequestMeta) {
    return this.credit.createScheme(input, meta);
  }

  @MessagePattern(Subjects.supervision.creditRepairsApply)
  applyRepair(@Data() input: CreateCreditRepairMessage, @Meta() meta: RequestMeta) {
    return this.repairs.apply(input, caller(meta), meta);
  }

  @MessagePattern(Subjects.supervision.creditRepairsDecide)
  decideRepair(@Data() input: CreditRepairDecisionMessage, @Meta() meta: RequestMeta) {
    return this.repairs.decide(input, caller(meta), meta);
  }

  @MessagePattern(Subjects.supervision.creditRepairsList)
  listRepairs(@Data() query: ListCreditRepairsMessage, @Meta() meta: RequestMeta) {
    return this.repairs.list(query, caller(meta));
  }
}
