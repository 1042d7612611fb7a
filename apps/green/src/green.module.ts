import { Module, Type } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { serviceControllers, serviceImports } from '@app/messaging';
import { EventsModule } from '@app/events';
import { SupervisionClientModule } from '@app/supervision-client';
import { green, GreenConfig } from './green.definition.js';
import { GreenReport, GreenReportVersion } from './reports/report.entity.js';
import { EmissionFactor, FactorSet } from './emissions/factor-set.entity.js';
import { GreenDeadline } from './deadlines/deadline.entity.js';
import { ReportsController } from './reports/reports.controller.js';
import { ReportsService } from './reports/reports.service.js';
import { SummaryController } from './summary/summary.controller.js';
import { SummaryService } from './summary/summary.service.js';
import { DeadlinesService } from './deadlines/deadlines.service.js';
import { FactorSetsService } from './emissions/factor-sets.service.js';

export function greenModule(config: GreenConfig): Type {
  @Module({
    imports: [
      ...serviceImports(green, config),
      EventsModule.forService(green.name, config),
      SupervisionClientModule.forService(config),
      TypeOrmModule.forFeature([GreenReport, GreenReportVersion, FactorSet, EmissionFactor, GreenDeadline]),
    ],
    controllers: [...serviceControllers(green), ReportsController, SummaryController],
    providers: [{ provide: GreenConfig, useValue: config }, FactorSetsService, DeadlinesService, ReportsService, SummaryService],
  })
  class GreenModule {}
  return GreenModule;
}
