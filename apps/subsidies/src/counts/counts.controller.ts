import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { IngestCountsRequest, ListParcelCountsRequest, Role, Subjects } from '@app/contracts';
import { Data, Meta, type RequestMeta } from '@app/messaging';
import { requireRole } from '../scope.js';
import { CountsService } from './counts.service.js';

@Controller()
export class CountsController {
  constructor(private readonly counts: CountsService) {}

  @MessagePattern(Subjects.subsidies.countsIngest)
  ingest(@Data() input: IngestCountsRequest, @Meta() meta: RequestMeta) {
    requireRole(meta, Role.Admin, Role.CountyCentre);
    return this.counts.ingest(input, meta);
  }

  @MessagePattern(Subjects.subsidies.countsList)
  list(@Data() query: ListParcelCountsRequest, @Meta() meta: RequestMeta) {
    return this.counts.list(query, requireRole(meta, Role.Admin, Role.Staff, Role.Auditor, Role.CountyCentre));
  }
}
