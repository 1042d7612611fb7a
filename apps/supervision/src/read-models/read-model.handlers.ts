import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  CentreRegisteredEvent,
  ClaimStatusChangedEvent,
  CountsAcceptedEvent,
  IntakeTalliedEvent,
  DomainEvent,
  EventTypes,
  FacilityEvent,
  GreenReportEvent,
  MajorCountiesSetEvent,
  OutletEvent,
  NATIONAL_SCOPE,
  OutletUsageReportedEvent,
  PROVINCE,
  provincePattern,
  Role,
  WaybillsAcceptedEvent,
} from '@app/contracts';
import { crossMatchSql } from '@app/quality';
import { CROSS_MATCH_TOLERANCE, crossMatchDeltas, FigureDelta, figureRows, reportedOnTime, shanghaiDate } from './figures.rules.js';

type Handler = (event: DomainEvent, manager: EntityManager) => Promise<void>;

/** Every table the read-model consumer writes; the rebuild empties exactly these. */
export const READ_MODEL_TABLES = [
  'rm_figures',
  'rm_outlets',
  'rm_outlet_usage',
  'rm_centres',
  'rm_courier_days',
  'rm_centre_days',
  'rm_centre_years',
  'rm_county_days',
  'rm_claims',
  'rm_facilities',
  'rm_green_reports',
  'rm_province_waybills',
  'rm_cross_province_waybills',
  'rm_major_counties',
].map((t) => `supervision.${t}`);

/** A region code of this deployment's province, or of any province in the national view. */
const REGION = provincePattern('\\d*');
const COUNTY = provincePattern('\\d{4}');
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Applies one event of another service to supervision's read models. Each handler is
 * written so that the final state does not depend on the order events arrive in: flows are
 * sums of deltas, and the state of an object is the one of its latest event by
 * (occurredAt, id). Events of unknown types, and supervision's own, are ignored.
 *
 * Raw SQL: the read models (rm_*) have no entities, and their writes are what TypeORM's
 * repository API cannot say: upserts that keep only a later event (ON CONFLICT ... WHERE
 * (event_at, event_id) < ...), sums of deltas (value = value + EXCLUDED.value), set-based
 * writes from `unnest` of arrays, and row locks (FOR UPDATE) in the event's transaction.
 */
@Injectable()
export class ReadModelHandlers {
  private readonly logger = new Logger(ReadModelHandlers.name);
  private readonly handlers: Record<string, Handler> = {
    [EventTypes.outletFiled]: (e, m) => this.outlet(e as DomainEvent<OutletEvent>, m, 'filed'),
    [EventTypes.outletChanged]: (e, m) => this.outlet(e as DomainEvent<OutletEvent>, m, 'changed'),
    [EventTypes.outletClosed]: (e, m) => this.outlet(e as DomainEvent<OutletEvent>, m, 'closed'),
    [EventTypes.outletRejected]: (e, m) => this.outlet(e as DomainEvent<OutletEvent>, m, 'rejected'),
    [EventTypes.outletUsageReported]: (e, m) => this.usage(e as DomainEvent<OutletUsageReportedEvent>, m),
    [EventTypes.countsAccepted]: (e, m) => this.counts(e as DomainEvent<CountsAcceptedEvent>, m),
    [EventTypes.waybillsAccepted]: (e, m) => this.waybills(e as DomainEvent<WaybillsAcceptedEvent>, m),
    [EventTypes.centreRegistered]: (e, m) => this.centreRegistered(e as DomainEvent<CentreRegisteredEvent>, m),
    [EventTypes.intakeTallied]: (e, m) => this.tallied(e as DomainEvent<IntakeTalliedEvent>, m),
    [EventTypes.claimStatusChanged]: (e, m) => this.claim(e as DomainEvent<ClaimStatusChangedEvent>, m),
    [EventTypes.facilityRegistered]: (e, m) => this.facility(e as DomainEvent<FacilityEvent>, m, true),
    [EventTypes.facilityStatusChanged]: (e, m) => this.facility(e as DomainEvent<FacilityEvent>, m, false),
    [EventTypes.majorCountiesSet]: (e, m) => this.majorCounties(e as DomainEvent<MajorCountiesSetEvent>, m),
    [EventTypes.greenReportSubmitted]: (e, m) => this.green(e as DomainEvent<GreenReportEvent>, m),
    [EventTypes.greenReportAccepted]: (e, m) => this.green(e as DomainEvent<GreenReportEvent>, m),
    [EventTypes.greenReportReturned]: (e, m) => this.green(e as DomainEvent<GreenReportEvent>, m),
  };

