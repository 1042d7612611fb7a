import { Type } from 'class-transformer';
import { IsInt, Matches, Max, Min } from 'class-validator';
import { ServiceConfig } from '@app/config';
import { ServiceDefinition } from '@app/messaging';
import { auditRegionMigration, idempotencyKeysMigration, outboxParkingMigration, platformTablesMigration } from '@app/events';
import { GreenReport, GreenReportVersion } from './reports/report.entity.js';
import { EmissionFactor, FactorSet } from './emissions/factor-set.entity.js';
import { GreenDeadline } from './deadlines/deadline.entity.js';
import { GreenReports1764300000000 } from './migrations/1764300000000-GreenReports.js';

export class GreenConfig extends ServiceConfig {
  /** Annual reports are due on this month-day of the following year (`MM-DD`); 02-29 means February's last day. */
  @Matches(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'GREEN_ANNUAL_DUE must be MM-DD, e.g. 01-31' })
  GREEN_ANNUAL_DUE = '01-31';

  /** Quarterly reports are due this many days after the quarter's last day. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(366)
  GREEN_QUARTER_DUE_DAYS = 30;
}

export const green: ServiceDefinition<GreenConfig> = {
  name: 'green',
  config: GreenConfig,
  entities: [GreenReport, GreenReportVersion, FactorSet, EmissionFactor, GreenDeadline],
  migrations: [
    platformTablesMigration('green'),
    GreenReports1764300000000,
    auditRegionMigration('green'),
    idempotencyKeysMigration('green'),
    outboxParkingMigration('green'),
  ],
};
