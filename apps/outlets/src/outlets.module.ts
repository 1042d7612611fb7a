import { Module, Type } from '@nestjs/common';
import { serviceControllers, serviceImports } from '@app/messaging';
import { outlets, OutletsConfig } from './outlets.definition.js';

export function outletsModule(config: OutletsConfig): Type {
  @Module({
    imports: [...serviceImports(outlets, config)],
    controllers: [...serviceControllers(outlets)],
  })
  class OutletsModule {}
  return OutletsModule;
}
