import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { CreateCreditRecordRequest, CreditCheckRequest, EnterpriseCreditRequest, JointDisciplineQuery, Subjects } from '@app/contracts';
import { caller, Data, Meta, type RequestMeta } from '@app/messaging';
import { CreditService } from './credit.service.js';

@Controller()
export class CreditController {
  constructor(private readonly credit: CreditService) {}

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
}
