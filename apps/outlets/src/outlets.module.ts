import { Module, Type } from '@nestjs/common';
import { serviceControllers, serviceImports } from '@app/messaging';
import { EventsModule } from '@app/events';
import { outlets, OutletsConfig } from './outlets.definition.js';

export function outletsModule(config: OutletsConfig): Type {
  @Module({
    imports: [...serviceImports(outlets, config), EventsModule.forService(outlets.name, config)],
    controllers: [...serviceControllers(outlets)],
  })
  class OutletsModule {}
  return OutletsModule;
}
