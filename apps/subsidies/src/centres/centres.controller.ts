import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { CreateCountyCentreRequest, ListCountyCentresRequest, Subjects } from '@app/contracts';
import { caller, Data, Meta, type RequestMeta } from '@app/messaging';
import { CentresService } from './centres.service.js';

@Controller()
export class CentresController {
  constructor(private readonly centres: CentresService) {}

  @MessagePattern(Subjects.subsidies.centresCreate)
  create(@Data() input: CreateCountyCentreRequest, @Meta() meta: RequestMeta) {
    return this.centres.create(input, meta);
  }

  @MessagePattern(Subjects.subsidies.centresList)
  list(@Data() query: ListCountyCentresRequest, @Meta() meta: RequestMeta) {
    return this.centres.list(query, caller(meta));
  }
}
