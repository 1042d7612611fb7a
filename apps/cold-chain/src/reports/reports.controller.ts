import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { FileReportMessage, ListReportsMessage, Subjects } from '@app/contracts';
import { Data, Meta, type RequestMeta } from '@app/messaging';
import { ReportsService } from './reports.service.js';

@Controller()
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @MessagePattern(Subjects.coldChain.reportsFile)
  file(@Data() input: FileReportMessage, @Meta() meta: RequestMeta) {
    return this.reports.file(input, meta);
  }

  @MessagePattern(Subjects.coldChain.reportsList)
  list(@Data() query: ListReportsMessage) {
    return this.reports.list(query);
  }
}
