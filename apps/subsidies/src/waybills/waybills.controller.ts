import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { Role, Subjects, WaybillChunkRequest } from '@app/contracts';
import { Data, Meta, type RequestMeta } from '@app/messaging';
import { requireRole } from '../scope.js';
import { WaybillsService } from './waybills.service.js';

@Controller()
export class WaybillsController {
  constructor(private readonly waybills: WaybillsService) {}

  @MessagePattern(Subjects.subsidies.waybillsIngest)
  ingest(@Data() chunk: WaybillChunkRequest, @Meta() meta: RequestMeta) {
    requireRole(meta, Role.Admin, Role.CountyCentre, Role.Courier);
    return this.waybills.ingestChunk(chunk, meta);
  }
}
