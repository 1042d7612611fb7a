import { Module, Type } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { connectNats, serviceControllers, serviceImports } from '@app/messaging';
import { EventsModule } from '@app/events';
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
import { SupervisionClient } from './supervision/supervision.client.js';
import { LicenceGate } from './supervision/licence.gate.js';
import { LicenceRevokedConsumer } from './licences/licence-revoked.consumer.js';

/** Share of NATS_REQUEST_TIMEOUT_MS this service waits for supervision, so it answers before the gateway gives up. */
const SUPERVISION_TIMEOUT_SHARE = 0.6;

export function outletsModule(config: OutletsConfig): Type {
  @Module({
    imports: [
      ...serviceImports(outlets, config),
      EventsModule.forService(outlets.name, config),
      TypeOrmModule.forFeature([Outlet, Filing, UsageReport, DuplicateFlag]),
    ],
    controllers: [...serviceControllers(outlets), OutletsController, CoverageController, UsageController, DuplicatesController],
    providers: [
      { provide: OutletsConfig, useValue: config },
      {
        provide: SupervisionClient,
        useFactory: async () =>
          new SupervisionClient(
            await connectNats(config, `${outlets.name}-requests`),
            Math.max(100, Math.floor(config.NATS_REQUEST_TIMEOUT_MS * SUPERVISION_TIMEOUT_SHARE)),
          ),
      },
      { provide: LicenceGate, inject: [SupervisionClient], useFactory: (client: SupervisionClient) => new LicenceGate(client) },
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