  async apply(event: DomainEvent, manager: EntityManager): Promise<void> {
    const handler = this.handlers[event.type];
    if (handler) await handler(event, manager);
  }

  /** A payload without the fields the contract promises is logged and skipped, not retried forever. */
  private malformed(event: DomainEvent, why: string): true {
    this.logger.warn({ eventId: event.id, type: event.type, why }, 'event payload does not match its contract; skipped');
    return true;
  }

  private async outlet(e: DomainEvent<OutletEvent>, m: EntityManager, what: 'filed' | 'changed' | 'closed' | 'rejected') {
    const d = e.data;
    if (!d?.outletId || !REGION.test(d.regionCode ?? '') || !DATE.test(d.date ?? '') || !Array.isArray(d.enterpriseIds)) {
      this.malformed(e, 'outletId, regionCode, date, enterpriseIds');
      return;
    }
    const open = (what === 'filed' || what === 'changed') && d.status !== 'closed' && d.status !== 'rejected';
    await m.query(
      `INSERT INTO supervision.rm_outlets
         (outlet_id, kind, enterprise_ids, region_code, county_code, township_code, status, open, receipt_no, filed_on, closed_on, event_at, event_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (outlet_id) DO UPDATE SET
         kind = EXCLUDED.kind, enterprise_ids = EXCLUDED.enterprise_ids, region_code = EXCLUDED.region_code,
         county_code = EXCLUDED.county_code, township_code = EXCLUDED.township_code, status = EXCLUDED.status,
         open = EXCLUDED.open, receipt_no = COALESCE(EXCLUDED.receipt_no, rm_outlets.receipt_no),
         closed_on = EXCLUDED.closed_on, event_at = EXCLUDED.event_at, event_id = EXCLUDED.event_id
       WHERE (rm_outlets.event_at, rm_outlets.event_id) < (EXCLUDED.event_at, EXCLUDED.event_id)`,
      [
        d.outletId,
        d.kind,
        d.enterpriseIds,
        d.regionCode,
        d.countyCode ?? d.regionCode.slice(0, 6),
        d.townshipCode ?? d.regionCode.slice(0, 9),
        d.status,
        open,
        d.receiptNo ?? null,
        what === 'filed' ? d.date : null,
        what === 'closed' ? d.date : null,
        e.occurredAt,
        e.id,
      ],
    );
    if (what === 'filed') {
      await m.query(`UPDATE supervision.rm_outlets SET filed_on = LEAST(filed_on, $2::date) WHERE outlet_id = $1`, [d.outletId, d.date]);
    }
    const metric = what === 'filed' ? 'outlets_filed' : what === 'closed' ? 'outlets_closed' : what === 'rejected' ? 'outlets_rejected' : null;
    if (metric) await addFigures(m, [{ metric, regionCode: d.regionCode, date: d.date, value: 1 }]);
  }

