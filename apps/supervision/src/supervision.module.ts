import { Module, Type } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { serviceControllers, serviceImports } from '@app/messaging';
import { EventsModule } from '@app/events';
import { supervision, SupervisionConfig } from './supervision.definition.js';
import { EnterprisesController } from './enterprises/enterprises.controller.js';
import { EnterprisesService } from './enterprises/enterprises.service.js';
import { LicenceLapsesService } from './enterprises/licence-lapses.service.js';
import { Enterprise } from './enterprises/enterprise.entity.js';
import { Brand } from './brands/brand.entity.js';
import { BrandsController, BrandsService } from './brands/brands.controller.js';
import { ReadModelHandlers } from './read-models/read-model.handlers.js';
import { ReadModelsService } from './read-models/read-models.service.js';
import { ReadModelsController } from './read-models/read-models.controller.js';
import { TargetsService } from './targets/targets.service.js';
import { IndicatorsService } from './indicators/indicators.service.js';
import { IndicatorsController } from './indicators/indicators.controller.js';
import { CreditService } from './credit/credit.service.js';
import { CreditController } from './credit/credit.controller.js';
import { CreditRepairsService } from './credit/credit-repairs.service.js';
import { InspectionsService } from './inspections/inspections.service.js';
import { InspectionsController } from './inspections/inspections.controller.js';
import { IncidentsService } from './incidents/incidents.service.js';
import { IncidentsController } from './incidents/incidents.controller.js';
import { StatisticsService } from './statistics/statistics.service.js';
import { StatisticsController } from './statistics/statistics.controller.js';
import { LicensingController } from './licensing/licensing.controller.js';
import { LicenceApplicationsService } from './licensing/licence-applications.service.js';
import { BranchesService } from './licensing/branches.service.js';
import { ComplaintsService } from './licensing/complaints.service.js';
import { RectificationsService } from './rectifications/rectifications.service.js';
import { KeySupervisionService } from './rectifications/key-supervision.service.js';
import { RectificationsController } from './rectifications/rectifications.controller.js';
import { BulletinsController } from './bulletins/bulletins.controller.js';
import { BulletinsService } from './bulletins/bulletins.service.js';
import { VehiclesController } from './vehicles/vehicles.controller.js';
import { VehiclesService } from './vehicles/vehicles.service.js';
import { EmergencyController } from './emergency/emergency.controller.js';
import { EmergencyService } from './emergency/emergency.service.js';
import { EvaluationsController } from './evaluations/evaluations.controller.js';
import { QualityEvaluationsService } from './evaluations/quality-evaluations.service.js';
import { AnnualEvaluationService } from './evaluations/annual-evaluation.service.js';

export function supervisionModule(config: SupervisionConfig): Type {
  @Module({
    imports: [...serviceImports(supervision, config), EventsModule.forService(supervision.name, config), TypeOrmModule.forFeature([Enterprise, Brand])],
    controllers: [
      ...serviceControllers(supervision),
      EnterprisesController,
      BrandsController,
      ReadModelsController,
      IndicatorsController,
      InspectionsController,
      CreditController,
      IncidentsController,
      StatisticsController,
      LicensingController,
      RectificationsController,
      BulletinsController,
      VehiclesController,
      EmergencyController,
      EvaluationsController,
    ],
    providers: [
      { provide: SupervisionConfig, useValue: config },
      EnterprisesService,
      LicenceLapsesService,
      BrandsService,
      ReadModelHandlers,
      ReadModelsService,
      TargetsService,
      IndicatorsService,
      CreditService,
      CreditRepairsService,
      InspectionsService,
      IncidentsService,
      StatisticsService,
      LicenceApplicationsService,
      BranchesService,
      ComplaintsService,
      RectificationsService,
      KeySupervisionService,
      BulletinsService,
      VehiclesService,
      EmergencyService,
      QualityEvaluationsService,
      AnnualEvaluationService,
    ],
  })
  class SupervisionModule {}
  return SupervisionModule;
}
