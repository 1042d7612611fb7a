import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { MattersDto, Role } from '@app/contracts';
import type { RequestMeta } from '@app/messaging';
import { Access } from '../auth/access.decorator.js';
import { Meta } from '../auth/request-context.js';
import { MattersService } from './matters.service.js';

@ApiTags('my matters (我的待办)')
@Controller('my')
export class MattersController {
  constructor(private readonly matters: MattersService) {}

  @Get('matters')
  @Access(Role.Courier, Role.CountyCentre)
  @ApiOperation({
    summary: "Your organisation's open matters of every kind with their next step and due date (我的待办，一次办好)",
    description:
      'A courier: licence applications, outlet filings awaiting decision or a completion, green reports due. A county centre: subsidy claims ' +
      'waiting for it. Earliest due first; a service that does not answer is named in `unavailable`.',
  })
  @ApiOkResponse({ type: MattersDto })
  list(@Meta() meta: RequestMeta): Promise<MattersDto> {
    return this.matters.of(meta);
  }
}
