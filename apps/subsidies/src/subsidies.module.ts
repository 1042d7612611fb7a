import { Module, Type } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { serviceControllers, serviceImports } from '@app/messaging';
import { EventsModule } from '@app/events';
import { SupervisionClientModule } from '@app/supervision-client';
import { subsidies, SubsidiesConfig } from './subsidies.definition.js';
import { CountyCentre } from './centres/county-centre.entity.js';
import { CentresController } from './centres/centres.controller.js';
import { CentresService } from './centres/centres.service.js';
import { ParcelCount } from './counts/parcel-count.entity.js';
import { CountsController } from './counts/counts.controller.js';
import { CountsService } from './counts/counts.service.js';
import { WaybillsController } from './waybills/waybills.controller.js';
import { WaybillsService } from './waybills/waybills.service.js';
import { Programme } from './programmes/programme.entity.js';
import { ProgrammesController } from './programmes/programmes.controller.js';
import { ProgrammesService } from './programmes/programmes.service.js';
import { Claim } from './claims/claim.entity.js';
import { ClaimsController } from './claims/claims.controller.js';
import { ClaimsService } from './claims/claims.service.js';
import { QualityController } from './quality/quality.controller.js';
import { QualityService } from './quality/quality.service.js';

export function subsidiesModule(config: SubsidiesConfig): Type {
  @Module({
    imports: [
      ...serviceImports(subsidies, config),
      EventsModule.forService(subsidies.name, config),
      SupervisionClientModule.forService(config),
      TypeOrmModule.forFeature([CountyCentre, ParcelCount, Programme, Claim]),
    ],
    controllers: [
      ...serviceControllers(subsidies),
      CentresController,
      CountsController,
      WaybillsController,
      ProgrammesController,
      ClaimsController,
      QualityController,
    ],
    providers: [
      { provide: SubsidiesConfig, useValue: config },
      CentresService,
      CountsService,
      WaybillsService,
      ProgrammesService,
      ClaimsService,
      QualityService,
    ],
  })
  class SubsidiesModule {}
  return SubsidiesModule;
}
