import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { GreenFilingStatusQuery, GreenYearQuery, Role, SetGreenDeadlineMessage, Subjects } from '@app/contracts';
import { Data, Meta, type RequestMeta } from '@app/messaging';
import { principalWith } from '../access.js';
import { DeadlinesService } from '../deadlines/deadlines.service.js';
import { FactorSetsService } from '../emissions/factor-sets.service.js';
import { SummaryService } from './summary.service.js';

const OVERSEERS = [Role.Admin, Role.Staff, Role.Auditor];

@Controller()
export class SummaryController {
  constructor(
    private readonly summaries: SummaryService,
    private readonly deadlines: DeadlinesService,
    private readonly factorSets: FactorSetsService,
  ) {}

  @MessagePattern(Subjects.green.summaryGet)
  summary(@Data() query: GreenYearQuery, @Meta() meta: RequestMeta) {
    principalWith(meta, ...OVERSEERS);
    return this.summaries.summary(query.year, meta);
  }

  @MessagePattern(Subjects.green.summaryExport)
  export(@Data() query: GreenYearQuery, @Meta() meta: RequestMeta) {
    principalWith(meta, ...OVERSEERS);
    return this.summaries.export(query.year, meta);
  }

  @MessagePattern(Subjects.green.filingStatusGet)
  filingStatus(@Data() query: GreenFilingStatusQuery, @Meta() meta: RequestMeta) {
    principalWith(meta, ...OVERSEERS);
    return this.summaries.filingStatus(query.year, query.period ?? 'annual', meta);
  }

  @MessagePattern(Subjects.green.deadlinesList)
  deadlinesList(@Data() query: GreenYearQuery, @Meta() meta: RequestMeta) {
    principalWith(meta, ...OVERSEERS, Role.Courier);
    return this.deadlines.list(query.year);
  }

  @MessagePattern(Subjects.green.deadlinesSet)
  deadlinesSet(@Data() input: SetGreenDeadlineMessage, @Meta() meta: RequestMeta) {
    principalWith(meta, Role.Admin);
    return this.deadlines.set(input, meta);
  }

  @MessagePattern(Subjects.green.factorSetsList)
  factorSetsList(@Meta() meta: RequestMeta) {
    principalWith(meta, ...OVERSEERS, Role.Courier);
    return this.factorSets.list();
  }
}