  private async usage(e: DomainEvent<OutletUsageReportedEvent>, m: EntityManager) {
    const d = e.data;
    if (!d?.outletId || !REGION.test(d.countyCode ?? '') || !DATE.test(d.date ?? '') || !Number.isInteger(d.parcelsDelivered)) {
      this.malformed(e, 'outletId, countyCode, date, parcelsDelivered');
      return;
    }
    const previous: Array<{ parcels_delivered: string; older: boolean }> = await m.query(
      `SELECT parcels_delivered, (event_at, event_id) < ($3::timestamptz, $4::uuid) AS older
       FROM supervision.rm_outlet_usage WHERE outlet_id = $1 AND date = $2 FOR UPDATE`,
      [d.outletId, d.date, e.occurredAt, e.id],
    );
    if (previous[0] && !previous[0].older) return;
    await m.query(
      `INSERT INTO supervision.rm_outlet_usage
         (outlet_id, date, kind, county_code, parcels_in, parcels_collected, parcels_delivered, event_at, event_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (outlet_id, date) DO UPDATE SET
         kind = EXCLUDED.kind, county_code = EXCLUDED.county_code, parcels_in = EXCLUDED.parcels_in,
         parcels_collected = EXCLUDED.parcels_collected, parcels_delivered = EXCLUDED.parcels_delivered,
         event_at = EXCLUDED.event_at, event_id = EXCLUDED.event_id`,
      [d.outletId, d.date, d.kind, d.countyCode, d.parcelsIn ?? 0, d.parcelsCollected ?? 0, d.parcelsDelivered, e.occurredAt, e.id],
    );
    const delta = d.parcelsDelivered - Number(previous[0]?.parcels_delivered ?? 0);
    const deltas: FigureDelta[] = [{ metric: 'parcels_delivered', regionCode: d.countyCode, date: d.date, value: delta }];
    if (d.kind === 'smart_locker') deltas.push({ metric: 'parcels_delivered_locker', regionCode: d.countyCode, date: d.date, value: delta });
    await addFigures(m, deltas);
  }

  private async counts(e: DomainEvent<CountsAcceptedEvent>, m: EntityManager) {
    const d = e.data;
    if (!d?.centreId || !COUNTY.test(d.countyCode ?? '') || !Array.isArray(d.rows)) {
      this.malformed(e, 'centreId, countyCode, rows');
      return;
    }
    const rows = d.rows.filter((r) => DATE.test(r.date) && (r.direction === 'upstream' || r.direction === 'downstream'));
    if (rows.length === 0) return;
    await addFigures(
      m,
      rows.map((r) => ({ metric: `parcels_${r.direction}`, regionCode: d.countyCode, date: r.date, value: r.items - (r.previousItems ?? 0) })),
    );
    const dates = [...new Set(rows.map((r) => r.date))];
    const first = dates.reduce((a, b) => (a < b ? a : b));
    await m.query(
      `INSERT INTO supervision.rm_centres (centre_id, county_code, org_id, first_report_on) VALUES ($1, $2, $3, $4)
       ON CONFLICT (centre_id) DO UPDATE SET
         first_report_on = LEAST(rm_centres.first_report_on, EXCLUDED.first_report_on),
         org_id = COALESCE(EXCLUDED.org_id, rm_centres.org_id)`,
      [d.centreId, d.countyCode, d.orgId ?? null, first],
    );
    await this.centreDays(m, d.centreId, d.countyCode, e.occurredAt, dates);
    await this.countyDays(
      m,
      rows.map((r) => ({ countyCode: d.countyCode, date: r.date, counted: r.items - (r.previousItems ?? 0), waybills: null })),
    );
  }

  /** A registered centre is obliged to report from then on: it joins the upload rate's denominator before its first report. */
  private async centreRegistered(e: DomainEvent<CentreRegisteredEvent>, m: EntityManager) {
    const d = e.data;
    if (!d?.centreId || !COUNTY.test(d.countyCode ?? '') || !DATE.test(d.registeredOn ?? '')) {
      this.malformed(e, 'centreId, countyCode, registeredOn');
      return;
    }
    await m.query(
      `INSERT INTO supervision.rm_centres (centre_id, county_code, org_id, name, registered_on) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (centre_id) DO UPDATE SET
         registered_on = EXCLUDED.registered_on, name = EXCLUDED.name, org_id = COALESCE(EXCLUDED.org_id, rm_centres.org_id)`,
      [d.centreId, d.countyCode, d.orgId ?? null, d.name ?? null, d.registeredOn],
    );
  }

