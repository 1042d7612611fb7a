import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { DataQualityRequest, Subjects } from '@app/contracts';
import { caller, Data, Meta, type RequestMeta } from '@app/messaging';
import { QualityService } from './quality.service.js';

@Controller()
export class QualityController {
  constructor(private readonly quality: QualityService) {}

  @MessagePattern(Subjects.subsidies.dataQuality)
  indicators(@Data() query: DataQualityRequest, @Meta() meta: RequestMeta) {
    return this.quality.indicators(query, caller(meta));
  }
}
