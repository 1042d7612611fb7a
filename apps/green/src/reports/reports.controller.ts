import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import {
  GreenDecisionMessage,
  GreenReportIdMessage,
  ListGreenReportsMessage,
  Role,
  Subjects,
  SubmitGreenReportMessage,
  UploadGreenReportMessage,
} from '@app/contracts';
import { Data, Meta, type RequestMeta } from '@app/messaging';
import { principalWith } from '../access.js';
import { ReportsService } from './reports.service.js';

const READERS = [Role.Admin, Role.Staff, Role.Auditor, Role.Courier];

@Controller()
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @MessagePattern(Subjects.green.reportsSubmit)
  submit(@Data() input: SubmitGreenReportMessage, @Meta() meta: RequestMeta) {
    principalWith(meta, Role.Courier, Role.Admin);
    return this.reports.submit(input, meta);
  }

  @MessagePattern(Subjects.green.reportsUpload)
  upload(@Data() input: UploadGreenReportMessage, @Meta() meta: RequestMeta) {
    principalWith(meta, Role.Courier, Role.Admin);
    return this.reports.upload(input, meta);
  }

  @MessagePattern(Subjects.green.templateGet)
  template(@Meta() meta: RequestMeta) {
    principalWith(meta, Role.Courier, Role.Admin, Role.Staff);
    return this.reports.template();
  }

  @MessagePattern(Subjects.green.reportsList)
  list(@Data() query: ListGreenReportsMessage, @Meta() meta: RequestMeta) {
    return this.reports.list(query, principalWith(meta, ...READERS));
  }

  @MessagePattern(Subjects.green.reportsGet)
  get(@Data() input: GreenReportIdMessage, @Meta() meta: RequestMeta) {
    return this.reports.get(input.id, { principal: principalWith(meta, ...READERS), courierUscc: input.courierUscc });
  }

  @MessagePattern(Subjects.green.reportsDecide)
  decide(@Data() input: GreenDecisionMessage, @Meta() meta: RequestMeta) {
    principalWith(meta, Role.Staff, Role.Admin);
    return this.reports.decide(input, meta);
  }
}
