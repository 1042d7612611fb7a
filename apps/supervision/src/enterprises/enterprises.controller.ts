import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import {
  CreateEnterpriseRequest,
  DomainError,
  EnterpriseIdRequest,
  LicenceCheckRequest,
  ListEnterprisesRequest,
  Principal,
  Role,
  Subjects,
} from '@app/contracts';
import { Actor, Data } from '@app/messaging';
import { EnterprisesService } from './enterprises.service.js';

@Controller()
export class EnterprisesController {
  constructor(private readonly enterprises: EnterprisesService) {}

  @MessagePattern(Subjects.supervision.enterprisesCreate)
  create(@Data() input: CreateEnterpriseRequest, @Actor() actor: Principal | null) {
    if (!actor || (actor.role !== Role.Admin && actor.role !== Role.Staff)) throw DomainError.forbidden();
    return this.enterprises.create(input, actor);
  }

  @MessagePattern(Subjects.supervision.enterprisesList)
  list(@Data() query: ListEnterprisesRequest) {
    return this.enterprises.list(query);
  }

  @MessagePattern(Subjects.supervision.enterprisesGet)
  get(@Data() input: EnterpriseIdRequest) {
    return this.enterprises.get(input.id);
  }

  @MessagePattern(Subjects.supervision.licencesCheck)
  checkLicence(@Data() input: LicenceCheckRequest) {
    return this.enterprises.checkLicence(input.enterpriseId, input.date);
  }
}
