import { anyProvinceChecksMigration } from '@app/database';
import { ServiceConfig } from '@app/config';
import { ServiceDefinition } from '@app/messaging';
import { auditRegionMigration, idempotencyKeysMigration, outboxParkingMigration, platformTablesMigration } from '@app/events';
import { Facility, StatusChange, TemperatureZone } from './facilities/facility.entity.js';
import { OperatingReport } from './reports/report.entity.js';
import { ColdChain1764300000000 } from './migrations/1764300000000-ColdChain.js';
import { SeedTitle1767000000317 } from './migrations/1767000000317-SeedTitle.js';
import { MajorCountiesEvent1767000002602 } from './migrations/1767000002602-MajorCountiesEvent.js';

export class ColdChainConfig extends ServiceConfig {}

export const coldChain: ServiceDefinition<ColdChainConfig> = {
  name: 'cold-chain',
  config: ColdChainConfig,
  entities: [Facility, TemperatureZone, StatusChange, OperatingReport],
  migrations: [
    platformTablesMigration('cold_chain'),
    ColdChain1764300000000,
    auditRegionMigration('cold_chain'),
    idempotencyKeysMigration('cold_chain'),
    outboxParkingMigration('cold_chain'),
    anyProvinceChecksMigration('cold_chain'),
    SeedTitle1767000000317,
    MajorCountiesEvent1767000002602,
  ],
};
