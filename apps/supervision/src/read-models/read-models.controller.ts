import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { Subjects } from '@app/contracts';
import { ReadModelsService } from './read-models.service.js';

@Controller()
export class ReadModelsController {
  constructor(private readonly readModels: ReadModelsService) {}

  @MessagePattern(Subjects.supervision.readModelsRebuild)
  rebuild() {
    return this.readModels.rebuild();
  }
}
