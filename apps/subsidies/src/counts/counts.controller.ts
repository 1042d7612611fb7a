import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { IngestCountsRequest, ListParcelCountsRequest, Subjects } from '@app/contracts';
import { caller, Data, Meta, type RequestMeta } from '@app/messaging';
import { CountsService } from './counts.service.js';

@Controller()
export class CountsController {
  constructor(private readonly counts: CountsService) {}

  @MessagePattern(Subjects.subsidies.countsIngest)
  ingest(@Data() input: IngestCountsRequest, @Meta() meta: RequestMeta) {
    return this.counts.ingest(input, meta);
  }

  @MessagePattern(Subjects.subsidies.countsList)
  list(@Data() query: ListParcelCountsRequest, @Meta() meta: RequestMeta) {
    return this.counts.list(query, caller(meta));
  }
}