  /** Rows received and refused by county and business date, counts and waybills together: the access-normal (validity) rate. */
  private async tallied(e: DomainEvent<IntakeTalliedEvent>, m: EntityManager) {
    const d = e.data;
    if (!d || !Array.isArray(d.tallies)) {
      this.malformed(e, 'tallies');
      return;
    }
    const tallies = d.tallies.filter(
      (t) => REGION.test(t.countyCode) && t.countyCode.length <= 6 && DATE.test(t.date) && Number.isInteger(t.received) && Number.isInteger(t.rejected),
    );
    await addFigures(
      m,
      tallies.flatMap((t) => [
        { metric: 'records_received', regionCode: t.countyCode, date: t.date, value: t.received },
        { metric: 'records_rejected', regionCode: t.countyCode, date: t.date, value: t.rejected },
      ]),
    );
  }

  /**
   * Records the days a centre reported (first report time per day) and keeps, as flow
   * figures of its county, the centre-days reported and those first reported on time, and
   * the reported days per centre and year.
   */
  private async centreDays(m: EntityManager, centreId: string, countyCode: string, reportedAt: string, dates: string[]) {
    const inserted: Array<{ date: string }> = await m.query(
      `INSERT INTO supervision.rm_centre_days (centre_id, date, county_code, first_reported_at)
       SELECT $1, day, $2, $3 FROM unnest($4::date[]) AS day ORDER BY day
       ON CONFLICT (centre_id, date) DO NOTHING
       RETURNING to_char(date, 'YYYY-MM-DD') AS date`,
      [centreId, countyCode, reportedAt, dates],
    );
    const fresh = new Set(inserted.map((r) => r.date));
    const deltas: FigureDelta[] = [];
    for (const date of fresh) {
      deltas.push({ metric: 'centre_days_reported', regionCode: countyCode, date, value: 1 });
      if (reportedOnTime(date, reportedAt)) deltas.push({ metric: 'centre_days_on_time', regionCode: countyCode, date, value: 1 });
    }
    const known = dates.filter((date) => !fresh.has(date));
    if (known.length > 0) {
      const existing: Array<{ date: string; first_reported_at: Date }> = await m.query(
        `SELECT to_char(date, 'YYYY-MM-DD') AS date, first_reported_at FROM supervision.rm_centre_days
         WHERE centre_id = $1 AND date = ANY($2::date[]) ORDER BY date FOR UPDATE`,
        [centreId, known],
      );
      const earlier = existing.filter((r) => Date.parse(reportedAt) < r.first_reported_at.getTime());
      if (earlier.length > 0) {
        await m.query(`UPDATE supervision.rm_centre_days SET first_reported_at = $3 WHERE centre_id = $1 AND date = ANY($2::date[])`, [
          centreId,
          earlier.map((r) => r.date),
          reportedAt,
        ]);
      }
      for (const r of earlier) {
        if (!reportedOnTime(r.date, r.first_reported_at) && reportedOnTime(r.date, reportedAt)) {
          deltas.push({ metric: 'centre_days_on_time', regionCode: countyCode, date: r.date, value: 1 });
        }
      }
    }
    if (fresh.size > 0) {
      const perYear = new Map<number, number>();
      for (const date of fresh) perYear.set(Number(date.slice(0, 4)), (perYear.get(Number(date.slice(0, 4))) ?? 0) + 1);
      await m.query(
        `INSERT INTO supervision.rm_centre_years (centre_id, year, days)
         SELECT $1, year, days FROM unnest($2::int[], $3::int[]) AS t(year, days)
         ON CONFLICT (centre_id, year) DO UPDATE SET days = rm_centre_years.days + EXCLUDED.days`,
        [centreId, [...perYear.keys()], [...perYear.values()]],
      );
    }
    await addFigures(m, deltas);
  }

