import { Module, Type } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { serviceImports } from '@app/messaging';
import { AuditTrail, EVENTS_SCHEMA } from '@app/events';
import { gateway, GatewayConfig } from './gateway.definition.js';
import { BusModule } from './bus/bus.module.js';
import { AuthGuard } from './auth/auth.guard.js';
import { LicensingController } from './licensing/licensing.controller.js';
import { MattersController } from './matters/matters.controller.js';
import { MattersService } from './matters/matters.service.js';
import { PrincipalThrottlerGuard } from './auth/throttler.guard.js';
import { throttlerOptions } from './auth/rate-limit.js';
import { PostgresThrottlerStorage } from './auth/rate-limit-store.js';
import { ProblemFilter } from './problem/problem.filter.js';
import { IdentityService } from './identity/identity.service.js';
import { IdentityController } from './identity/identity.controller.js';
import { Organisation } from './identity/organisation.entity.js';
import { User } from './identity/user.entity.js';
import { ApiKey } from './identity/api-key.entity.js';
import { RegionsController } from './regions/regions.controller.js';
import { EnterprisesController } from './enterprises/enterprises.controller.js';
import { OutletsController } from './outlets/outlets.controller.js';
import { GreenReportsController } from './green/green-reports.controller.js';
import { SubsidiesController } from './subsidies/subsidies.controller.js';
import { SubsidyIngestController } from './subsidies/ingest.controller.js';
import { HealthController } from './health/health.controller.js';
import { MetricsController } from './metrics/metrics.controller.js';
import { AuditController } from './audit/audit.controller.js';
import { SupervisionController } from './supervision/supervision.controller.js';
import { InspectionsController } from './supervision/inspections.controller.js';
import { CreditController } from './supervision/credit.controller.js';
import { IncidentsController } from './supervision/incidents.controller.js';
import { VehiclesController } from './supervision/vehicles.controller.js';
import { StatisticsController } from './supervision/statistics.controller.js';
import { AnnualEvaluationController, QualityEvaluationsController } from './supervision/evaluations.controller.js';
import { RectificationsController } from './supervision/rectifications.controller.js';
import { BulletinsController } from './supervision/bulletins.controller.js';
import { ColdChainFacilitiesController } from './cold-chain/facilities.controller.js';
import { ColdChainPlanningController } from './cold-chain/planning.controller.js';

export function gatewayModule(config: GatewayConfig): Type {
  @Module({
    imports: [
      ...serviceImports(gateway, config),
      TypeOrmModule.forFeature([Organisation, User, ApiKey]),
      JwtModule.register({ secret: config.JWT_SECRET, signOptions: { algorithm: 'HS256' }, verifyOptions: { algorithms: ['HS256'] } }),
      ThrottlerModule.forRootAsync({
        inject: [DataSource],
        useFactory: (dataSource: DataSource) => ({ ...throttlerOptions(config), storage: new PostgresThrottlerStorage(dataSource) }),
      }),
      { module: ConfigHolder, providers: [{ provide: GatewayConfig, useValue: config }], exports: [GatewayConfig], global: true },
      BusModule,
    ],
    controllers: [
      HealthController,
      MetricsController,
      IdentityController,
      RegionsController,
      EnterprisesController,
      AuditController,
      OutletsController,
      GreenReportsController,
      SupervisionController,
      InspectionsController,
      CreditController,
      IncidentsController,
      VehiclesController,
      StatisticsController,
      QualityEvaluationsController,
      AnnualEvaluationController,
      RectificationsController,
      BulletinsController,
      SubsidiesController,
      SubsidyIngestController,
      ColdChainFacilitiesController,
      ColdChainPlanningController,
      LicensingController,
      MattersController,
    ],
    providers: [
      IdentityService,
      MattersService,
      AuditTrail,
      { provide: EVENTS_SCHEMA, useValue: gateway.name },
      { provide: APP_GUARD, useClass: AuthGuard },
      { provide: APP_GUARD, useClass: PrincipalThrottlerGuard },
      { provide: APP_FILTER, useClass: ProblemFilter },
    ],
  })
  class GatewayModule {}
  return GatewayModule;
}

@Module({})
class ConfigHolder {}
