import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import {
  CreateEnterpriseRequest,
  EnterpriseIdRequest,
  LicenceCheckRequest,
  ListEnterprisesRequest,
  RevokeLicenceMessage,
  Subjects,
} from '@app/contracts';
import { caller, Data, Meta, type RequestMeta } from '@app/messaging';
import { EnterprisesService } from './enterprises.service.js';

@Controller()
export class EnterprisesController {
  constructor(private readonly enterprises: EnterprisesService) {}

  @MessagePattern(Subjects.supervision.enterprisesCreate)
  create(@Data() input: CreateEnterpriseRequest, @Meta() meta: RequestMeta) {
    return this.enterprises.create(input, caller(meta), meta);
  }

  @MessagePattern(Subjects.supervision.licenceRevoke)
  revoke(@Data() input: RevokeLicenceMessage, @Meta() meta: RequestMeta) {
    return this.enterprises.revokeLicence(input.id, input.reason, caller(meta), meta);
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
