import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { Role, Subjects } from '@app/contracts';
import { Meta, type RequestMeta } from '@app/messaging';
import { requireRole } from '../common/scope.js';
import { ReadModelsService } from './read-models.service.js';

@Controller()
export class ReadModelsController {
  constructor(private readonly readModels: ReadModelsService) {}

  @MessagePattern(Subjects.supervision.readModelsRebuild)
  rebuild(@Meta() meta: RequestMeta) {
    requireRole(meta.principal, [Role.Admin]);
    return this.readModels.rebuild();
  }
}
