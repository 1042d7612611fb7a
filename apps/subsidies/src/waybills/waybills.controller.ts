import { Controller, Injectable, type PipeTransform } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { DomainError, Subjects, waybillChunkProblems, type WaybillChunkRequest } from '@app/contracts';
import { Data, Meta, type RequestMeta } from '@app/messaging';
import { WaybillsService } from './waybills.service.js';

/** Checks a chunk's shape in one pass (see waybillChunkProblems). */
@Injectable()
class WaybillChunkPipe implements PipeTransform<unknown, WaybillChunkRequest> {
  transform(value: unknown): WaybillChunkRequest {
    const problems = waybillChunkProblems(value);
    if (problems.length > 0) {
      throw new DomainError(400, 'VALIDATION_FAILED', `invalid input: ${problems.map((p) => p.field).join(', ')}`, problems);
    }
    return value as WaybillChunkRequest;
  }
}

@Controller()
export class WaybillsController {
  constructor(private readonly waybills: WaybillsService) {}

  @MessagePattern(Subjects.subsidies.waybillsIngest)
  ingest(@Data(WaybillChunkPipe) chunk: WaybillChunkRequest, @Meta() meta: RequestMeta) {
    return this.waybills.ingestChunk(chunk, meta);
  }
}
