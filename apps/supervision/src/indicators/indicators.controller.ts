import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import {
  CreateTargetRequest,
  IndicatorsQuery,
  ListTargetsQuery,
  OverviewQuery,
  ActionsQuery,
  Role,
  shanghaiToday,
  Subjects,
  UpdateTargetMessage,
} from '@app/contracts';
import { Data, Meta, type RequestMeta } from '@app/messaging';
import { READERS, requireRole, scopedRegion } from '../common/scope.js';
import { TargetsService } from '../targets/targets.service.js';
import { IndicatorsService } from './indicators.service.js';

@Controller()
export class IndicatorsController {
  constructor(
    private readonly indicators: IndicatorsService,
    private readonly targets: TargetsService,
  ) {}

  @MessagePattern(Subjects.supervision.overviewGet)
  overview(@Data() query: OverviewQuery, @Meta() meta: RequestMeta) {
    const principal = requireRole(meta.principal, READERS);
    return this.indicators.overview(query.year ?? Number(shanghaiToday().slice(0, 4)), scopedRegion(principal, query.regionCode));
  }

  @MessagePattern(Subjects.supervision.indicatorsGet)
  series(@Data() query: IndicatorsQuery, @Meta() meta: RequestMeta) {
    const principal = requireRole(meta.principal, READERS);
    return this.indicators.series(query, scopedRegion(principal, query.regionCode));
  }

  @MessagePattern(Subjects.supervision.actionsGet)
  actions(@Data() query: ActionsQuery, @Meta() meta: RequestMeta) {
    const principal = requireRole(meta.principal, READERS);
    return this.indicators.actions(scopedRegion(principal, query.regionCode), query.from, query.to);
  }

  @MessagePattern(Subjects.supervision.targetsList)
  listTargets(@Data() query: ListTargetsQuery, @Meta() meta: RequestMeta) {
    requireRole(meta.principal, READERS);
    return this.targets.list(query);
  }

  @MessagePattern(Subjects.supervision.targetsCreate)
  createTarget(@Data() input: CreateTargetRequest, @Meta() meta: RequestMeta) {
    requireRole(meta.principal, [Role.Admin]);
    return this.targets.create(input, meta);
  }

  @MessagePattern(Subjects.supervision.targetsUpdate)
  updateTarget(@Data() input: UpdateTargetMessage, @Meta() meta: RequestMeta) {
    requireRole(meta.principal, [Role.Admin]);
    return this.targets.update(input, meta);
  }
}
