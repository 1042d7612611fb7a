import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { GreenFilingStatusQuery, GreenYearQuery, SetGreenDeadlineMessage, Subjects } from '@app/contracts';
import { Data, Meta, type RequestMeta } from '@app/messaging';
import { DeadlinesService } from '../deadlines/deadlines.service.js';
import { FactorSetsService } from '../emissions/factor-sets.service.js';
import { SummaryService } from './summary.service.js';

@Controller()
export class SummaryController {
  constructor(
    private readonly summaries: SummaryService,
    private readonly deadlines: DeadlinesService,
    private readonly factorSets: FactorSetsService,
  ) {}

  @MessagePattern(Subjects.green.summaryGet)
  summary(@Data() query: GreenYearQuery, @Meta() meta: RequestMeta) {
    return this.summaries.summary(query.year, meta);
  }

  @MessagePattern(Subjects.green.summaryExport)
  export(@Data() query: GreenYearQuery, @Meta() meta: RequestMeta) {
    return this.summaries.export(query.year, meta);
  }

  @MessagePattern(Subjects.green.filingStatusGet)
  filingStatus(@Data() query: GreenFilingStatusQuery, @Meta() meta: RequestMeta) {
    return this.summaries.filingStatus(query.year, query.period ?? 'annual', meta);
  }

  @MessagePattern(Subjects.green.deadlinesList)
  deadlinesList(@Data() query: GreenYearQuery) {
    return this.deadlines.list(query.year);
  }

  @MessagePattern(Subjects.green.deadlinesSet)
  deadlinesSet(@Data() input: SetGreenDeadlineMessage, @Meta() meta: RequestMeta) {
    return this.deadlines.set(input, meta);
  }

  @MessagePattern(Subjects.green.factorSetsList)
  factorSetsList() {
    return this.factorSets.list();
  }
}
