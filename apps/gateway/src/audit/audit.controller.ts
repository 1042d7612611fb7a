import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { Role, SERVICES } from '@app/contracts';
import { AuditPageDto, AuditQuery, AuditTrail } from '@app/events';
import { RequestMeta, ServiceRequester } from '@app/messaging';
import { Access } from '../auth/access.decorator.js';
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
  @Access(Role.Admin, Role.Auditor)
  @ApiOperation({ summary: 'Audit trail of a service by object or actor, newest first (审计记录)' })
  @ApiOkResponse({ type: AuditPageDto })
  list(@Query() query: AuditListQuery, @Meta() meta: RequestMeta): Promise<AuditPageDto> {
    const { service, ...filter } = query;
    if (service === 'gateway') return this.audit.list(filter, meta.principal ?? undefined);
    return this.bus.request<AuditPageDto>(`${service}.audit.list`, filter, meta);
  }
}
