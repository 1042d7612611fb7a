import { Module, Type } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { serviceControllers, serviceImports } from '@app/messaging';
import { EventsModule } from '@app/events';
import { supervision, SupervisionConfig } from './supervision.definition.js';
import { EnterprisesController } from './enterprises/enterprises.controller.js';
import { EnterprisesService } from './enterprises/enterprises.service.js';
import { Enterprise } from './enterprises/enterprise.entity.js';
import { Brand } from './brands/brand.entity.js';
import { BrandsController, BrandsService } from './brands/brands.controller.js';

export function supervisionModule(config: SupervisionConfig): Type {
  @Module({
    imports: [
      ...serviceImports(supervision, config),
      EventsModule.forService(supervision.name, config),
      TypeOrmModule.forFeature([Enterprise, Brand]),
    ],
    controllers: [...serviceControllers(supervision), EnterprisesController, BrandsController],
    providers: [EnterprisesService, BrandsService],
  })
  class SupervisionModule {}
  return SupervisionModule;
}
