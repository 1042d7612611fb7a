import { ServiceConfig } from '@app/config';
import { ServiceDefinition } from '@app/messaging';
import { platformTablesMigration } from '@app/events';

export class GreenConfig extends ServiceConfig {}

export const green: ServiceDefinition<GreenConfig> = {
  name: 'green',
  config: GreenConfig,
  entities: [],
  migrations: [platformTablesMigration('green')],
};
