import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { AuditPageDto, AuditQuery, SERVICES, Subjects } from '@app/contracts';
import { AuditTrail } from '@app/events';
import { RequestMeta, ServiceRequester } from '@app/messaging';
import { AccessOf } from '../auth/access.decorator.js';
import { Meta } from '../auth/request-context.js';

const AUDITED = ['gateway', ...SERVICES] as const;

class AuditListQuery extends AuditQuery {
  @ApiProperty({ description: 'Whose trail: gateway (identity) or a service (服务)', enum: AUDITED })
  @IsIn(AUDITED)
  service: (typeof AUDITED)[number];
}

@ApiTags('audit (审计)')
@Controller('audit')
export class AuditController {
  constructor(
    private readonly bus: ServiceRequester,
    private readonly audit: AuditTrail,
  ) {}

  @Get()
  @AccessOf(Subjects.supervision.auditList)
  @ApiOperation({ summary: 'Audit trail of a service by object or actor, newest first (审计记录)' })
  @ApiOkResponse({ type: AuditPageDto })
  list(@Query() query: AuditListQuery, @Meta() meta: RequestMeta): Promise<AuditPageDto> {
    const { service, ...filter } = query;
    if (service === 'gateway') return this.audit.list(filter, meta.principal ?? undefined);
    // every service's audit subject has the same entry in the access table (admin and auditor, within their region)
    const subjects = {
      supervision: Subjects.supervision.auditList,
      outlets: Subjects.outlets.auditList,
      'cold-chain': Subjects.coldChain.auditList,
      subsidies: Subjects.subsidies.auditList,
      green: Subjects.green.auditList,
    } as const;
    return this.bus.request(subjects[service], filter, meta);
  }
}
