import { Module, Type } from '@nestjs/common';
import { serviceControllers, serviceImports } from '@app/messaging';
import { EventsModule } from '@app/events';
import { subsidies, SubsidiesConfig } from './subsidies.definition.js';

export function subsidiesModule(config: SubsidiesConfig): Type {
  @Module({
    imports: [...serviceImports(subsidies, config), EventsModule.forService(subsidies.name, config)],
    controllers: [...serviceControllers(subsidies)],
  })
  class SubsidiesModule {}
  return SubsidiesModule;
}
