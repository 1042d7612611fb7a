import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { ProgressQuery, SetMajorCountiesRequest, Subjects } from '@app/contracts';
import { Data, Meta, type RequestMeta } from '@app/messaging';
import { ProgressService } from './progress.service.js';

@Controller()
export class ProgressController {
  constructor(private readonly progress: ProgressService) {}

  @MessagePattern(Subjects.coldChain.progressGet)
  get(@Data() query: ProgressQuery) {
    return this.progress.progress(query.year);
  }

  @MessagePattern(Subjects.coldChain.majorCountiesList)
  majorCounties() {
    return this.progress.listMajorCounties();
  }

  @MessagePattern(Subjects.coldChain.majorCountiesSet)
  setMajorCounties(@Data() input: SetMajorCountiesRequest, @Meta() meta: RequestMeta) {
    return this.progress.setMajorCounties(input, meta);
  }
}
