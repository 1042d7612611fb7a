import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { DomainEvent, EventTypes, isCalendarDate, LicenceRevokedEvent, OutletEvent, shanghaiToday } from '@app/contracts';
import { AuditTrail, EventConsumers, Outbox } from '@app/events';
import type { RequestMeta } from '@app/messaging';
import { Outlet } from '../filings/outlet.entity.js';
import { outletEvent } from '../filings/outlet.mapping.js';

/**
 * When an operator's licence is revoked, cancelled or has expired (the supervision's lapse job), the filings of its outlets lapse (备案失效): its
 * submitted and filed outlets become `lapsed` (and leave the coverage), filings awaiting
 * decision lapse with them, and each lapse is audited and published as an outlet closure
 * with status `lapsed`.
 */
@Injectable()
export class LicenceRevokedConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.start({
      durable: 'outlets-licence-revoked',
      filter: EventTypes.licenceRevoked,
      handle: (event, manager) => this.apply(event as DomainEvent<LicenceRevokedEvent>, manager),
    });
  }

  async apply(event: DomainEvent<LicenceRevokedEvent>, manager: EntityManager): Promise<void> {
    const { enterpriseId, revokedAt, reason } = event.data;
    const ending = event.data.ending ?? 'revoked';
    const date = isCalendarDate(revokedAt) ? revokedAt : shanghaiToday(new Date(revokedAt));
    const meta: RequestMeta = { principal: event.actor, correlationId: event.correlationId };
    const [rows]: [Array<{ id: string }>, number] = await manager.query(
      `UPDATE outlets.outlets SET status = 'lapsed', closed_on = $2, pending_version = NULL, updated_at = clock_timestamp()
       WHERE enterprise_id = $1 AND status IN ('submitted', 'filed')
       RETURNING id`,
      [enterpriseId, date],
    );
    if (rows.length === 0) return;
    const ids = rows.map((r) => r.id);
    await manager.query(
      `UPDATE outlets.filings SET status = 'lapsed', decided_on = $2, reason = $3
       WHERE outlet_id = ANY($1::uuid[]) AND status = 'submitted'`,
      [ids, date, `licence ${ending}: ${reason}`],
    );
    const outlets = await manager.findBy(Outlet, { id: In(ids) });
    for (const outlet of outlets) {
      await this.audit.record(
        manager,
        { action: 'outlet.lapsed', objectType: 'outlet', objectId: outlet.id, after: { status: 'lapsed', closedOn: date, reason, ending, eventId: event.id } },
        meta,
      );
      await this.outbox.add<OutletEvent>(manager, EventTypes.outletClosed, outletEvent(outlet, date), meta);
    }
  }
}
