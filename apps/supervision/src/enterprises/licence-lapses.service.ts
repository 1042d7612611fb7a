import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import { EventTypes, type LicenceLapseDto, type LicenceLapseRunDto, type LicenceRevokedEvent, shanghaiToday } from '@app/contracts';
import { AuditTrail, Outbox } from '@app/events';
import type { RequestMeta } from '@app/messaging';
import { Enterprise } from './enterprise.entity.js';
import { licenceLapse } from './licence.rules.js';

/** The job looks every hour, so a licence that ends at midnight lapses its outlets within the hour of its first day. */
const CHECK_EVERY_MS = 3_600_000;

/**
 * The daily licence lapse job: a licence that expired (past its validity) or was cancelled
 * (注销) lapses its holder's outlet filings, like a revocation, through the one event the
 * outlets service lapses filings on (`supervision.licence.revoked`, with `ending`). Each end
 * is announced once (the enterprise row keeps what was announced), audited as
 * `licence.lapsed` and sent in the same transaction. It runs at start and every hour, and
 * the admin may run it at once (`POST /enterprises/licence-lapses`); `run(asOf)` takes the
 * business date it judges on.
 */
@Injectable()
export class LicenceLapsesService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LicenceLapsesService.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
    private readonly outbox: Outbox,
  ) {}

  onApplicationBootstrap(): void {
    const tick = () => {
      this.running ??= this.run(shanghaiToday(), { principal: null, correlationId: `licence-lapses-${randomUUID()}` })
        .catch((err: unknown) => this.logger.warn({ err }, 'licence lapse job failed; will retry'))
        .finally(() => (this.running = undefined));
    };
    this.timer = setInterval(tick, CHECK_EVERY_MS);
    this.timer.unref();
    tick();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  async run(asOf: string, meta: RequestMeta): Promise<LicenceLapseRunDto> {
    return this.dataSource.transaction(async (manager) => {
      // the candidates (the rule's prefilter in SQL), locked; a concurrent run skips them
      // raw SQL: a row lock that skips rows a concurrent run holds (FOR UPDATE SKIP LOCKED)
      const rows: Array<{ id: string }> = await manager.query(
        `SELECT id FROM supervision.enterprises
         WHERE licence_revoked_at IS NULL
           AND ((licence_cancelled_at IS NOT NULL AND licence_lapse_announced IS DISTINCT FROM 'cancelled')
             OR (licence_cancelled_at IS NULL AND licence_valid_to < $1::date
                 AND licence_lapse_announced IS DISTINCT FROM 'expired:' || licence_valid_to::text))
         ORDER BY id
         FOR UPDATE SKIP LOCKED`,
        [asOf],
      );
      if (rows.length === 0) return { asOf, lapsed: [] };
      const lapsed: LicenceLapseDto[] = [];
      for (const e of await manager.findBy(Enterprise, { id: In(rows.map((r) => r.id)) })) {
        const lapse = licenceLapse(
          { validFrom: e.licenceValidFrom, validTo: e.licenceValidTo, revokedAt: e.licenceRevokedAt, cancelledAt: e.licenceCancelledAt },
          asOf,
        );
        if (!lapse || lapse.key === e.licenceLapseAnnounced) continue;
        await manager.update(Enterprise, { id: e.id }, { licenceLapseAnnounced: lapse.key });
        const item: LicenceLapseDto = { enterpriseId: e.id, name: e.name, ending: lapse.ending, endedOn: lapse.endedOn };
        await this.audit.record(
          manager,
          {
            action: 'licence.lapsed',
            objectType: 'enterprise',
            objectId: e.id,
            after: { ...item, licenceNumber: e.licenceNumber, validTo: e.licenceValidTo, asOf },
          },
          meta,
        );
        await this.outbox.add<LicenceRevokedEvent>(
          manager,
          EventTypes.licenceRevoked,
          {
            enterpriseId: e.id,
            revokedAt: lapse.endedOn,
            reason: lapse.ending === 'expired' ? `快递业务经营许可有效期届满（${e.licenceValidTo}）` : '快递业务经营许可已注销',
            ending: lapse.ending,
          },
          meta,
        );
        lapsed.push(item);
      }
      return { asOf, lapsed };
    });
  }
}
