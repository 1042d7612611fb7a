import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { CreateProgrammeRequest, IdRequest, ListProgrammesRequest, Subjects } from '@app/contracts';
import { Data, Meta, type RequestMeta } from '@app/messaging';
import { ProgrammesService } from './programmes.service.js';

@Controller()
export class ProgrammesController {
  constructor(private readonly programmes: ProgrammesService) {}

  @MessagePattern(Subjects.subsidies.programmesCreate)
  create(@Data() input: CreateProgrammeRequest, @Meta() meta: RequestMeta) {
    return this.programmes.create(input, meta);
  }

  @MessagePattern(Subjects.subsidies.programmesList)
  list(@Data() query: ListProgrammesRequest) {
    return this.programmes.list(query);
  }

  @MessagePattern(Subjects.subsidies.programmesGet)
  get(@Data() input: IdRequest) {
    return this.programmes.get(input.id);
  }
}
