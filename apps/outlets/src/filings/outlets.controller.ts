import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import {
  FileOutletMessage,
  ListOutletsRequest,
  OutletChangeMessage,
  OutletClosureMessage,
  OutletDecisionMessage,
  OutletIdRequest,
  OutletNoticeMessage,
  OverdueFilingsRequest,
  Role,
  Subjects,
} from '@app/contracts';
import { Data, Meta, type RequestMeta } from '@app/messaging';
import { OutletsService } from './outlets.service.js';
import { actor } from './scope.js';

@Controller()
export class OutletsController {
  constructor(private readonly outlets: OutletsService) {}

  @MessagePattern(Subjects.outlets.outletsFile)
  file(@Data() input: FileOutletMessage, @Meta() meta: RequestMeta) {
    return this.outlets.file(input, actor(meta, Role.Courier, Role.Admin), meta);
  }

  @MessagePattern(Subjects.outlets.outletsList)
  list(@Data() query: ListOutletsRequest, @Meta() meta: RequestMeta) {
    return this.outlets.list(query, actor(meta));
  }

  @MessagePattern(Subjects.outlets.outletsGet)
  get(@Data() input: OutletIdRequest, @Meta() meta: RequestMeta) {
    return this.outlets.get(input.id, actor(meta));
  }

  @MessagePattern(Subjects.outlets.outletsDecide)
  decide(@Data() input: OutletDecisionMessage, @Meta() meta: RequestMeta) {
    return this.outlets.decide(input, actor(meta, Role.Staff, Role.Admin), meta);
  }

  @MessagePattern(Subjects.outlets.outletsNotify)
  notify(@Data() input: OutletNoticeMessage, @Meta() meta: RequestMeta) {
    return this.outlets.notify(input, actor(meta, Role.Staff, Role.Admin), meta);
  }

  @MessagePattern(Subjects.outlets.outletsChange)
  change(@Data() input: OutletChangeMessage, @Meta() meta: RequestMeta) {
    return this.outlets.change(input, actor(meta, Role.Courier, Role.Admin), meta);
  }

  @MessagePattern(Subjects.outlets.outletsClose)
  close(@Data() input: OutletClosureMessage, @Meta() meta: RequestMeta) {
    return this.outlets.close(input, actor(meta, Role.Courier, Role.Admin), meta);
  }

  @MessagePattern(Subjects.outlets.outletsReceipt)
  receipt(@Data() input: OutletIdRequest, @Meta() meta: RequestMeta) {
    return this.outlets.receipt(input.id, actor(meta));
  }

  @MessagePattern(Subjects.outlets.filingsOverdue)
  overdue(@Data() query: OverdueFilingsRequest, @Meta() meta: RequestMeta) {
    return this.outlets.overdue(query, actor(meta, Role.Admin, Role.Staff, Role.Auditor, Role.Courier));
  }
}
