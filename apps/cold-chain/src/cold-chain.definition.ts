import { ServiceConfig } from '@app/config';
import { ServiceDefinition } from '@app/messaging';
import { platformTablesMigration } from '@app/events';

export class ColdChainConfig extends ServiceConfig {}

export const coldChain: ServiceDefinition<ColdChainConfig> = {
  name: 'cold-chain',
  config: ColdChainConfig,
  entities: [],
  migrations: [platformTablesMigration('cold_chain')],
};
