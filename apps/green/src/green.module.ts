import { Module, Type } from '@nestjs/common';
import { serviceControllers, serviceImports } from '@app/messaging';
import { green, GreenConfig } from './green.definition.js';

export function greenModule(config: GreenConfig): Type {
  @Module({
    imports: [...serviceImports(green, config)],
    controllers: [...serviceControllers(green)],
  })
  class GreenModule {}
  return GreenModule;
}
