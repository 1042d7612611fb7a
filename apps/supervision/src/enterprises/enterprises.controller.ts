import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import {
  CreateEnterpriseRequest,
  EnterpriseIdRequest,
  LicenceCheckRequest,
  type LicenceCheckResponse,
  ListEnterprisesRequest,
  RevokeLicenceMessage,
  shanghaiToday,
  Subjects,
} from '@app/contracts';
import { caller, Data, Meta, type RequestMeta } from '@app/messaging';
import { EnterprisesService } from './enterprises.service.js';
import { LicenceLapsesService } from './licence-lapses.service.js';
import { CreditService } from '../credit/credit.service.js';

@Controller()
export class EnterprisesController {
  constructor(
    private readonly enterprises: EnterprisesService,
    private readonly credit: CreditService,
    private readonly lapses: LicenceLapsesService,
  ) {}

  @MessagePattern(Subjects.supervision.licenceLapsesRun)
  runLapses(@Meta() meta: RequestMeta) {
    return this.lapses.run(shanghaiToday(), meta);
  }

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

  /** With `withOperator`, the enterprise's name, credit code and credit standing come along (an outlet filing's one call). */
  @MessagePattern(Subjects.supervision.licencesCheck)
  async checkLicence(@Data() input: LicenceCheckRequest): Promise<LicenceCheckResponse> {
    const { check, enterprise } = await this.enterprises.checkLicence(input.enterpriseId, input.date);
    if (!input.withOperator) return check;
    const {
      items: [credit],
    } = await this.credit.check([input.enterpriseId]);
    return {
      ...check,
      operator: {
        name: enterprise.name,
        uscc: enterprise.uscc,
        credit: { jointDiscipline: credit.jointDiscipline, score: credit.score, reasons: credit.reasons },
      },
    };
  }
}
