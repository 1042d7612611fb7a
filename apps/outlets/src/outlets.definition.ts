import { ServiceConfig } from '@app/config';
import { ServiceDefinition } from '@app/messaging';
import { platformTablesMigration } from '@app/events';

export class OutletsConfig extends ServiceConfig {}

export const outlets: ServiceDefinition<OutletsConfig> = {
  name: 'outlets',
  config: OutletsConfig,
  entities: [],
  migrations: [platformTablesMigration('outlets')],
};
