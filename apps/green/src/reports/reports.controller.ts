import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import {
  GreenDecisionMessage,
  GreenReportIdMessage,
  ListGreenReportsMessage,
  Subjects,
  SubmitGreenReportMessage,
  UploadGreenReportMessage,
} from '@app/contracts';
import { caller, Data, Meta, type RequestMeta } from '@app/messaging';
import { ReportsService } from './reports.service.js';

@Controller()
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @MessagePattern(Subjects.green.reportsSubmit)
  submit(@Data() input: SubmitGreenReportMessage, @Meta() meta: RequestMeta) {
    return this.reports.submit(input, meta);
  }

  @MessagePattern(Subjects.green.reportsUpload)
  upload(@Data() input: UploadGreenReportMessage, @Meta() meta: RequestMeta) {
    return this.reports.upload(input, meta);
  }

  @MessagePattern(Subjects.green.templateGet)
  template() {
    return this.reports.template();
  }

  @MessagePattern(Subjects.green.reportsList)
  list(@Data() query: ListGreenReportsMessage, @Meta() meta: RequestMeta) {
    return this.reports.list(query, caller(meta));
  }

  @MessagePattern(Subjects.green.reportsGet)
  get(@Data() input: GreenReportIdMessage, @Meta() meta: RequestMeta) {
    return this.reports.get(input.id, { principal: caller(meta), courierUscc: input.courierUscc });
  }

  @MessagePattern(Subjects.green.reportsDecide)
  decide(@Data() input: GreenDecisionMessage, @Meta() meta: RequestMeta) {
    return this.reports.decide(input, meta);
  }
}
