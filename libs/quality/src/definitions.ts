/**
 * The one definition of data quality (数据质量指标) of the platform, used by the subsidies
 * service (GET /data-quality, per centre and region) and by the supervision platform (the
 * overview's data-quality group) alike: each indicator's name, the clause of seed 002's annex
 * it follows (交办运函〔2020〕1520号 附件《网络货运信息化监测评估指标体系》, quoted), how this
 * platform applies it (our own rule, not the seed's), its numerator and denominator, and the
 * parameters as data. The seed measures network freight platforms; this platform applies the
 * same ratios to county logistics centres and courier companies.
 */

/** Parameters of the definitions, as data (the services may override them by configuration). */
export const QUALITY_PARAMETERS = {
  /** a first report of a business day is on time when received by this hour of the next day (Asia/Shanghai) */
  onTimeHour: 10,
  /** a county-day's centre count and courier waybills match when they differ by at most this share of the larger */
  crossMatchTolerance: 0.05,
  /** an obliged party has uploaded for a period when it uploaded on at least this share of the period's days */
  uploadedShareOfDays: 1,
} as const;
export type QualityParameters = { -readonly [K in keyof typeof QUALITY_PARAMETERS]: number };

export const QUALITY_INDICATOR_KEYS = ['uploadRate', 'accessNormalRate', 'logicNormalRate', 'duplicateRate', 'crossMatchRate', 'onTimeRate'] as const;
export type QualityIndicatorKey = (typeof QUALITY_INDICATOR_KEYS)[number];

export interface QualityIndicatorDefinition {
  key: QualityIndicatorKey;
  nameZh: string;
  /** the clause of seed 002's annex and its sentence; null for this platform's own indicator */
  seed: { document: string; clause: string; quote: string } | null;
  /** how this platform applies it: our rule */
  adaptation: string;
  numerator: string;
  denominator: string;
  parameters: Array<keyof QualityParameters>;
  /** true when a higher value is better (a duplicate rate is better low) */
  higherIsBetter: boolean;
}

const SEED_002 = '交办运函〔2020〕1520号 附件《网络货运信息化监测评估指标体系》';

export const QUALITY_INDICATORS: Record<QualityIndicatorKey, QualityIndicatorDefinition> = {
  uploadRate: {
    key: 'uploadRate',
    nameZh: '数据上传率',
    seed: {
      document: SEED_002,
      clause: '一、1 单据上传率',
      quote: '统计期内，正式上传运单、资金流水单、车辆和驾驶员基本信息、驾驶员位置信息共5个单据的企业数量与辖区内取得网络货运经营资质的企业数量之比',
    },
    adaptation:
      'obliged parties are the county logistics centres registered in the region; a party counts as uploaded when it uploaded counts on every day of the period',
    numerator: 'obliged parties of the region that uploaded on at least uploadedShareOfDays of the period’s days',
    denominator: 'obliged parties of the region, those that never uploaded included',
    parameters: ['uploadedShareOfDays'],
    higherIsBetter: true,
  },
  accessNormalRate: {
    key: 'accessNormalRate',
    nameZh: '数据接入正常率',
    seed: {
      document: SEED_002,
      clause: '一、3(1) 运单接入正常率',
      quote:
        '统计期内，符合《部网络货运信息交互系统数据交换接口规范》（以下简称《规范》）和《部网络货运信息交互系统代码集》（以下简称《代码集》）要求的运单数量与上传至部交互系统运单总数之比',
    },
    adaptation: 'the platform’s schema and code tables stand for 《规范》 and 《代码集》; counts and waybills together',
    numerator: 'rows received that pass the schema and code checks',
    denominator: 'rows received',
    parameters: [],
    higherIsBetter: true,
  },
  logicNormalRate: {
    key: 'logicNormalRate',
    nameZh: '数据逻辑正常率',
    seed: {
      document: SEED_002,
      clause: '一、5 数据逻辑正常率',
      quote: '统计期内，运单与资金流水单中起讫点、货物毛重、运费金额等关键数据项逻辑正常的单据数与上传至部交互系统的单据数之比',
    },
    adaptation: 'the cross-field checks of a parcel count (counts.rules.ts) on the current version of each count',
    numerator: 'current counts passing the cross-field checks',
    denominator: 'current counts',
    parameters: [],
    higherIsBetter: true,
  },
  duplicateRate: {
    key: 'duplicateRate',
    nameZh: '运单重复出现率',
    seed: {
      document: SEED_002,
      clause: '二、12 运单重复出现率',
      quote: '统计期内，车牌号、起讫地、时间、货物重量等相同或相似的运单数量与上传至部交互系统运单总数之比',
    },
    adaptation: 'a waybill number already taken anywhere in the province (or earlier in the same upload) is a duplicate',
    numerator: 'waybill rows repeating a number already taken',
    denominator: 'valid waybill rows',
    parameters: [],
    higherIsBetter: false,
  },
  crossMatchRate: {
    key: 'crossMatchRate',
    nameZh: '数据双向匹配率',
    seed: {
      document: SEED_002,
      clause: '一、4 运单与位置信息单匹配率',
      quote: '统计期内，运单与位置信息单进行双向匹配，匹配一致的单据数量与上传至部交互系统的单据数之比',
    },
    adaptation:
      'a county-day’s centre count (all brands and directions) against the waybills courier companies uploaded for the county and day; a county-day with either side is compared, a side with nothing against it is a mismatch',
    numerator: 'county-days compared whose two sides differ by at most crossMatchTolerance of the larger',
    denominator: 'county-days with centre counts or courier waybills',
    parameters: ['crossMatchTolerance'],
    higherIsBetter: true,
  },
  onTimeRate: {
    key: 'onTimeRate',
    nameZh: '按时报送率（本平台指标）',
    seed: null,
    adaptation: 'this platform’s own indicator: seed 002’s annex has no timeliness indicator',
    numerator: 'business days whose first report arrived by onTimeHour of the next day (Asia/Shanghai)',
    denominator: 'business days reported',
    parameters: ['onTimeHour'],
    higherIsBetter: true,
  },
};

