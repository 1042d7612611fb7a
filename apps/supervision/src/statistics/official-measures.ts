import { INDICATOR_GROUPS, type OverviewSourceKind, STATISTIC_METRICS, type StatisticMetric } from '@app/contracts';
import { growth, type MonthFigure, yearFigure } from './statistics.rules.js';

export interface OverviewMeasure {
  key: string;
  nameZh: string;
  group: (typeof INDICATOR_GROUPS)[number];
  value: number | null;
  unit: string;
  source: string;
  sourceKind: OverviewSourceKind;
}

/** Official figures the overview shows, with their group; express volume and revenue replace the services' proxies. */
const SHOWN: Array<{ metric: StatisticMetric; group: OverviewMeasure['group'] }> = [
  { metric: 'express_volume', group: 'industry' },
  { metric: 'express_revenue', group: 'industry' },
  { metric: 'online_retail_sales', group: 'industry' },
  { metric: 'rural_online_retail_sales', group: 'industry' },
  { metric: 'cross_border_ecommerce', group: 'industry' },
  { metric: 'cross_border_retail_imports', group: 'industry' },
  { metric: 'international_mail_items', group: 'industry' },
  { metric: 'ecommerce_express_demo_zones', group: 'industry' },
  { metric: 'rural_e_towns', group: 'industry' },
  { metric: 'online_freight_truck_access_rate', group: 'industry' },
];

function describe(fig: { months: string[]; sources: string[]; maxVersion: number }, kind: 'flow' | 'stock'): string {
  const months = fig.months.length === 1 ? fig.months[0] : `${fig.months[0]}…${fig.months[fig.months.length - 1]}`;
  const how = kind === 'flow' ? `Σ ${fig.months.length} month(s) ${months}` : `latest month ${fig.months[fig.months.length - 1]}`;
  return `statistics: official figures entered by staff, ${how}, version ≤ ${fig.maxVersion}; 来源: ${fig.sources.join('；')}`;
}

/**
 * The overview's measures with the region's official statistics applied: a figure entered for
 * the year replaces the service-computed value (source `statistics`); figures only statistics
 * supply are added (null with source `none` when not entered), and so is the online retail
 * growth against the same months of the year before.
 */
export function withOfficialFigures(measures: OverviewMeasure[], thisYear: MonthFigure[], lastYear: MonthFigure[]): OverviewMeasure[] {
  const out = [...measures];
  for (const { metric, group } of SHOWN) {
    const meta = STATISTIC_METRICS[metric];
    const fig = yearFigure(metric, thisYear);
    const official: OverviewMeasure | null = fig
      ? { key: metric, nameZh: meta.zh, group, value: fig.value, unit: meta.unit, source: describe(fig, meta.kind), sourceKind: 'statistics' }
      : null;
    const at = out.findIndex((m) => m.key === metric);
    if (at >= 0) {
      if (official) out[at] = { ...official, group: out[at].group };
    } else {
      out.push(
        official ?? {
          key: metric,
          nameZh: meta.zh,
          group,
          value: null,
          unit: meta.unit,
          source: 'statistics: not entered for this region and year',
          sourceKind: 'none',
        },
      );
    }
  }
  const g = growth('online_retail_sales', thisYear, lastYear);
  out.push({
    key: 'online_retail_growth',
    nameZh: '网上零售额年增长率',
    group: 'industry',
    value: g?.value ?? null,
    unit: 'ratio',
    source: g
      ? `statistics: Σ online retail sales of ${g.months.join(', ')} ÷ the same months of the year before − 1`
      : 'statistics: needs online retail sales of the same months in this year and the year before',
    sourceKind: g ? 'statistics' : 'none',
  });
  return out;
}