  /**
   * Adds centre counts and courier waybills to their county-days and keeps each county-day's
   * two-way cross-match state (libs/quality: null until it has either side) with the county-days compared and matched as
   * flow figures, so the overview and the action list read them without joining county-days.
   * The rows are locked (created first when new) before their old state is read.
   */
  private async countyDays(m: EntityManager, changes: Array<{ countyCode: string; date: string; counted: number | null; waybills: number | null }>) {
    const sums = new Map<string, { countyCode: string; date: string; counted: number | null; waybills: number | null }>();
    for (const c of changes) {
      const key = `${c.countyCode}|${c.date}`;
      const s = sums.get(key) ?? { countyCode: c.countyCode, date: c.date, counted: null, waybills: null };
      if (c.counted !== null) s.counted = (s.counted ?? 0) + c.counted;
      if (c.waybills !== null) s.waybills = (s.waybills ?? 0) + c.waybills;
      sums.set(key, s);
    }
    if (sums.size === 0) return;
    const keys = [...sums.values()].sort((a, b) => (a.countyCode + a.date < b.countyCode + b.date ? -1 : 1));
    const counties = keys.map((k) => k.countyCode);
    const dates = keys.map((k) => k.date);
    await m.query(
      `INSERT INTO supervision.rm_county_days (county_code, date)
       SELECT * FROM unnest($1::text[], $2::date[]) ORDER BY 1, 2 ON CONFLICT (county_code, date) DO NOTHING`,
      [counties, dates],
    );
    const before: Array<{ county_code: string; date: string; matched: boolean | null }> = await m.query(
      `SELECT d.county_code, to_char(d.date, 'YYYY-MM-DD') AS date, d.matched
       FROM supervision.rm_county_days d JOIN unnest($1::text[], $2::date[]) AS k(county_code, date) USING (county_code, date)
       ORDER BY 1, 2 FOR UPDATE OF d`,
      [counties, dates],
    );
    const after: Array<{ county_code: string; date: string; matched: boolean | null }> = await m.query(
      `WITH updated AS (
       UPDATE supervision.rm_county_days d SET counted = n.counted, waybills = n.waybills,
         matched = ${crossMatchSql('n.counted', 'n.waybills', '$5')}
       FROM (
         SELECT c.county_code, c.date,
                CASE WHEN u.counted IS NULL THEN c.counted ELSE coalesce(c.counted, 0) + u.counted END AS counted,
                CASE WHEN u.waybills IS NULL THEN c.waybills ELSE coalesce(c.waybills, 0) + u.waybills END AS waybills
         FROM unnest($1::text[], $2::date[], $3::bigint[], $4::bigint[]) AS u(county_code, date, counted, waybills)
         JOIN supervision.rm_county_days c USING (county_code, date)
       ) n
       WHERE d.county_code = n.county_code AND d.date = n.date
       RETURNING d.county_code, to_char(d.date, 'YYYY-MM-DD') AS date, d.matched)
       SELECT * FROM updated`,
      [counties, dates, keys.map((k) => k.counted), keys.map((k) => k.waybills), CROSS_MATCH_TOLERANCE],
    );
    const old = new Map(before.map((r) => [`${r.county_code}|${r.date}`, r.matched]));
    await addFigures(
      m,
      after.flatMap((r) => crossMatchDeltas(r.county_code, r.date, old.get(`${r.county_code}|${r.date}`) ?? null, r.matched)),
    );
  }