/** numerator ÷ denominator rounded to 4 places; null when there was nothing to measure. */
export function rate(numerator: number, denominator: number): number | null {
  if (denominator === 0) return null;
  return Math.round((numerator / denominator) * 10_000) / 10_000;
}

/** The instant (ms) by which the first report of a business date is on time: onTimeHour of the next day, Asia/Shanghai (UTC+8). */
export function onTimeDeadline(date: string, onTimeHour: number = QUALITY_PARAMETERS.onTimeHour): number {
  return Date.parse(`${date}T00:00:00Z`) + 86_400_000 + onTimeHour * 3_600_000 - 8 * 3_600_000;
}

/** Whether a first report of `date` received at `receivedAt` is on time. */
export function isOnTime(date: string, receivedAt: string | Date, onTimeHour: number = QUALITY_PARAMETERS.onTimeHour): boolean {
  const at = typeof receivedAt === 'string' ? Date.parse(receivedAt) : receivedAt.getTime();
  return at <= onTimeDeadline(date, onTimeHour);
}

/**
 * A county-day's two-way match: null when it has neither centre counts (null) nor courier
 * waybills (null or 0), so it is not compared; else whether the two agree within the
 * tolerance of the larger. A side with nothing against the other is a mismatch.
 */
export function crossMatch(counted: number | null, waybills: number | null, tolerance: number = QUALITY_PARAMETERS.crossMatchTolerance): boolean | null {
  const w = waybills ?? 0;
  if (counted === null && w === 0) return null;
  const c = counted ?? 0;
  return Math.abs(c - w) <= tolerance * Math.max(c, w);
}

/**
 * `crossMatch` as an SQL boolean expression over the columns `counted` and `waybills` and the
 * tolerance parameter, in doubles as the function computes: NULL when not compared.
 */
export function crossMatchSql(counted: string, waybills: string, tolerance: string): string {
  const w = `coalesce(${waybills}, 0)`;
  const c = `coalesce(${counted}, 0)`;
  return `(CASE WHEN ${counted} IS NULL AND ${w} = 0 THEN NULL
    ELSE abs(${c} - ${w})::float8 <= (${tolerance})::float8 * greatest(${c}, ${w})::float8 END)`;
}

/** Whether a county-day is compared at all (`crossMatchSql` is not NULL), without the tolerance. */
export function crossMatchComparedSql(counted: string, waybills: string): string {
  return `(${counted} IS NOT NULL OR coalesce(${waybills}, 0) > 0)`;
}

/** Whether an obliged party uploaded for a period of `days` days, having uploaded on `uploadedDays` of them. */
export function hasUploaded(uploadedDays: number, days: number, share: number = QUALITY_PARAMETERS.uploadedShareOfDays): boolean {
  return days > 0 && uploadedDays >= share * days;
}

/**
 * The upload rate of a region: obliged parties that uploaded ÷ all obliged parties (a party
 * that never uploaded is in the list with 0 days), with each party's own share of days.
 */
export function uploadRate(
  parties: Array<{ id: string; uploadedDays: number }>,
  days: number,
  share: number = QUALITY_PARAMETERS.uploadedShareOfDays,
): { rate: number | null; numerator: number; denominator: number; perParty: Array<{ id: string; rate: number | null; uploaded: boolean }> } {
  const perParty = parties.map((p) => ({ id: p.id, rate: rate(Math.min(p.uploadedDays, days), days), uploaded: hasUploaded(p.uploadedDays, days, share) }));
  const numerator = perParty.filter((p) => p.uploaded).length;
  return { rate: rate(numerator, parties.length), numerator, denominator: parties.length, perParty };
}
