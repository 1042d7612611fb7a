import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { RecordStatisticsMessage, StatisticsQuery, Subjects } from '@app/contracts';
import { caller, Data, Meta, type RequestMeta } from '@app/messaging';
import { StatisticsService } from './statistics.service.js';

@Controller()
export class StatisticsController {
  constructor(private readonly statistics: StatisticsService) {}

  @MessagePattern(Subjects.supervision.statisticsRecord)
  record(@Data() input: RecordStatisticsMessage, @Meta() meta: RequestMeta) {
    return this.statistics.record(input, caller(meta), meta);
  }

  @MessagePattern(Subjects.supervision.statisticsList)
  list(@Data() query: StatisticsQuery, @Meta() meta: RequestMeta) {
    return this.statistics.list(query, caller(meta));
  }
}
