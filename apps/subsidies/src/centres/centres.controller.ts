import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { CreateCountyCentreRequest, ListCountyCentresRequest, Role, Subjects } from '@app/contracts';
import { Data, Meta, type RequestMeta } from '@app/messaging';
import { requireRole } from '../scope.js';
import { CentresService } from './centres.service.js';

@Controller()
export class CentresController {
  constructor(private readonly centres: CentresService) {}

  @MessagePattern(Subjects.subsidies.centresCreate)
  create(@Data() input: CreateCountyCentreRequest, @Meta() meta: RequestMeta) {
    requireRole(meta, Role.Admin);
    return this.centres.create(input, meta);
  }

  @MessagePattern(Subjects.subsidies.centresList)
  list(@Data() query: ListCountyCentresRequest, @Meta() meta: RequestMeta) {
    return this.centres.list(query, requireRole(meta, Role.Admin, Role.Staff, Role.Auditor, Role.CountyCentre));
  }
}
