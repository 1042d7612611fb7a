import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { IsSecret, ServiceConfig } from '@app/config';
import { ServiceDefinition } from '@app/messaging';
import { Organisation } from './identity/organisation.entity.js';
import { User } from './identity/user.entity.js';
import { ApiKey } from './identity/api-key.entity.js';
import { Identity1764100000000 } from './migrations/1764100000000-Identity.js';
import { Idempotency1764200000000 } from './migrations/1764200000000-Idempotency.js';
import { TokensFollowUsers1764600000014 } from './migrations/1764600000014-TokensFollowUsers.js';
import { RateLimits1764600000015 } from './migrations/1764600000015-RateLimits.js';
import { auditRegionMigration, outboxParkingMigration, platformTablesMigration } from '@app/events';

export class GatewayConfig extends ServiceConfig {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT = 3000;

  /** HMAC secret for access tokens; `npm start` generates one into .data/ when unset. No placeholder, about 100 bits at least. */
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  @IsSecret(100)
  JWT_SECRET: string;

  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(86400)
  JWT_TTL_SECONDS = 3600;

  @IsString()
  @Matches(/^[a-zA-Z0-9_.-]{3,64}$/, { message: 'ADMIN_USERNAME must be 3–64 letters, digits, _ . -' })
  ADMIN_USERNAME = 'admin';

  @IsOptional()
  @IsString()
  @MinLength(12, { message: 'ADMIN_PASSWORD must be at least 12 characters' })
  @IsSecret(40)
  ADMIN_PASSWORD?: string;

  /** Where a generated first-admin password is written (mode 0600). */
  @IsString()
  ADMIN_PASSWORD_FILE = '.data/admin-password.txt';

  /** The CJK TrueType font of the PDF reports (the annual evaluation), the one the filing receipts use. */
  @IsString()
  REPORT_FONT = '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf';

  /** Largest JSON body on ordinary routes (413 past it). */
  @Matches(/^\d+(kb|mb)$/, { message: 'BODY_LIMIT must look like 512kb or 1mb' })
  BODY_LIMIT = '1mb';

  /** Largest body on bulk ingest routes (waybills, uploads). */
  @Matches(/^\d+(kb|mb)$/, { message: 'BULK_BODY_LIMIT must look like 512kb or 32mb' })
  BULK_BODY_LIMIT = '32mb';

  /** Requests per principal (or per address when anonymous) in RATE_LIMIT_WINDOW_SECONDS. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT = 1200;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_WINDOW_SECONDS = 60;

  /**
   * Which proxies in front of the gateway to trust for the client address (X-Forwarded-For),
   * so the login limit is per client behind an ingress: a number of hops, or a comma-separated
   * list of addresses, CIDRs and the names loopback, linklocal, uniquelocal; `false` for none.
   */
  @Matches(
    /^(\d{1,2}|false|((loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)(\s*,\s*(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?))*))$/,
    {
      message: 'TRUST_PROXY must be a hop count, false, or a comma-separated list of addresses, CIDRs, loopback, linklocal, uniquelocal',
    },
  )
  TRUST_PROXY = 'loopback';

  /** Login attempts per address in the same window. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  LOGIN_RATE_LIMIT = 30;

  /** Writes per address in the same window to a route open to anyone (complaints from the public). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  PUBLIC_WRITE_RATE_LIMIT = 10;
}

export const gateway: ServiceDefinition<GatewayConfig> = {
  name: 'gateway',
  config: GatewayConfig,
  entities: [Organisation, User, ApiKey],
  migrations: [
    platformTablesMigration('gateway'),
    Identity1764100000000,
    Idempotency1764200000000,
    auditRegionMigration('gateway'),
    TokensFollowUsers1764600000014,
    RateLimits1764600000015,
    outboxParkingMigration('gateway'),
  ],
};
