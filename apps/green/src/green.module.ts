import { Module, Type } from '@nestjs/common';
import { serviceControllers, serviceImports } from '@app/messaging';
import { EventsModule } from '@app/events';
import { green, GreenConfig } from './green.definition.js';

export function greenModule(config: GreenConfig): Type {
  @Module({
    imports: [...serviceImports(green, config), EventsModule.forService(green.name, config)],
    controllers: [...serviceControllers(green)],
  })
  class GreenModule {}
  return GreenModule;
}
