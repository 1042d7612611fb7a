import { IsString, MinLength } from 'class-validator';
import { ServiceConfig } from '@app/config';
import { ServiceDefinition } from '@app/messaging';
import { Enterprise } from './enterprises/enterprise.entity.js';
import { Brand } from './brands/brand.entity.js';
import { Init1764100000000 } from './migrations/1764100000000-Init.js';
import { SupervisionPlatform1764200000000 } from './migrations/1764200000000-SupervisionPlatform.js';
import { SeedPolicyTargets1764200000001 } from './migrations/1764200000001-SeedPolicyTargets.js';
import { CountyDayReadModels1764300000000 } from './migrations/1764300000000-CountyDayReadModels.js';
import { LicenceIssuer1764600000012 } from './migrations/1764600000012-LicenceIssuer.js';
import { ReadIndexes1766000000015 } from './migrations/1766000000015-ReadIndexes.js';
import { OfficialStatistics1767000000016 } from './migrations/1767000000016-OfficialStatistics.js';
import { SharedQualityDefinition1767000001016 } from './migrations/1767000001016-SharedQualityDefinition.js';
import { Licensing1767000000020 } from './migrations/1767000000020-Licensing.js';
import { Rectification1767000000017 } from './migrations/1767000000017-Rectification.js';
import { CreditScheme1767000000117 } from './migrations/1767000000117-CreditScheme.js';
import { SeedTitle1767000000217 } from './migrations/1767000000217-SeedTitle.js';
import { ObligedParties1767000002400 } from './migrations/1767000002400-ObligedParties.js';
import { NationalView1767000000018 } from './migrations/1767000000018-NationalView.js';
import { Bulletins1767000002300 } from './migrations/1767000002300-Bulletins.js';
import { DeliveryTimeTargets1767000002500 } from './migrations/1767000002500-DeliveryTimeTargets.js';
import { VehiclesAndEmergency1767000002501 } from './migrations/1767000002501-VehiclesAndEmergency.js';
import { LicenceLapses1767000002600 } from './migrations/1767000002600-LicenceLapses.js';
import { InspectionSource1767000002601 } from './migrations/1767000002601-InspectionSource.js';
import { MajorCountiesReadModel1767000002603 } from './migrations/1767000002603-MajorCountiesReadModel.js';
import { auditRegionMigration, deadLettersMigration, idempotencyKeysMigration, outboxParkingMigration, platformTablesMigration } from '@app/events';

export class SupervisionConfig extends ServiceConfig {
  /**
   * TrueType font with CJK glyphs for bulletin PDFs: the outlets service's receipt font
   * (Debian's `fonts-droid-fallback`, installed by `npm start` and `npm test` when missing).
   */
  @IsString()
  @MinLength(1)
  SUPERVISION_PDF_FONT = '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf';
}

export const supervision: ServiceDefinition<SupervisionConfig> = {
  name: 'supervision',
  config: SupervisionConfig,
  entities: [Enterprise, Brand],
  migrations: [
    platformTablesMigration('supervision'),
    Init1764100000000,
    SupervisionPlatform1764200000000,
    SeedPolicyTargets1764200000001,
    CountyDayReadModels1764300000000,
    LicenceIssuer1764600000012,
    auditRegionMigration('supervision'),
    idempotencyKeysMigration('supervision'),
    deadLettersMigration('supervision'),
    outboxParkingMigration('supervision'),
    ReadIndexes1766000000015,
    OfficialStatistics1767000000016,
    Rectification1767000000017,
    NationalView1767000000018,
    CreditScheme1767000000117,
    SeedTitle1767000000217,
    Licensing1767000000020,
    SharedQualityDefinition1767000001016,
    Bulletins1767000002300,
    DeliveryTimeTargets1767000002500,
    VehiclesAndEmergency1767000002501,
    ObligedParties1767000002400,
    LicenceLapses1767000002600,
    InspectionSource1767000002601,
    MajorCountiesReadModel1767000002603,
  ],
};
