import { OutletBranch1767000000020 } from './migrations/1767000000020-OutletBranch.js';
import { anyProvinceChecksMigration } from '@app/database';
import { Type } from 'class-transformer';
import { IsInt, IsString, Max, Min, MinLength } from 'class-validator';
import { ServiceConfig } from '@app/config';
import { ServiceDefinition } from '@app/messaging';
import { auditRegionMigration, deadLettersMigration, idempotencyKeysMigration, outboxParkingMigration, platformTablesMigration } from '@app/events';
import { Outlet } from './filings/outlet.entity.js';
import { Filing } from './filings/filing.entity.js';
import { UsageReport } from './usage/usage-report.entity.js';
import { DuplicateFlag } from './duplicates/duplicate-flag.entity.js';
import { OperatorCredit1764400000000 } from './migrations/1764400000000-OperatorCredit.js';
import { Outlets1764200000000 } from './migrations/1764200000000-Outlets.js';

export class OutletsConfig extends ServiceConfig {
  /**
   * TrueType font with CJK glyphs for filing receipts. Debian's `fonts-droid-fallback`
   * provides this one; `npm start` and `npm test` install it when it is missing.
   */
  @IsString()
  @MinLength(1)
  OUTLETS_RECEIPT_FONT = '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf';

  /** Outlets of different operators at the same address within this many metres are flagged for review. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5000)
  OUTLETS_DUPLICATE_DISTANCE_M = 50;
}

export const outlets: ServiceDefinition<OutletsConfig> = {
  name: 'outlets',
  config: OutletsConfig,
  entities: [Outlet, Filing, UsageReport, DuplicateFlag],
  migrations: [
    platformTablesMigration('outlets'),
    Outlets1764200000000,
    OperatorCredit1764400000000,
    auditRegionMigration('outlets'),
    idempotencyKeysMigration('outlets'),
    deadLettersMigration('outlets'),
    outboxParkingMigration('outlets'),
    anyProvinceChecksMigration('outlets'),
    OutletBranch1767000000020,
  ],
};