  private async waybills(e: DomainEvent<WaybillsAcceptedEvent>, m: EntityManager) {
    const d = e.data;
    if (!d || !Array.isArray(d.groups) || !Number.isInteger(d.accepted)) {
      this.malformed(e, 'accepted, groups');
      return;
    }
    const today = shanghaiDate(e.occurredAt);
    const groups = d.groups.filter((g) => COUNTY.test(g.countyCode) && DATE.test(g.date) && (g.direction === 'upstream' || g.direction === 'downstream'));
    const deltas: FigureDelta[] = groups.map((g) => ({ metric: `waybills_${g.direction}`, regionCode: g.countyCode, date: g.date, value: g.count }));
    if (Array.isArray(d.deliveryTimes)) deltas.push(...deliveryDeltas(d.deliveryTimes));
    const duplicates = d.duplicates ?? 0;
    const rejected = d.rejected ?? 0;
    // records count for the province the batch was sent to: the deployment's own, or in the
    // national view the province of the batch's counties (a batch wholly refused names none)
    const province = NATIONAL_SCOPE ? (d.groups[0]?.countyCode ?? d.province ?? '').slice(0, 2) : PROVINCE;
    if (province) {
      deltas.push(
        { metric: 'waybill_records_received', regionCode: province, date: today, value: d.accepted + duplicates + rejected },
        { metric: 'waybill_records_duplicate', regionCode: province, date: today, value: duplicates },
        { metric: 'waybill_records_rejected', regionCode: province, date: today, value: rejected },
      );
    }
    await addFigures(m, deltas);
    // a courier company uploads only its own brand's waybills (the gateway checks it): the
    // days it uploaded, by brand, for the courier companies' upload rate
    if (e.actor?.role === Role.Courier && groups.length > 0) {
      const days = [...new Set(groups.map((g) => `${g.brand}|${g.date}`))].sort();
      await m.query(`INSERT INTO supervision.rm_courier_days (brand, date) SELECT * FROM unnest($1::text[], $2::date[]) ORDER BY 1, 2 ON CONFLICT DO NOTHING`, [
        days.map((k) => k.split('|')[0]),
        days.map((k) => k.split('|')[1]),
      ]);
    }
    if (NATIONAL_SCOPE && province && Array.isArray(d.waybillNos) && d.waybillNos.length > 0) await this.provinceWaybills(m, province, today, d.waybillNos);
    // the cross-match compares the waybills couriers vouch for, as the subsidies service does
    // (COURIER_WAYBILLS); an event from before `vouched` existed counts its groups when a
    // courier uploaded them
    const vouched = Array.isArray(d.vouched)
      ? d.vouched.filter((v) => COUNTY.test(v.countyCode) && DATE.test(v.date) && Number.isInteger(v.count))
      : e.actor?.role === Role.Courier
        ? groups
        : [];
    await this.countyDays(
      m,
      vouched.map((v) => ({ countyCode: v.countyCode, date: v.date, counted: null, waybills: v.count })),
    );
  }

  /**
   * National view: keeps the numbers a province accepted and flags those another province
   * accepted too (events are applied one at a time, so the other province's rows are committed).
   */
  private async provinceWaybills(m: EntityManager, province: string, date: string, numbers: string[]) {
    await m.query(
      `WITH fresh AS (
         INSERT INTO supervision.rm_province_waybills (waybill_no, province, accepted_on)
         SELECT n, $2, $3 FROM unnest($1::text[]) AS n ON CONFLICT DO NOTHING RETURNING waybill_no)
       INSERT INTO supervision.rm_cross_province_waybills (waybill_no, provinces, flagged_on)
       SELECT f.waybill_no, ARRAY(SELECT p FROM unnest(array_append(o.provinces, $2::char(2))) AS p ORDER BY p), $3
       FROM fresh f
       CROSS JOIN LATERAL (SELECT array_agg(w.province ORDER BY w.province) AS provinces FROM supervision.rm_province_waybills w
                           WHERE w.waybill_no = f.waybill_no AND w.province <> $2) o
       WHERE o.provinces IS NOT NULL
       ON CONFLICT (waybill_no) DO UPDATE SET provinces = ARRAY(SELECT DISTINCT p FROM unnest(rm_cross_province_waybills.provinces || EXCLUDED.provinces) AS p ORDER BY p)`,
      [numbers, province, date],
    );
  }

