import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { OutletUsageRequest, Role, Subjects, UsageReportMessage, UsageSummaryRequest } from '@app/contracts';
import { Data, Meta, type RequestMeta } from '@app/messaging';
import { actor } from '../filings/scope.js';
import { UsageService } from './usage.service.js';

@Controller()
export class UsageController {
  constructor(private readonly usage: UsageService) {}

  @MessagePattern(Subjects.outlets.usageReport)
  report(@Data() input: UsageReportMessage, @Meta() meta: RequestMeta) {
    return this.usage.report(input, actor(meta, Role.Courier, Role.Admin), meta);
  }

  @MessagePattern(Subjects.outlets.usageList)
  forOutlet(@Data() input: OutletUsageRequest, @Meta() meta: RequestMeta) {
    return this.usage.forOutlet(input, actor(meta));
  }

  @MessagePattern(Subjects.outlets.usageSummary)
  summary(@Data() input: UsageSummaryRequest, @Meta() meta: RequestMeta) {
    return this.usage.summary(input, actor(meta));
  }
}
