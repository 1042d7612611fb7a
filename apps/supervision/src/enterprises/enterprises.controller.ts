import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import {
  CreateEnterpriseRequest,
  DomainError,
  EnterpriseIdRequest,
  LicenceCheckRequest,
  ListEnterprisesRequest,
  RevokeLicenceMessage,
  Role,
  Subjects,
} from '@app/contracts';
import { Data, Meta, type RequestMeta } from '@app/messaging';
import { EnterprisesService } from './enterprises.service.js';

@Controller()
export class EnterprisesController {
  constructor(private readonly enterprises: EnterprisesService) {}

  @MessagePattern(Subjects.supervision.enterprisesCreate)
  create(@Data() input: CreateEnterpriseRequest, @Meta() meta: RequestMeta) {
    const role = meta.principal?.role;
    if (role !== Role.Admin && role !== Role.Staff) throw DomainError.forbidden();
    return this.enterprises.create(input, meta);
  }

  @MessagePattern(Subjects.supervision.licenceRevoke)
  revoke(@Data() input: RevokeLicenceMessage, @Meta() meta: RequestMeta) {
    const role = meta.principal?.role;
    if (role !== Role.Admin && role !== Role.Staff) throw DomainError.forbidden();
    return this.enterprises.revokeLicence(input.id, input.reason, meta);
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
