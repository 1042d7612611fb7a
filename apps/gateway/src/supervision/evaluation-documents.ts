import type { AnnualEvaluationDto, EvaluationRateDto, EvaluationUnitDto, QualityEvaluationDto } from '@app/contracts';
import { QUALITY_INDICATOR_KEYS, QUALITY_INDICATORS } from '@app/quality';
import type { PdfReport } from '../tabular/pdf.js';

type Cell = string | number | null;

const KIND_ZH: Record<EvaluationUnitDto['kind'], string> = { region: '区域', county_centre: '县级寄递物流中心', courier_company: '快递企业' };
const ASSESSMENT_ZH = { met: '达标', not_met: '未达标', no_data: '无数据' } as const;
const SOURCE_ZH = { statistics: '官方统计', events: '业务数据', none: '无' } as const;

/** A rate as a percentage with two places (0 % uploaded reads 0.00%); a dash when it could not be measured. */
function percent(r: EvaluationRateDto | null | undefined): string {
  return r && r.rate !== null ? `${(r.rate * 100).toFixed(2)}%` : '—';
}

/** The evaluation as one sheet with Chinese headers: the regions, then every obliged party, each with its rank, indicators and score. */
export function evaluationSheet(e: QualityEvaluationDto): { columns: string[]; rows: Cell[][] } {
  const columns = ['类别', '排名', '名称', '区划代码', ...QUALITY_INDICATOR_KEYS.map((k) => QUALITY_INDICATORS[k].nameZh), '综合得分', '低于整改阈值'];
  const row = (u: EvaluationUnitDto): Cell[] => [
    KIND_ZH[u.kind],
    u.rank,
    u.name,
    u.regionCode,
    ...QUALITY_INDICATOR_KEYS.map((k) => percent(u.indicators[k])),
    u.score,
    u.belowThreshold ? '是' : '否',
  ];
  return { columns, rows: [...e.regions.map(row), ...e.units.map(row)] };
}

/** A target's value in its unit, or 无数据 (no data). */
function shown(value: number | null, unit: string): string {
  if (value === null) return '无数据';
  return unit === 'ratio' ? `${(value * 100).toFixed(2)}%` : `${value} ${unit}`;
}

export function annualSheet(e: AnnualEvaluationDto): { columns: string[]; rows: Cell[][] } {
  const columns = ['指标', '区划代码', '年度', '政策文件', '条款', '目标', '实际值', '单位', '来源类别', '数据来源', '完成进度', '评估结果'];
  const rows = e.targets.map((t): Cell[] => [
    t.metricZh,
    t.target.regionCode,
    t.target.year,
    t.target.document,
    t.target.clause,
    `${t.target.op} ${t.target.value}`,
    t.value ?? '无数据',
    t.target.unit,
    SOURCE_ZH[t.sourceKind],
    t.source,
    t.progress,
    ASSESSMENT_ZH[t.assessment],
  ]);
  return { columns, rows };
}

export function annualPdf(e: AnnualEvaluationDto): PdfReport {
  return {
    title: `${e.regionName}${e.year}年度规划目标评估`,
    subtitle: `达标 ${e.met} 项，未达标 ${e.notMet} 项，无数据 ${e.noData} 项（统计时间 ${e.asOf.slice(0, 10)}）`,
    paragraphs: e.targets.map(
      (t, i) =>
        `${i + 1}. ${t.metricZh}（${t.target.regionCode}，${t.target.clause}）：目标 ${t.target.op} ${shown(t.target.value, t.target.unit)}；` +
        `实际 ${shown(t.value, t.target.unit)}；来源 ${SOURCE_ZH[t.sourceKind]}；评估 ${ASSESSMENT_ZH[t.assessment]}。`,
    ),
    footer: '本评估由智慧快递监管平台根据政策目标表与官方统计、业务数据生成。',
  };
}
