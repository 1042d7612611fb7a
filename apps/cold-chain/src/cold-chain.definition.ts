import { ServiceConfig } from '@app/config';
import { ServiceDefinition } from '@app/messaging';

export class ColdChainConfig extends ServiceConfig {}

export const coldChain: ServiceDefinition<ColdChainConfig> = {
  name: 'cold-chain',
  config: ColdChainConfig,
  entities: [],
  migrations: [],
};
