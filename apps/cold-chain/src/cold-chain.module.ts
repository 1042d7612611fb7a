import { Module, Type } from '@nestjs/common';
import { serviceControllers, serviceImports } from '@app/messaging';
import { EventsModule } from '@app/events';
import { coldChain, ColdChainConfig } from './cold-chain.definition.js';

export function coldChainModule(config: ColdChainConfig): Type {
  @Module({
    imports: [...serviceImports(coldChain, config), EventsModule.forService(coldChain.name, config)],
    controllers: [...serviceControllers(coldChain)],
  })
  class ColdChainModule {}
  return ColdChainModule;
}
