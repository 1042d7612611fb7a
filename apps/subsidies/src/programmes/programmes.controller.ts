import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { CreateProgrammeRequest, IdRequest, ListProgrammesRequest, Role, Subjects } from '@app/contracts';
import { Data, Meta, type RequestMeta } from '@app/messaging';
import { requireRole } from '../scope.js';
import { ProgrammesService } from './programmes.service.js';

const READERS = [Role.Admin, Role.Staff, Role.Auditor, Role.CountyCentre];

@Controller()
export class ProgrammesController {
  constructor(private readonly programmes: ProgrammesService) {}

  @MessagePattern(Subjects.subsidies.programmesCreate)
  create(@Data() input: CreateProgrammeRequest, @Meta() meta: RequestMeta) {
    requireRole(meta, Role.Admin);
    return this.programmes.create(input, meta);
  }

  @MessagePattern(Subjects.subsidies.programmesList)
  list(@Data() query: ListProgrammesRequest, @Meta() meta: RequestMeta) {
    requireRole(meta, ...READERS);
    return this.programmes.list(query);
  }

  @MessagePattern(Subjects.subsidies.programmesGet)
  get(@Data() input: IdRequest, @Meta() meta: RequestMeta) {
    requireRole(meta, ...READERS);
    return this.programmes.get(input.id);
  }
}