  private async claim(e: DomainEvent<ClaimStatusChangedEvent>, m: EntityManager) {
    const d = e.data;
    if (!d?.claimId || !COUNTY.test(d.countyCode ?? '') || !Number.isInteger(d.amountFen) || !Number.isInteger(d.items)) {
      this.malformed(e, 'claimId, countyCode, items, amountFen');
      return;
    }
    const date = shanghaiDate(e.occurredAt);
    await m.query(
      `INSERT INTO supervision.rm_claims
         (claim_id, programme_id, year, county_code, status, items, amount_fen, avg_ceiling_fen, status_since, event_at, event_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (claim_id) DO UPDATE SET
         status = EXCLUDED.status, items = EXCLUDED.items, amount_fen = EXCLUDED.amount_fen,
         avg_ceiling_fen = EXCLUDED.avg_ceiling_fen, status_since = EXCLUDED.status_since,
         event_at = EXCLUDED.event_at, event_id = EXCLUDED.event_id
       WHERE (rm_claims.event_at, rm_claims.event_id) < (EXCLUDED.event_at, EXCLUDED.event_id)`,
      [d.claimId, d.programmeId, d.year, d.countyCode, d.to, d.items, d.amountFen, d.avgCeilingFen ?? 0, date, e.occurredAt, e.id],
    );
    const sign = (d.to === 'paid' ? 1 : 0) - (d.from === 'paid' ? 1 : 0);
    if (sign !== 0) {
      await addFigures(m, [
        { metric: 'subsidy_paid_fen', regionCode: d.countyCode, date, value: sign * d.amountFen },
        { metric: 'subsidy_paid_items', regionCode: d.countyCode, date, value: sign * d.items },
      ]);
    }
  }

  private async facility(e: DomainEvent<FacilityEvent>, m: EntityManager, registered: boolean) {
    const d = e.data;
    if (!d?.facilityId || !REGION.test(d.regionCode ?? '') || !DATE.test(d.date ?? '') || typeof d.capacityTonnes !== 'number') {
      this.malformed(e, 'facilityId, regionCode, date, capacityTonnes');
      return;
    }
    await m.query(
      `INSERT INTO supervision.rm_facilities
         (facility_id, kind, region_code, county_code, status, capacity_tonnes, designated_at, closed_on, event_at, event_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (facility_id) DO UPDATE SET
         kind = EXCLUDED.kind, region_code = EXCLUDED.region_code, county_code = EXCLUDED.county_code,
         status = EXCLUDED.status, capacity_tonnes = EXCLUDED.capacity_tonnes, designated_at = EXCLUDED.designated_at,
         closed_on = EXCLUDED.closed_on, event_at = EXCLUDED.event_at, event_id = EXCLUDED.event_id
       WHERE (rm_facilities.event_at, rm_facilities.event_id) < (EXCLUDED.event_at, EXCLUDED.event_id)`,
      [
        d.facilityId,
        d.kind,
        d.regionCode,
        d.countyCode ?? d.regionCode.slice(0, 6),
        d.status,
        d.capacityTonnes,
        d.designatedAt ?? null,
        d.status === 'closed' ? d.date : null,
        e.occurredAt,
        e.id,
      ],
    );
    await m.query(
      `UPDATE supervision.rm_facilities SET
         registered_on = CASE WHEN $3 THEN LEAST(registered_on, $2::date) ELSE registered_on END,
         operating_since = CASE WHEN $4 THEN LEAST(operating_since, $2::date) ELSE operating_since END
       WHERE facility_id = $1`,
      [d.facilityId, d.date, registered, d.status === 'operating'],
    );
    if (registered) {
      await addFigures(m, [
        { metric: 'facilities_registered', regionCode: d.regionCode, date: d.date, value: 1 },
        { metric: 'cold_capacity_registered_tonnes', regionCode: d.regionCode, date: d.date, value: Math.round(d.capacityTonnes) },
      ]);
    }
  }

  /** The province's list of major counties: the latest event's list replaces the one before. */
  private async majorCounties(e: DomainEvent<MajorCountiesSetEvent>, m: EntityManager) {
    const d = e.data;
    if (!REGION.test(d?.province ?? '') || !Array.isArray(d.counties) || !d.counties.every((c) => COUNTY.test(c))) {
      this.malformed(e, 'province, counties');
      return;
    }
    await m.query(
      `INSERT INTO supervision.rm_major_counties (province, counties, event_at, event_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (province) DO UPDATE SET counties = EXCLUDED.counties, event_at = EXCLUDED.event_at, event_id = EXCLUDED.event_id
       WHERE (rm_major_counties.event_at, rm_major_counties.event_id) < (EXCLUDED.event_at, EXCLUDED.event_id)`,
      [d.province, d.counties, e.occurredAt, e.id],
    );
  }

