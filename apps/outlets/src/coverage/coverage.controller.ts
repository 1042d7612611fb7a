import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { CoverageRequest, Subjects } from '@app/contracts';
import { caller, Data, Meta, type RequestMeta } from '@app/messaging';
import { CoverageService } from './coverage.service.js';

@Controller()
export class CoverageController {
  constructor(private readonly coverage: CoverageService) {}

  @MessagePattern(Subjects.outlets.coverageGet)
  get(@Data() query: CoverageRequest, @Meta() meta: RequestMeta) {
    return this.coverage.get(query, caller(meta));
  }
}
