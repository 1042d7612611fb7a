import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  ActionItemDto,
  ActionsDto,
  DomainError,
  OverviewIndicatorDto,
  IndicatorsDto,
  IndicatorsQuery,
  NATIONAL_REGION,
  OverviewDto,
  PeriodKind,
  PolicyTargetDto,
  RATE_SERIES,
  SERIES_METRICS,
  type SeriesMetric,
  daysBetween,
  SeriesDto,
  shanghaiToday,
  TargetRefDto,
} from '@app/contracts';
import { uploadRate } from '@app/quality';
import { coverageRule, townshipKind } from '@app/regions';
import { nationalSources } from '@app/events';
import { periodStart } from '../read-models/figures.rules.js';
import { TargetsService } from '../targets/targets.service.js';
import { chooseTarget, progressOf, round } from '../targets/targets.rules.js';
import { targetRef } from '../targets/target.view.js';
import { divisions, regionName } from '../common/scope.js';
import { SupervisionConfig } from '../supervision.definition.js';
import { rankProvinces } from './ranking.rules.js';
import { claimSummary, crossMatchSummary, incidentSummary, type IndicatorKey, measuresOf, programmeCeilingText } from './indicator.definitions.js';
import { CreditService } from '../credit/credit.service.js';
import { StatisticsService } from '../statistics/statistics.service.js';
import { withOfficialFigures } from '../statistics/official-measures.js';
import { RectificationsService } from '../rectifications/rectifications.service.js';
import { KeySupervisionService } from '../rectifications/key-supervision.service.js';
import { QualityEvaluationsService } from '../evaluations/quality-evaluations.service.js';

/**
 * The plan (001) counts new origin cold storage from its first year: facilities first put
 * into operation from 2023-01-01 on, as the cold-chain service's progress does.
 */
const PLAN_COUNTS_FROM = '2023-01-01';

/** Longest from–to range of a time series, by period (a day series covers at most a year). */
const MAX_SERIES_DAYS: Record<PeriodKind, number> = { day: 366, month: 3660, year: 36600 };

const like = (region: string) => `${region}%`;
const ratio = (part: number, whole: number, digits = 4) => (whole > 0 ? round(part / whole, digits) : null);

