import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Between, DataSource, Repository } from 'typeorm';
import {
  daysBetween,
  DomainError,
  EventTypes,
  mayActIn,
  OutletUsageDto,
  OutletUsageReportedEvent,
  OutletUsageRequest,
  Principal,
  Role,
  shanghaiToday,
  UsageFiguresDto,
  UsageReportMessage,
  UsageReportResponseDto,
  UsageSummaryDto,
  UsageSummaryRequest,
} from '@app/contracts';
import { AuditTrail, Outbox } from '@app/events';
import type { RequestMeta } from '@app/messaging';
import { regions } from '@app/regions';
import { OutletsService } from '../filings/outlets.service.js';
import { UsageReport } from './usage-report.entity.js';
import { compartmentCount, lockerFigures, UsageRow } from './usage.rules.js';

const MAX_RANGE_DAYS = 366;

interface SummaryRow {
  code: string;
  kind: UsageRow['kind'];
  delivered: string;
  compartment_days: string;
  lockers: string;
}

@Injectable()
export class UsageService {
  constructor(
    @InjectRepository(UsageReport) private readonly reports: Repository<UsageReport>,
    private readonly outlets: OutletsService,
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
  ) {}

  /** A day's parcels of a filed outlet; a second report of the same day replaces the first. */
  async report(input: UsageReportMessage, principal: Principal, meta: RequestMeta): Promise<UsageReportResponseDto> {
    const outlet = await this.outlets.visible(input.id, principal);
    if (outlet.status !== 'filed') {
      throw DomainError.conflict('OUTLET_NOT_FILED', `the outlet is ${outlet.status}; usage is reported for filed outlets`);
    }
    if (input.date > shanghaiToday()) {
      throw DomainError.rule('DATE_IN_FUTURE', 'usage is reported for days that have passed', [{ field: 'date', message: 'must not be after today' }]);
    }
    if (input.date < outlet.openedOn) {
      throw DomainError.rule('BEFORE_OPENING', `the outlet opened on ${outlet.openedOn}`, [
        { field: 'date', message: `must not be before ${outlet.openedOn}` },
      ]);
    }
    return this.dataSource.transaction(async (manager) => {
      const previous = await manager.findOne(UsageReport, {
        where: { outletId: outlet.id, date: input.date },
        lock: { mode: 'pessimistic_write' },
      });
      const figures = { parcelsIn: input.parcelsIn, parcelsCollected: input.parcelsCollected, parcelsDelivered: input.parcelsDelivered };
      await manager.query(
        `INSERT INTO outlets.usage_reports
           (outlet_id, date, kind, county_code, township_code, compartments, parcels_in, parcels_collected, parcels_delivered, reported_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (outlet_id, date) DO UPDATE SET
           kind = EXCLUDED.kind, compartments = EXCLUDED.compartments, parcels_in = EXCLUDED.parcels_in,
           parcels_collected = EXCLUDED.parcels_collected, parcels_delivered = EXCLUDED.parcels_delivered,
           reported_by = EXCLUDED.reported_by, updated_at = clock_timestamp()`,
        [
          outlet.id,
          input.date,
          outlet.kind,
          outlet.countyCode,
          outlet.townshipCode,
          outlet.kind === 'smart_locker' ? compartmentCount(outlet.compartments) : 0,
          input.parcelsIn,
          input.parcelsCollected,
          input.parcelsDelivered,
          principal.sub,
        ],
      );
      await this.audit.record(
        manager,
        {
          action: 'usage.reported',
          objectType: 'outlet',
          objectId: outlet.id,
          before: previous
            ? { date: previous.date, parcelsIn: previous.parcelsIn, parcelsCollected: previous.parcelsCollected, parcelsDelivered: previous.parcelsDelivered }
            : undefined,
          after: { date: input.date, ...figures },
        },
        meta,
      );
      await this.outbox.add<OutletUsageReportedEvent>(
        manager,
        EventTypes.outletUsageReported,
        { outletId: outlet.id, kind: outlet.kind, countyCode: outlet.countyCode, townshipCode: outlet.townshipCode, date: input.date, ...figures },
        meta,
      );
      return { outletId: outlet.id, date: input.date, ...figures, replaced: previous !== null };
    });
  }

