import { Module, Type } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { serviceControllers, serviceImports } from '@app/messaging';
import { EventsModule } from '@app/events';
import { coldChain, ColdChainConfig } from './cold-chain.definition.js';
import { Facility, StatusChange, TemperatureZone } from './facilities/facility.entity.js';
import { OperatingReport } from './reports/report.entity.js';
import { FacilitiesController } from './facilities/facilities.controller.js';
import { FacilitiesService } from './facilities/facilities.service.js';
import { FacilityStore } from './facilities/facility.store.js';
import { FacilityTableService } from './facilities/facility-table.service.js';
import { ReportsController } from './reports/reports.controller.js';
import { ReportsService } from './reports/reports.service.js';
import { ProgressController } from './progress/progress.controller.js';
import { ProgressService } from './progress/progress.service.js';
import { CapacityController } from './capacity/capacity.controller.js';
import { CapacityService } from './capacity/capacity.service.js';
import { ReferenceController } from './reference/reference.controller.js';

export function coldChainModule(config: ColdChainConfig): Type {
  @Module({
    imports: [
      ...serviceImports(coldChain, config),
      EventsModule.forService(coldChain.name, config),
      TypeOrmModule.forFeature([Facility, TemperatureZone, StatusChange, OperatingReport]),
    ],
    controllers: [...serviceControllers(coldChain), FacilitiesController, ReportsController, ProgressController, CapacityController, ReferenceController],
    providers: [FacilitiesService, FacilityStore, FacilityTableService, ReportsService, ProgressService, CapacityService],
  })
  class ColdChainModule {}
  return ColdChainModule;
}