  private async green(e: DomainEvent<GreenReportEvent>, m: EntityManager) {
    const d = e.data;
    if (!d?.reportId || !REGION.test(d.regionCode ?? '') || !Number.isInteger(d.year) || !Number.isInteger(d.version)) {
      this.malformed(e, 'reportId, regionCode, year, version');
      return;
    }
    await m.query(
      `INSERT INTO supervision.rm_green_reports
         (report_id, enterprise_id, year, period, region_code, version, status, parcels, e_waybills, transit_bags_total,
          recyclable_transit_bags, vehicles_total, vehicles_new_energy, co2e_kg, event_at, event_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
       ON CONFLICT (report_id) DO UPDATE SET
         enterprise_id = EXCLUDED.enterprise_id, year = EXCLUDED.year, period = EXCLUDED.period, region_code = EXCLUDED.region_code,
         version = EXCLUDED.version, status = EXCLUDED.status, parcels = EXCLUDED.parcels, e_waybills = EXCLUDED.e_waybills,
         transit_bags_total = EXCLUDED.transit_bags_total, recyclable_transit_bags = EXCLUDED.recyclable_transit_bags,
         vehicles_total = EXCLUDED.vehicles_total, vehicles_new_energy = EXCLUDED.vehicles_new_energy, co2e_kg = EXCLUDED.co2e_kg,
         event_at = EXCLUDED.event_at, event_id = EXCLUDED.event_id
       WHERE (rm_green_reports.version, rm_green_reports.event_at, rm_green_reports.event_id)
           < (EXCLUDED.version, EXCLUDED.event_at, EXCLUDED.event_id)`,
      [
        d.reportId,
        d.enterpriseId,
        d.year,
        d.period,
        d.regionCode,
        d.version,
        d.status,
        d.parcels ?? 0,
        d.eWaybills ?? 0,
        d.transitBagsTotal ?? 0,
        d.recyclableTransitBags ?? 0,
        d.vehiclesTotal ?? 0,
        d.vehiclesNewEnergy ?? 0,
        d.co2eKg ?? 0,
        e.occurredAt,
        e.id,
      ],
    );
  }
}

/**
 * Timed waybills per county and pick-up day as flow figures (deliveries_timed,
 * deliveries_half_day, deliveries_next_day): the overview and the rate series divide them
 * per region and period, never scanning waybills. Entries that do not hold the counts'
 * order (half day ≤ next day ≤ timed) are skipped.
 */
function deliveryDeltas(days: NonNullable<WaybillsAcceptedEvent['deliveryTimes']>): FigureDelta[] {
  return days
    .filter(
      (t) =>
        COUNTY.test(t.countyCode) &&
        DATE.test(t.date) &&
        [t.timed, t.halfDay, t.nextDay].every((n) => Number.isInteger(n) && n >= 0) &&
        t.halfDay <= t.nextDay &&
        t.nextDay <= t.timed,
    )
    .flatMap((t) => [
      { metric: 'deliveries_timed', regionCode: t.countyCode, date: t.date, value: t.timed },
      { metric: 'deliveries_half_day', regionCode: t.countyCode, date: t.date, value: t.halfDay },
      { metric: 'deliveries_next_day', regionCode: t.countyCode, date: t.date, value: t.nextDay },
    ]);
}

/** Adds flow deltas to rm_figures at every region level and period, in one set-based statement. */
async function addFigures(manager: EntityManager, deltas: FigureDelta[]): Promise<void> {
  const rows = figureRows(deltas);
  if (rows.length === 0) return;
  await manager.query(
    `INSERT INTO supervision.rm_figures (metric, period_kind, region_code, period_start, value)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::bigint[])
     ON CONFLICT (metric, period_kind, region_code, period_start) DO UPDATE SET value = rm_figures.value + EXCLUDED.value`,
    [rows.map((r) => r.metric), rows.map((r) => r.periodKind), rows.map((r) => r.regionCode), rows.map((r) => r.periodStart), rows.map((r) => r.value)],
  );
}
