import { ServiceConfig } from '@app/config';
import { ServiceDefinition } from '@app/messaging';
import { platformTablesMigration } from '@app/events';

export class SubsidiesConfig extends ServiceConfig {}

export const subsidies: ServiceDefinition<SubsidiesConfig> = {
  name: 'subsidies',
  config: SubsidiesConfig,
  entities: [],
  migrations: [platformTablesMigration('subsidies')],
};
