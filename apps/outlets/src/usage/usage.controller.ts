import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { OutletUsageRequest, Subjects, UsageReportMessage, UsageSummaryRequest } from '@app/contracts';
import { caller, Data, Meta, type RequestMeta } from '@app/messaging';
import { UsageService } from './usage.service.js';

@Controller()
export class UsageController {
  constructor(private readonly usage: UsageService) {}

  @MessagePattern(Subjects.outlets.usageReport)
  report(@Data() input: UsageReportMessage, @Meta() meta: RequestMeta) {
    return this.usage.report(input, caller(meta), meta);
  }

  @MessagePattern(Subjects.outlets.usageList)
  forOutlet(@Data() input: OutletUsageRequest, @Meta() meta: RequestMeta) {
    return this.usage.forOutlet(input, caller(meta));
  }

  @MessagePattern(Subjects.outlets.usageSummary)
  summary(@Data() input: UsageSummaryRequest, @Meta() meta: RequestMeta) {
    return this.usage.summary(input, caller(meta));
  }
}