  /** An outlet's daily reports over a period, with totals and compartment utilisation. */
  async forOutlet(input: OutletUsageRequest, principal: Principal): Promise<OutletUsageDto> {
    checkRange(input.from, input.to);
    const outlet = await this.outlets.visible(input.id, principal);
    const rows = await this.reports.find({ where: { outletId: outlet.id, date: Between(input.from, input.to) }, order: { date: 'ASC' } });
    const days = rows.map((r) => ({ date: r.date, parcelsIn: r.parcelsIn, parcelsCollected: r.parcelsCollected, parcelsDelivered: r.parcelsDelivered }));
    const totals = days.reduce(
      (t, d) => ({
        parcelsIn: t.parcelsIn + d.parcelsIn,
        parcelsCollected: t.parcelsCollected + d.parcelsCollected,
        parcelsDelivered: t.parcelsDelivered + d.parcelsDelivered,
      }),
      { parcelsIn: 0, parcelsCollected: 0, parcelsDelivered: 0 },
    );
    const locker = outlet.kind === 'smart_locker';
    const figures = lockerFigures(rows.map((r) => ({ kind: r.kind, parcelsDelivered: r.parcelsDelivered, compartments: r.compartments })));
    return {
      outletId: outlet.id,
      from: input.from,
      to: input.to,
      days,
      totals,
      compartments: locker ? compartmentCount(outlet.compartments) : null,
      compartmentUtilisation: locker ? figures.compartmentUtilisation : null,
    };
  }

  /**
   * Locker delivery rate (箱递率) and compartment utilisation of a region over a period, with
   * the same figures per child region. A courier sees the figures of its own outlets only.
   */
  async summary(input: UsageSummaryRequest, principal: Principal): Promise<UsageSummaryDto> {
    checkRange(input.from, input.to);
    const regionCode = input.regionCode ?? principal.regionCode;
    const index = regions();
    const region = index.get(regionCode);
    if (!region || !mayActIn(principal, regionCode)) throw DomainError.notFound(`region ${regionCode}`);
    if (region.level === 'village') {
      throw DomainError.rule('REGION_TOO_SMALL', 'usage is summed for a province, city, county or township', [
        { field: 'regionCode', message: 'give a region above village level' },
      ]);
    }
    // reports carry the township, so a township's figures are not split by village
    const children = region.level === 'township' ? [] : index.childrenOf(regionCode);
    const childLength = children[0]?.code.length ?? regionCode.length;
    const params: unknown[] = [childLength, `${regionCode}%`, input.from, input.to];
    let own = '';
    if (principal.role === Role.Courier) {
      params.push(principal.orgId ?? '');
      own = `AND u.outlet_id IN (SELECT id FROM outlets.outlets WHERE owner_org_id = $${params.length})`;
    }
    const rows: SummaryRow[] = await this.dataSource.query(
      `SELECT left(u.township_code, $1) AS code, u.kind, sum(u.parcels_delivered) AS delivered, sum(u.compartments) AS compartment_days,
              count(DISTINCT u.outlet_id) FILTER (WHERE u.kind = 'smart_locker') AS lockers
       FROM outlets.usage_reports u
       WHERE u.township_code LIKE $2 AND u.date BETWEEN $3 AND $4 ${own}
       GROUP BY 1, 2`,
      params,
    );
    const figuresOf = (code: string, name: string, subset: SummaryRow[]): UsageFiguresDto => ({
      code,
      name,
      ...lockerFigures(subset.map((r) => ({ kind: r.kind, parcelsDelivered: Number(r.delivered), compartments: Number(r.compartment_days) }))),
      lockers: subset.reduce((n, r) => n + Number(r.lockers), 0),
    });
    return {
      ...figuresOf(region.code, region.name, rows),
      from: input.from,
      to: input.to,
      items: children.map((c) =>
        figuresOf(
          c.code,
          c.name,
          rows.filter((r) => r.code === c.code),
        ),
      ),
    };
  }
}

function checkRange(from: string, to: string): void {
  const days = daysBetween(from, to);
  if (days < 0) throw DomainError.rule('BAD_RANGE', 'to is before from', [{ field: 'to', message: 'must not be before from' }]);
  if (days >= MAX_RANGE_DAYS) {
    throw DomainError.rule('RANGE_TOO_LONG', `a period is at most ${MAX_RANGE_DAYS} days`, [
      { field: 'to', message: `at most ${MAX_RANGE_DAYS} days after from` },
    ]);
  }
}