@Injectable()
export class IndicatorsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly targets: TargetsService,
    private readonly credit: CreditService,
    private readonly statistics: StatisticsService,
    private readonly rectifications: RectificationsService,
    private readonly keySupervision: KeySupervisionService,
    private readonly qualityEvaluations: QualityEvaluationsService,
    private readonly config: SupervisionConfig,
  ) {}

  /** Key figures of every service for a year and region, each against its policy target. */
  async overview(year: number, region: string): Promise<OverviewDto> {
    const yearStart = `${year}-01-01`;
    const yearEnd = `${year}-12-31`;
    const today = shanghaiToday();
    const lastDay = today < yearEnd ? today : yearEnd;
    // a day counts as expected once it is over: through yesterday in the current year
    const yesterday = shanghaiToday(new Date(Date.now() - 86_400_000));
    const lastExpected = yesterday < yearEnd ? yesterday : yearEnd;
    const coverage = coverageRule();
    const townshipLevel = divisions(region)
      .descendants(region, 'township')
      .map((t) => t.code);
    // 乡镇 (towns and townships) are the coverage's denominator; 街道 are reported apart
    const townships = townshipLevel.filter((code) => coverage.countedTownshipKinds.includes(townshipKind(code)));
    const subdistricts = townshipLevel.filter((code) => townshipKind(code) === 'subdistrict');
    const [figures, green, claims, outlets, cold, quality, centres, supervision, official, officialBefore, orders, listed, fleet, couriers] = await Promise.all(
      [
        this.yearFigures(region, yearStart),
        this.green(year, region),
        this.claims(year, region),
        this.coveredTownships([...townships, ...subdistricts], yearEnd, coverage.outletKinds),
        this.coldChain(region, yearEnd),
        this.centreDays(region, yearStart, lastDay),
        this.submission(region, yearStart, lastExpected),
        this.supervisionFigures(year),
        this.statistics.currentOfYear(region, year),
        this.statistics.currentOfYear(region, year - 1),
        this.rectifications.figures(year, region),
        this.keySupervision.listedCount(),
        this.registeredFleet(year, region),
        region.length === 2 ? this.courierUpload(yearStart, lastExpected) : null,
      ],
    );
    const fig = (metric: string) => figures.get(metric) ?? 0;
    const covered = new Set(outlets);
    const received = fig('waybill_records_received');
    const provinceOnly = region.length === 2;
    const values: Record<IndicatorKey, number | null> = {
      express_volume: green.reports > 0 ? green.parcels : null,
      express_revenue: null,
      rural_parcels_upstream: fig('parcels_upstream'),
      rural_parcels_downstream: fig('parcels_downstream'),
      half_day_delivery_rate: ratio(fig('deliveries_half_day'), fig('deliveries_timed')),
      next_day_delivery_rate: ratio(fig('deliveries_next_day'), fig('deliveries_timed')),
      subsidy_approved: claims.approvedFen,
      subsidy_paid: claims.paidFen,
      rural_subsidy_avg_per_item: claims.paidItems > 0 ? round(claims.paidFen / claims.paidItems, 2) : null,
      township_outlet_coverage: ratio(townships.filter((code) => covered.has(code)).length, townships.length),
      subdistrict_outlet_coverage: subdistricts.length > 0 ? ratio(subdistricts.filter((code) => covered.has(code)).length, subdistricts.length) : null,
      locker_delivery_rate: ratio(fig('parcels_delivered_locker'), fig('parcels_delivered')),
      provincial_cold_chain_bases: cold.provincialBases,
      origin_consolidation_centre_counties: cold.consolidationCounties,
      origin_cold_storage_facilities: cold.coldStorage,
      origin_cold_storage_new_capacity: round(cold.newCapacity, 1),
      e_waybill_rate: ratio(green.eWaybills, green.parcels),
      recyclable_transit_bag_rate: ratio(green.recyclableBags, green.bags),
      new_energy_vehicle_share: ratio(green.newEnergy + fleet.newEnergy, green.vehicles + fleet.vehicles),
      co2e: green.reports > 0 ? round(green.co2eKg / 1000, 1) : null,
      submission_rate: centres.rate,
      courier_upload_rate: couriers?.rate ?? null,
      on_time_rate: ratio(quality.onTime, quality.days),
      validity_rate: ratio(fig('records_received') - fig('records_rejected'), fig('records_received')),
      duplicate_rate: provinceOnly ? ratio(fig('waybill_records_duplicate'), received - fig('waybill_records_rejected')) : null,
      cross_match_rate: ratio(fig('county_days_matched'), fig('county_days_compared')),
      enterprises_licensed: supervision.licensed,
      inspections_done: supervision.inspected,
      joint_discipline_enterprises: supervision.jointDiscipline,
      rectifications_open: orders.open,
      rectifications_overdue: orders.overdue,
      rectifications_closed_on_time: orders.closedOnTime,
      key_supervision_enterprises: listed,
    };
    const measures = measuresOf(values, {
      townships: townships.length,
      subdistricts: subdistricts.length,
      coverage,
      finishedOrders: orders.finished,
      deliveriesTimed: fig('deliveries_timed'),
      fleet,
    });
    const targets = await this.targets.all();
    const shown = withOfficialFigures(measures, official, officialBefore);
    const indicators: OverviewIndicatorDto[] = shown.map((m) => {
      const target = this.targetFor(targets, m.key, region, year) ?? (m.key === 'rural_subsidy_avg_per_item' ? claims.programmeCeiling : null);
      return { ...m, target, ...progressOf(m.value, target) };
    });
    const overview: OverviewDto = { year, regionCode: region, regionName: regionName(region), asOf: new Date().toISOString(), indicators };
    return region === NATIONAL_REGION ? { ...overview, ...(await this.national(year, indicators)) } : overview;
  }

  /**
   * The national view's country overview: each province of NATIONAL_SOURCES ranked on every
   * indicator of its own overview, and the waybill numbers accepted in more than one province.
   */
  private async national(year: number, indicators: OverviewIndicatorDto[]): Promise<Pick<OverviewDto, 'rankings' | 'crossProvinceWaybills'>> {
    const provinces = nationalSources(this.config);
    const each = await Promise.all(provinces.map((code) => this.overview(year, code)));
    const rankings = indicators.map((indicator) => ({
      key: indicator.key,
      nameZh: indicator.nameZh,
      unit: indicator.unit,
      provinces: rankProvinces(
        each.map((o) => ({ regionCode: o.regionCode, regionName: o.regionName, value: o.indicators.find((i) => i.key === indicator.key)?.value ?? null })),
      ),
    }));
    // raw SQL: a read model (the national view's cross-province waybills)
    const [total, items] = await Promise.all([
      this.dataSource.query(`SELECT count(*)::int AS n FROM supervision.rm_cross_province_waybills`) as Promise<Array<{ n: number }>>,
      this.dataSource.query(
        `SELECT waybill_no, provinces, to_char(flagged_on, 'YYYY-MM-DD') AS flagged_on FROM supervision.rm_cross_province_waybills ORDER BY waybill_no LIMIT 100`,
      ) as Promise<Array<{ waybill_no: string; provinces: string[]; flagged_on: string }>>,
    ]);
    return {
      rankings,
      crossProvinceWaybills: { total: total[0].n, items: items.map((r) => ({ waybillNo: r.waybill_no, provinces: r.provinces, flaggedOn: r.flagged_on })) },
    };
  }

  /** A flow figure as a time series for a region and each of its child regions. */
  async series(query: IndicatorsQuery, region: string): Promise<IndicatorsDto> {
    const year = shanghaiToday().slice(0, 4);
    const period: PeriodKind = query.period ?? 'month';
    const from = query.from ?? `${year}-01-01`;
    const to = query.to ?? `${year}-12-31`;
    const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
    if (days < 0 || days > MAX_SERIES_DAYS[period]) {
      throw new DomainError(400, 'BAD_RANGE', `from–to must be in order and at most ${MAX_SERIES_DAYS[period]} days for period ${period}`, [
        { field: 'to', message: `at most ${MAX_SERIES_DAYS[period]} days after from` },
      ]);
    }
    const children =
      region.length < 6
        ? divisions(region)
            .childrenOf(region)
            .map((r) => r.code)
        : [];
    const codes = [region, ...children];
    const first = periodStart(period, from);
    const meta = SERIES_METRICS[query.metric];
    const rate = RATE_SERIES[query.metric];
    if (!rate) {
      const rows = await this.seriesRows(query.metric, period, codes, first, to);
      const build = (code: string): SeriesDto => {
        const points = rows.filter((r) => r.region_code === code).map((r) => ({ period: r.period_start, value: Number(r.value) }));
        return { regionCode: code, regionName: regionName(code), total: points.reduce((s, p) => s + p.value, 0), points };
      };
      return { metric: query.metric, nameZh: meta.zh, unit: meta.unit, period, from, to, region: build(region), children: children.map(build) };
    }
    // a rate: its two flow figures per region and period, divided where the denominator is not 0
    const [parts, wholes, targets] = await Promise.all([
      this.seriesRows(rate.part, period, codes, first, to),
      this.seriesRows(rate.whole, period, codes, first, to),
      this.targets.all(),
    ]);
    const partOf = new Map(parts.map((r) => [`${r.region_code}|${r.period_start}`, Number(r.value)]));
    const build = (code: string): SeriesDto => {
      const points = wholes
        .filter((r) => r.region_code === code && Number(r.value) > 0)
        .map((r) => {
          const part = partOf.get(`${code}|${r.period_start}`) ?? 0;
          const whole = Number(r.value);
          return { period: r.period_start, value: round(part / whole, 4), part, whole };
        });
      const whole = points.reduce((s, p) => s + p.whole, 0);
      const part = points.reduce((s, p) => s + p.part, 0);
      return { regionCode: code, regionName: regionName(code), total: whole > 0 ? round(part / whole, 4) : 0, points };
    };
    const target = this.targetFor(targets, query.metric, region, Number(from.slice(0, 4)));
    return { metric: query.metric, nameZh: meta.zh, unit: meta.unit, period, from, to, region: build(region), children: children.map(build), target };
  }

  /** A flow figure's rows for regions and periods, first period start to `to`. */
  private seriesRows(metric: SeriesMetric, period: PeriodKind, codes: string[], first: string, to: string) {
    // raw SQL: a read model (rm_figures), read with a lateral join the planner must keep
    return this.dataSource.query(
      // one primary-key range per region, in period order: with region_code = ANY(…) the
      // planner read the metric's every region and filtered when statistics were unknown; the
      // ORDER BY keeps the lateral subquery from being flattened into a join it could reorder
      `SELECT r.code AS region_code, to_char(f.period_start, 'YYYY-MM-DD') AS period_start, f.value
       FROM unnest($3::text[]) AS r(code)
       CROSS JOIN LATERAL (
         SELECT period_start, value FROM supervision.rm_figures
         WHERE metric = $1 AND period_kind = $2 AND region_code = r.code AND period_start BETWEEN $4 AND $5
         ORDER BY period_start) f`,
      [metric, period, codes, first, to],
    ) as Promise<Array<{ region_code: string; period_start: string; value: string }>>;
  }

  /** What needs action in a region, from the read models and supervision's own data. */
  async actions(region: string, from?: string, to?: string): Promise<ActionsDto> {
    const since = from ?? shanghaiToday(new Date(Date.now() - 90 * 86_400_000));
    // raw SQL: the claims read model, and the open incidents touching the region (a match on their array of regions)
    const [claims, flags, incidents, jointDiscipline, rectifications, belowThreshold] = await Promise.all([
      this.dataSource.query(
        `SELECT claim_id, county_code, status, items, amount_fen, to_char(status_since, 'YYYY-MM-DD') AS since FROM supervision.rm_claims
         WHERE status IN ('submitted', 'reviewed', 'approved') AND county_code LIKE $1 ORDER BY status_since, claim_id LIMIT 50`,
        [like(region)],
      ) as Promise<Array<{ claim_id: string; county_code: string; status: string; items: string; amount_fen: string; since: string }>>,
      this.crossMatchFlags(region, since, to ?? shanghaiToday()),
      this.dataSource.query(
        `SELECT id, title, severity, status, affected_regions, to_char(created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS since
         FROM supervision.incidents
         WHERE status IN ('open', 'responding')
           AND EXISTS (SELECT 1 FROM unnest(affected_regions) r WHERE r LIKE $1 OR $2 LIKE r || '%')
         ORDER BY severity, created_at DESC LIMIT 50`,
        [like(region), region],
      ) as Promise<Array<{ id: string; title: string; severity: number; status: string; affected_regions: string[]; since: string }>>,
      this.credit.jointDisciplineSummary(50),
      this.rectifications.actionItems(region, 50),
      this.qualityEvaluations.actionItems(region),
    ]);
    return {
      claims: claims.map((c) => ({
        kind: `claim_${c.status}`,
        objectId: c.claim_id,
        regionCode: c.county_code,
        regionName: regionName(c.county_code),
        summary: claimSummary(c.status, Number(c.items), Number(c.amount_fen)),
        since: c.since,
      })),
      dataQualityFlags: [...belowThreshold, ...flags],
      incidents: incidents.map((i) => ({
        kind: 'incident_open',
        objectId: i.id,
        regionCode: i.affected_regions[0],
        regionName: i.affected_regions.map(regionName).join('、'),
        summary: incidentSummary(i.severity, i.title, i.status),
        since: i.since,
      })),
      jointDiscipline,
      rectifications,
    };
  }

  private targetFor(targets: PolicyTargetDto[], key: string, region: string, year: number): TargetRefDto | null {
    const chosen = chooseTarget(targets, key, region, year);
    if (!chosen) return null;
    return targetRef(chosen.target, chosen.benchmark);
  }

  /** Raw SQL: a read model (rm_figures). */
  private async yearFigures(region: string, yearStart: string): Promise<Map<string, number>> {
    const rows: Array<{ metric: string; value: string }> = await this.dataSource.query(
      `SELECT metric, value FROM supervision.rm_figures WHERE period_kind = 'year' AND region_code = $1 AND period_start = $2`,
      [region, yearStart],
    );
    return new Map(rows.map((r) => [r.metric, Number(r.value)]));
  }

  /** Raw SQL: an aggregate of a read model (rm_green_reports), annual reports preferred to quarters by a window. */
  private async green(year: number, region: string) {
    const [row]: Array<Record<string, string>> = await this.dataSource.query(
      `SELECT count(*) AS reports, coalesce(sum(parcels), 0) AS parcels, coalesce(sum(e_waybills), 0) AS e_waybills,
              coalesce(sum(transit_bags_total), 0) AS bags, coalesce(sum(recyclable_transit_bags), 0) AS recyclable,
              coalesce(sum(vehicles_total), 0) AS vehicles, coalesce(sum(vehicles_new_energy), 0) AS new_energy,
              coalesce(sum(co2e_kg), 0) AS co2e_kg
       FROM (
         SELECT *, bool_or(period = 'annual') OVER (PARTITION BY enterprise_id, region_code) AS has_annual
         FROM supervision.rm_green_reports
         WHERE year = $1 AND status = 'accepted' AND region_code LIKE $2) g
       WHERE g.period = 'annual' OR NOT g.has_annual`,
      [year, like(region)],
    );
    return {
      reports: Number(row.reports),
      parcels: Number(row.parcels),
      eWaybills: Number(row.e_waybills),
      bags: Number(row.bags),
      recyclableBags: Number(row.recyclable),
      vehicles: Number(row.vehicles),
      newEnergy: Number(row.new_energy),
      co2eKg: Number(row.co2e_kg),
    };
  }

  /**
   * Delivery vehicles of the registry based in the region and registered by year end, of
   * enterprises with no accepted green report of the year: they fill in the new-energy share
   * where a company's green report is missing.
   */
  private async registeredFleet(year: number, region: string) {
    // raw SQL: a count over the registry filtered by a read model (rm_green_reports). The
    // enterprises with an accepted report are one hashed set looked up per vehicle (NOT IN
    // an uncorrelated subquery is never turned into a join; both columns are NOT NULL, so it
    // means NOT EXISTS): as NOT EXISTS, with statistics unknown the planner took a nested-loop
    // anti join that compared each vehicle with every accepted report of the year (5,400
    // vehicles × 5,000 reports: 20 s, against 29 ms analysed). DISTINCT keeps the set's
    // estimate at the number of enterprises, well under what a hashed subplan may hold.
    const [row]: Array<{ vehicles: string; new_energy: string; enterprises: string }> = await this.dataSource.query(
      `SELECT count(*) AS vehicles, count(*) FILTER (WHERE v.new_energy) AS new_energy, count(DISTINCT v.enterprise_id) AS enterprises
       FROM supervision.delivery_vehicles v
       WHERE v.region_code LIKE $1 AND v.created_at < (make_date($2, 12, 31) + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'
         AND v.enterprise_id::text NOT IN (SELECT DISTINCT g.enterprise_id FROM supervision.rm_green_reports g WHERE g.year = $2 AND g.status = 'accepted')`,
      [like(region), year],
    );
    return { vehicles: Number(row.vehicles), newEnergy: Number(row.new_energy), enterprises: Number(row.enterprises) };
  }

  /** Raw SQL: filtered sums over a read model (rm_claims). */
  private async claims(year: number, region: string) {
    const [row]: Array<{ approved_fen: string; paid_fen: string; paid_items: string; ceiling: string | null; programme_id: string | null }> =
      await this.dataSource.query(
        `SELECT coalesce(sum(amount_fen) FILTER (WHERE status IN ('approved', 'paid')), 0) AS approved_fen,
              coalesce(sum(amount_fen) FILTER (WHERE status = 'paid'), 0) AS paid_fen,
              coalesce(sum(items) FILTER (WHERE status = 'paid'), 0) AS paid_items,
              max(avg_ceiling_fen) AS ceiling, min(programme_id) AS programme_id
       FROM supervision.rm_claims WHERE year = $1 AND county_code LIKE $2`,
        [year, like(region)],
      );
    const ceiling = row.ceiling === null ? null : Number(row.ceiling);
    const programmeCeiling: TargetRefDto | null =
      ceiling === null || ceiling <= 0
        ? null
        : {
            id: `programme:${row.programme_id}`,
            key: 'rural_subsidy_avg_per_item',
            regionCode: region,
            year,
            op: '<=',
            value: ceiling,
            unit: 'fen',
            clause: 'avgCeilingFen',
            ...programmeCeilingText(year, ceiling),
            benchmark: false,
          };
    return { approvedFen: Number(row.approved_fen), paidFen: Number(row.paid_fen), paidItems: Number(row.paid_items), programmeCeiling };
  }

  /**
   * The townships with a filed outlet of a counted kind open at `date`: one probe per township of the (township,
   * filed on) index, in filing order, stopping at the first outlet open at `date` (ordered,
   * the planner takes the index scan that stops, not a bitmap scan of the township's every
   * outlet). Raw SQL: a read model (rm_outlets), probed in a way the ORM cannot write.
   */
  private async coveredTownships(townships: string[], date: string, outletKinds: string[]): Promise<string[]> {
    const rows: Array<{ code: string }> = await this.dataSource.query(
      `SELECT t.code FROM unnest($1::text[]) AS t(code)
       WHERE (SELECT 1 FROM supervision.rm_outlets o
              WHERE o.township_code = t.code AND o.filed_on IS NOT NULL AND o.filed_on <= $2 AND (o.closed_on IS NULL OR o.closed_on > $2)
                AND o.kind = ANY($3::text[])
              ORDER BY o.filed_on LIMIT 1) IS NOT NULL`,
      [townships, date, outletKinds],
    );
    return rows.map((r) => r.code);
  }

  /** Raw SQL: counts over a read model (rm_facilities). */
  private async coldChain(region: string, yearEnd: string) {
    const [row]: Array<Record<string, string>> = await this.dataSource.query(
      `WITH standing AS (
         SELECT * FROM supervision.rm_facilities
         WHERE region_code LIKE $1 AND (closed_on IS NULL OR closed_on > $2))
       SELECT
         (SELECT count(*) FROM standing WHERE kind = 'provincial_base' AND designated_at <= $2) AS provincial_bases,
         (SELECT count(DISTINCT county_code) FROM standing
           WHERE kind = 'origin_consolidation_centre' AND operating_since <= $2
             AND county_code IN (SELECT unnest(counties) FROM supervision.rm_major_counties)) AS counties,
         EXISTS (SELECT 1 FROM supervision.rm_major_counties) AS listed,
         (SELECT count(*) FROM standing WHERE kind = 'origin_cold_storage' AND operating_since BETWEEN $3 AND $2) AS cold_storage,
         (SELECT coalesce(sum(capacity_tonnes), 0) FROM standing
           WHERE kind = 'origin_cold_storage' AND operating_since BETWEEN $3 AND $2) AS new_capacity`,
      [like(region), yearEnd, PLAN_COUNTS_FROM],
    );
    return {
      provincialBases: Number(row.provincial_bases),
      // null until a cold-chain service has sent its list of major counties
      consolidationCounties: row.listed ? Number(row.counties) : null,
      coldStorage: Number(row.cold_storage),
      newCapacity: Number(row.new_capacity),
    };
  }

  /**
   * Centre-days reported and first reported on time from `from` (the first of a month) to
   * `to`: the region's month figures of the whole months before `to`'s month, and its day
   * figures of that month (at most 11 + 31 rows a metric). Raw SQL: a read model (rm_figures).
   */
  private async centreDays(region: string, from: string, to: string) {
    const lastMonth = periodStart('month', to);
    const [row]: Array<{ days: string; on_time: string }> = await this.dataSource.query(
      `SELECT coalesce(sum(value) FILTER (WHERE metric = 'centre_days_reported'), 0) AS days,
              coalesce(sum(value) FILTER (WHERE metric = 'centre_days_on_time'), 0) AS on_time
       FROM supervision.rm_figures
       WHERE metric IN ('centre_days_reported', 'centre_days_on_time') AND region_code = $1
         AND ((period_kind = 'month' AND period_start >= $2 AND period_start < $3)
           OR (period_kind = 'day' AND period_start BETWEEN greatest($2::date, $3::date) AND $4))`,
      [region, from, lastMonth, to],
    );
    return { days: Number(row.days), onTime: Number(row.on_time) };
  }

  /**
   * The upload rate of the region's county centres (libs/quality uploadRate): every centre
   * known as registered or from its reports, those that never reported included, against the
   * days from the year's start to `to`; each centre's reported days of the year, less those
   * after `to`, read per centre by primary key. Raw SQL: read models (rm_centres, rm_centre_years, rm_centre_days).
   */
  private async submission(region: string, from: string, to: string) {
    const rows: Array<{ centre_id: string; reported: string }> = await this.dataSource.query(
      `SELECT c.centre_id,
              coalesce((SELECT y.days FROM supervision.rm_centre_years y WHERE y.centre_id = c.centre_id AND y.year = $3), 0)
              - (SELECT count(*) FROM supervision.rm_centre_days d
                 WHERE d.centre_id = c.centre_id AND d.date > $2::date AND d.date <= $4::date) AS reported
       FROM supervision.rm_centres c WHERE c.county_code LIKE $1`,
      [like(region), to, Number(from.slice(0, 4)), `${from.slice(0, 4)}-12-31`],
    );
    return uploadRate(
      rows.map((r) => ({ id: r.centre_id, uploadedDays: Number(r.reported) })),
      Math.max(0, daysBetween(from, to) + 1),
    );
  }

  /**
   * The upload rate of the province's courier companies (libs/quality uploadRate): enterprises
   * whose licence is in force on `to`, each judged by the days its brand's couriers uploaded
   * waybills in [from, to].
   */
  private async courierUpload(from: string, to: string) {
    // raw SQL: the registry joined to a read model (rm_courier_days), counted per enterprise
    const rows: Array<{ id: string; days: string }> = await this.dataSource.query(
      `SELECT e.id, (SELECT count(*) FROM supervision.rm_courier_days d WHERE d.brand = e.brand AND d.date BETWEEN $1 AND $2) AS days
       FROM supervision.enterprises e
       WHERE e.licence_revoked_at IS NULL AND e.licence_cancelled_at IS NULL AND $2::date BETWEEN e.licence_valid_from AND e.licence_valid_to`,
      [from, to],
    );
    return uploadRate(
      rows.map((r) => ({ id: r.id, uploadedDays: Number(r.days) })),
      Math.max(0, daysBetween(from, to) + 1),
    );
  }

  /**
   * Mismatched county-days of the region in the range, newest first, from the partial index
   * of mismatches (ordered by the column: the output's `date` is text and its order cannot
   * come from the index). Raw SQL: a read model (rm_county_days).
   */
  private async crossMatchFlags(region: string, from: string, to: string): Promise<ActionItemDto[]> {
    const rows: Array<{ county_code: string; date: string; counted: string; waybills: string }> = await this.dataSource.query(
      `SELECT county_code, to_char(date, 'YYYY-MM-DD') AS date, counted, waybills FROM supervision.rm_county_days
       WHERE NOT matched AND county_code LIKE $1 AND date BETWEEN $2 AND $3
       ORDER BY rm_county_days.date DESC, county_code LIMIT 50`,
      [like(region), from, to],
    );
    return rows.map((r) => ({
      kind: 'cross_match_mismatch',
      objectId: `${r.county_code}:${r.date}`,
      regionCode: r.county_code,
      regionName: regionName(r.county_code),
      summary: crossMatchSummary(Number(r.counted), Number(r.waybills)),
      since: r.date,
    }));
  }

  /** Raw SQL: two counts in one round trip (licences valid today, results recorded in the year). */
  private async supervisionFigures(year: number) {
    const today = shanghaiToday();
    const [row]: Array<{ licensed: string; inspected: string }> = await this.dataSource.query(
      `SELECT
         (SELECT count(*) FROM supervision.enterprises
           WHERE licence_revoked_at IS NULL AND $1::date BETWEEN licence_valid_from AND licence_valid_to) AS licensed,
         (SELECT count(*) FROM supervision.inspection_items
           WHERE recorded_at IS NOT NULL AND extract(year FROM recorded_at AT TIME ZONE 'Asia/Shanghai') = $2) AS inspected`,
      [today, year],
    );
    return { licensed: Number(row.licensed), inspected: Number(row.inspected), jointDiscipline: await this.credit.jointDisciplineCount() };
  }
}
