import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, Max, Min } from 'class-validator';
import { ServiceConfig } from '@app/config';
import { QUALITY_PARAMETERS } from '@app/quality';
import { ServiceDefinition } from '@app/messaging';
import { auditRegionMigration, idempotencyKeysMigration, outboxParkingMigration, platformTablesMigration } from '@app/events';
import { CountyCentre } from './centres/county-centre.entity.js';
import { ParcelCount } from './counts/parcel-count.entity.js';
import { Programme } from './programmes/programme.entity.js';
import { Claim } from './claims/claim.entity.js';
import { Subsidies1764200000000 } from './migrations/1764200000000-Subsidies.js';
import { QualityDays1764300000000 } from './migrations/1764300000000-QualityDays.js';
import { MoneyIntegrity1765100000011 } from './migrations/1765100000011-MoneyIntegrity.js';
import { CourierVouchedDays1765500000015 } from './migrations/1765500000015-CourierVouchedDays.js';
import { OutlierIndex1766000000015 } from './migrations/1766000000015-OutlierIndex.js';
import { PartitionedWaybills1765600000015 } from './migrations/1765600000015-PartitionedWaybills.js';
import { DeliveryTimes1767000002500 } from './migrations/1767000002500-DeliveryTimes.js';

export class SubsidiesConfig extends ServiceConfig {
  /** A day's count is on time when received within this many hours after the business day ends (Asia/Shanghai). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(24 * 31)
  REPORT_DEADLINE_HOURS = QUALITY_PARAMETERS.onTimeHour;

  /** Cross-match tolerance: centre count and waybills may differ by this share of the larger. */
  @Type(() => Number)
  @IsNumber()
  @Min(0)
  @Max(1)
  CROSS_MATCH_TOLERANCE = QUALITY_PARAMETERS.crossMatchTolerance;

  /** A day whose total is more than this many standard deviations from the centre's history is an outlier. */
  @Type(() => Number)
  @IsNumber()
  @Min(0.5)
  @Max(20)
  OUTLIER_Z_THRESHOLD = 3;

  /**
   * `true` where this province feeds a national view (its NATS a leaf node of the national
   * NATS, deploy/nats/national/province-leaf.conf): its `waybills.accepted` events then carry
   * every stored waybill number, for the national cross-province duplicate check. Off by
   * default: without a national view nothing reads them, and carrying them through the outbox
   * and JetStream costs the ingest most of its database time.
   */
  @IsIn(['true', 'false'])
  NATIONAL_FEED = 'false';
}

export const subsidies: ServiceDefinition<SubsidiesConfig> = {
  name: 'subsidies',
  config: SubsidiesConfig,
  entities: [CountyCentre, ParcelCount, Programme, Claim],
  migrations: [
    platformTablesMigration('subsidies'),
    Subsidies1764200000000,
    QualityDays1764300000000,
    auditRegionMigration('subsidies'),
    idempotencyKeysMigration('subsidies'),
    MoneyIntegrity1765100000011,
    CourierVouchedDays1765500000015,
    PartitionedWaybills1765600000015,
    OutlierIndex1766000000015,
    outboxParkingMigration('subsidies'),
    DeliveryTimes1767000002500,
  ],
};
