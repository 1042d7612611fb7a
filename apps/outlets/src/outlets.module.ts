import { Module, Type } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { serviceControllers, serviceImports } from '@app/messaging';
import { EventsModule } from '@app/events';
import { SupervisionClientModule } from '@app/supervision-client';
import { outlets, OutletsConfig } from './outlets.definition.js';
import { Outlet } from './filings/outlet.entity.js';
import { Filing } from './filings/filing.entity.js';
import { UsageReport } from './usage/usage-report.entity.js';
import { DuplicateFlag } from './duplicates/duplicate-flag.entity.js';
import { OutletsController } from './filings/outlets.controller.js';
import { OutletsService } from './filings/outlets.service.js';
import { CoverageController } from './coverage/coverage.controller.js';
import { CoverageService } from './coverage/coverage.service.js';
import { UsageController } from './usage/usage.controller.js';
import { UsageService } from './usage/usage.service.js';
import { DuplicatesController } from './duplicates/duplicates.controller.js';
import { DuplicatesService } from './duplicates/duplicates.service.js';
import { LicenceGate } from './supervision/licence.gate.js';
import { LicenceRevokedConsumer } from './licences/licence-revoked.consumer.js';

export function outletsModule(config: OutletsConfig): Type {
  @Module({
    imports: [
      ...serviceImports(outlets, config),
      EventsModule.forService(outlets.name, config),
      SupervisionClientModule.forService(config),
      TypeOrmModule.forFeature([Outlet, Filing, UsageReport, DuplicateFlag]),
    ],
    controllers: [...serviceControllers(outlets), OutletsController, CoverageController, UsageController, DuplicatesController],
    providers: [
      { provide: OutletsConfig, useValue: config },
      LicenceGate,
      OutletsService,
      CoverageService,
      UsageService,
      DuplicatesService,
      LicenceRevokedConsumer,
    ],
  })
  class OutletsModule {}
  return OutletsModule;
}
