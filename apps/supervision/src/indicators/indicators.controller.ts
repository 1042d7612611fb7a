import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import {
  CreateTargetRequest,
  IndicatorsQuery,
  ListTargetsQuery,
  OverviewQuery,
  ActionsQuery,
  shanghaiToday,
  Subjects,
  UpdateTargetMessage,
} from '@app/contracts';
import { caller, Data, Meta, type RequestMeta } from '@app/messaging';
import { scopedRegion } from '../common/scope.js';
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
    const principal = caller(meta);
    return this.indicators.overview(query.year ?? Number(shanghaiToday().slice(0, 4)), scopedRegion(principal, query.regionCode));
  }

  @MessagePattern(Subjects.supervision.indicatorsGet)
  series(@Data() query: IndicatorsQuery, @Meta() meta: RequestMeta) {
    const principal = caller(meta);
    return this.indicators.series(query, scopedRegion(principal, query.regionCode));
  }

  @MessagePattern(Subjects.supervision.actionsGet)
  actions(@Data() query: ActionsQuery, @Meta() meta: RequestMeta) {
    const principal = caller(meta);
    return this.indicators.actions(scopedRegion(principal, query.regionCode), query.from, query.to);
  }

  @MessagePattern(Subjects.supervision.targetsList)
  listTargets(@Data() query: ListTargetsQuery) {
    return this.targets.list(query);
  }

  @MessagePattern(Subjects.supervision.targetsCreate)
  createTarget(@Data() input: CreateTargetRequest, @Meta() meta: RequestMeta) {
    return this.targets.create(input, meta);
  }

  @MessagePattern(Subjects.supervision.targetsUpdate)
  updateTarget(@Data() input: UpdateTargetMessage, @Meta() meta: RequestMeta) {
    return this.targets.update(input, meta);
  }
}
