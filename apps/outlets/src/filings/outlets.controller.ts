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
  Subjects,
} from '@app/contracts';
import { caller, Data, Meta, type RequestMeta } from '@app/messaging';
import { OutletsService } from './outlets.service.js';

@Controller()
export class OutletsController {
  constructor(private readonly outlets: OutletsService) {}

  @MessagePattern(Subjects.outlets.outletsFile)
  file(@Data() input: FileOutletMessage, @Meta() meta: RequestMeta) {
    return this.outlets.file(input, caller(meta), meta);
  }

  @MessagePattern(Subjects.outlets.outletsList)
  list(@Data() query: ListOutletsRequest, @Meta() meta: RequestMeta) {
    return this.outlets.list(query, caller(meta));
  }

  @MessagePattern(Subjects.outlets.outletsGet)
  get(@Data() input: OutletIdRequest, @Meta() meta: RequestMeta) {
    return this.outlets.get(input.id, caller(meta));
  }

  @MessagePattern(Subjects.outlets.outletsDecide)
  decide(@Data() input: OutletDecisionMessage, @Meta() meta: RequestMeta) {
    return this.outlets.decide(input, caller(meta), meta);
  }

  @MessagePattern(Subjects.outlets.outletsNotify)
  notify(@Data() input: OutletNoticeMessage, @Meta() meta: RequestMeta) {
    return this.outlets.notify(input, caller(meta), meta);
  }

  @MessagePattern(Subjects.outlets.outletsChange)
  change(@Data() input: OutletChangeMessage, @Meta() meta: RequestMeta) {
    return this.outlets.change(input, caller(meta), meta);
  }

  @MessagePattern(Subjects.outlets.outletsClose)
  close(@Data() input: OutletClosureMessage, @Meta() meta: RequestMeta) {
    return this.outlets.close(input, caller(meta), meta);
  }

  @MessagePattern(Subjects.outlets.outletsReceipt)
  receipt(@Data() input: OutletIdRequest, @Meta() meta: RequestMeta) {
    return this.outlets.receipt(input.id, caller(meta));
  }

  @MessagePattern(Subjects.outlets.filingsOverdue)
  overdue(@Data() query: OverdueFilingsRequest, @Meta() meta: RequestMeta) {
    return this.outlets.overdue(query, caller(meta));
  }
}
