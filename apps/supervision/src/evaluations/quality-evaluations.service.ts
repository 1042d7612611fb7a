import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  type ActionItemDto,
  addDays,
  type CreateQualityEvaluationRequest,
  daysBetween,
  DomainError,
  type EvaluationIndicatorsDto,
  type EvaluationRateDto,
  type EvaluationUnitDto,
  EventTypes,
  mayActIn,
  type Principal,
  PROVINCE,
  type PublicEvaluationsQuery,
  type PublicQualityEvaluationPageDto,
  type QualityEvaluationDto,
  type QualityEvaluationPublishedEvent,
  type QualitySettingsDto,
  shanghaiToday,
  type UpdateQualitySettingsRequest,
} from '@app/contracts';
import { AuditTrail, Outbox } from '@app/events';
import type { RequestMeta } from '@app/messaging';
import { QUALITY_PARAMETERS, rate, uploadRate } from '@app/quality';
import { divisions, regionName, scopedRegion } from '../common/scope.js';
import { belowThreshold, measuredPeriod, rankUnits, unitScore } from './evaluation.rules.js';

/** Flow figures of rm_figures an evaluation reads per region. */
const METRICS = [
  'records_received',
  'records_rejected',
  'county_days_compared',
  'county_days_matched',
  'centre_days_reported',
  'centre_days_on_time',
  'waybill_records_received',
  'waybill_records_duplicate',
  'waybill_records_rejected',
];

interface Stored {
  id: string;
  quarter: string;
  region_code: string;
  status: 'draft' | 'published';
  threshold: string;
  result: Pick<QualityEvaluationDto, 'from' | 'to' | 'regions' | 'units' | 'actionList'>;
  created_at: Date;
  published_at: Date | null;
}

const EMPTY: EvaluationIndicatorsDto = {
  uploadRate: null,
  accessNormalRate: null,
  logicNormalRate: null,
  duplicateRate: null,
  crossMatchRate: null,
  onTimeRate: null,
};

const indicator = (numerator: number, denominator: number): EvaluationRateDto => ({ rate: rate(numerator, denominator), numerator, denominator });

/**
 * Quarterly data-quality evaluation (数据质量季度评估): every indicator of libs/quality for
 * every obliged party (county centres and, for the province, courier companies) and for the
 * region and its child regions, ranked, stored as a draft; staff publish it. Read from the
 * read models: the centres (`rm_centres`, `rm_centre_days`), the courier brands' upload days
 * (`rm_courier_days`) and the flow figures (`rm_figures`, month rows for whole months and day
 * rows for the rest of a quarter not yet over).
 */
@Injectable()
export class QualityEvaluationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
    private readonly outbox: Outbox,
  ) {}

  async create(input: CreateQualityEvaluationRequest, p: Principal, meta: RequestMeta): Promise<QualityEvaluationDto> {
    const region = scopedRegion(p, input.regionCode);
    const period = measuredPeriod(input.quarter, addDays(shanghaiToday(), -1));
    if (!period) {
      throw DomainError.rule('QUARTER_NOT_BEGUN', `${input.quarter} has no day that is over yet`, [
        { field: 'quarter', message: 'must have begun before today' },
      ]);
    }
    const threshold = (await this.settings()).actionThreshold;
    const result = await this.compute(region, period.from, period.to, threshold);
    return this.dataSource.transaction(async (manager) => {
      // raw SQL: writes the jsonb result and returns the stored row; quality evaluations have no entity
      const [row]: Stored[] = await manager.query(
        `INSERT INTO supervision.quality_evaluations (quarter, region_code, threshold, result, created_by) VALUES ($1, $2, $3, $4, $5)
         RETURNING id, quarter, region_code, status, threshold, result, created_at, published_at`,
        [input.quarter, region, threshold, JSON.stringify(result), p.sub],
      );
      const dto = toDto(row);
      await this.audit.record(
        manager,
        {
          action: 'quality-evaluation.created',
          objectType: 'quality_evaluation',
          objectId: row.id,
          after: { quarter: dto.quarter, regionCode: dto.regionCode, threshold, units: dto.units.length, belowThreshold: dto.actionList.length },
        },
        meta,
      );
      return dto;
    });
  }

  async get(id: string, p: Principal): Promise<QualityEvaluationDto> {
    const row = await this.find(id, p);
    return toDto(row);
  }

  /** Draft → published: audited, and told as an event. */
  async publish(id: string, p: Principal, meta: RequestMeta): Promise<QualityEvaluationDto> {
    await this.find(id, p);
    return this.dataSource.transaction(async (manager) => {
      // raw SQL: a conditional publish (only a draft) returning the stored row, in one statement
      const [row]: Stored[] = await manager.query(
        // an UPDATE's rows come back as rows only from a SELECT (TypeORM gives [rows, count] for an UPDATE)
        `WITH updated AS (
           UPDATE supervision.quality_evaluations SET status = 'published', published_by = $2, published_at = now()
           WHERE id = $1 AND status = 'draft'
           RETURNING id, quarter, region_code, status, threshold, result, created_at, published_at)
         SELECT * FROM updated`,
        [id, p.sub],
      );
      if (!row) throw DomainError.conflict('WRONG_STATUS', `evaluation ${id} is already published`);
      const dto = toDto(row);
      await this.audit.record(
        manager,
        { action: 'quality-evaluation.published', objectType: 'quality_evaluation', objectId: id, before: { status: 'draft' }, after: { status: 'published' } },
        meta,
      );
      await this.outbox.add<QualityEvaluationPublishedEvent>(
        manager,
        EventTypes.qualityEvaluationPublished,
        {
          evaluationId: id,
          quarter: dto.quarter,
          regionCode: dto.regionCode,
          threshold: dto.threshold,
          units: dto.units.length,
          belowThreshold: dto.actionList.length,
        },
        meta,
      );
      return dto;
    });
  }

  /** Published evaluations for anyone: the ranked regions and the counts, without who made or published them. */
  async publicList(query: PublicEvaluationsQuery): Promise<PublicQualityEvaluationPageDto> {
    // raw SQL: the published evaluations, newest first; quality evaluations have no entity
    const rows: Stored[] = await this.dataSource.query(
      `SELECT id, quarter, region_code, status, threshold, result, created_at, published_at FROM supervision.quality_evaluations
       WHERE status = 'published' ORDER BY published_at DESC, id LIMIT $1`,
      [query.limit ?? 20],
    );
    return {
      items: rows.map((r) => ({
        id: r.id,
        quarter: r.quarter,
        regionCode: r.region_code,
        regionName: regionName(r.region_code),
        publishedAt: (r.published_at as Date).toISOString(),
        regions: r.result.regions.map((u) => ({ regionCode: u.regionCode, name: u.name, score: u.score, rank: u.rank })),
        units: r.result.units.length,
        belowThreshold: r.result.actionList.length,
      })),
    };
  }

  /**
   * The action list's data-quality items: the parties of `region` below the threshold in the
   * latest published evaluation of the region or of one enclosing it.
   */
  async actionItems(region: string): Promise<ActionItemDto[]> {
    // raw SQL: the latest published evaluation of the region or one enclosing it ($1 LIKE region_code || '%')
    const [row]: Stored[] = await this.dataSource.query(
      `SELECT id, quarter, region_code, status, threshold, result, created_at, published_at FROM supervision.quality_evaluations
       WHERE status = 'published' AND $1 LIKE region_code || '%' ORDER BY published_at DESC, id LIMIT 1`,
      [region],
    );
    if (!row) return [];
    return row.result.actionList
      .filter((u) => u.regionCode.startsWith(region))
      .map((u) => ({
        kind: 'quality_below_threshold',
        objectId: u.id,
        regionCode: u.regionCode,
        regionName: regionName(u.regionCode),
        summary: `${u.name}：${row.quarter}数据质量评估得分 ${u.score ?? '—'}，低于整改阈值 ${Number(row.threshold)}（数据上传率 ${
          u.indicators.uploadRate?.rate === null || u.indicators.uploadRate === null ? '—' : `${((u.indicators.uploadRate.rate ?? 0) * 100).toFixed(2)}%`
        }）`,
        since: shanghaiToday(row.published_at as Date),
      }));
  }

  async settings(): Promise<QualitySettingsDto> {
    // raw SQL: the one setting row of quality_settings (a key-value table with no entity)
    const [row]: Array<{ value: string; updated_at: Date }> = await this.dataSource.query(
      `SELECT value, updated_at FROM supervision.quality_settings WHERE key = 'action_threshold'`,
    );
    return { actionThreshold: Number(row.value), updatedAt: row.updated_at.toISOString() };
  }

  async updateSettings(input: UpdateQualitySettingsRequest, p: Principal, meta: RequestMeta): Promise<QualitySettingsDto> {
    return this.dataSource.transaction(async (manager) => {
      // raw SQL: a row lock (FOR UPDATE) on the setting until it is changed and audited
      const [before]: Array<{ value: string }> = await manager.query(
        `SELECT value FROM supervision.quality_settings WHERE key = 'action_threshold' FOR UPDATE`,
      );
      // raw SQL: an update returning the stored value and time, in one statement
      const [row]: Array<{ value: string; updated_at: Date }> = await manager.query(
        `WITH updated AS (
           UPDATE supervision.quality_settings SET value = $1, updated_by = $2, updated_at = now() WHERE key = 'action_threshold'
           RETURNING value, updated_at)
         SELECT * FROM updated`,
        [input.actionThreshold, p.sub],
      );
      await this.audit.record(
        manager,
        {
          action: 'quality-settings.changed',
          objectType: 'quality_settings',
          objectId: 'action_threshold',
          before: { actionThreshold: Number(before.value) },
          after: { actionThreshold: input.actionThreshold, reason: input.reason },
        },
        meta,
      );
      return { actionThreshold: Number(row.value), updatedAt: row.updated_at.toISOString() };
    });
  }

  private async find(id: string, p: Principal): Promise<Stored> {
    // raw SQL: reads an evaluation by id; quality evaluations have no entity
    const [row]: Stored[] = await this.dataSource.query(
      `SELECT id, quarter, region_code, status, threshold, result, created_at, published_at FROM supervision.quality_evaluations WHERE id = $1`,
      [id],
    );
    // another region's evaluation is not there for the caller
    if (!row || !mayActIn(p, row.region_code)) throw DomainError.notFound(`evaluation ${id}`);
    return row;
  }

  /** Every indicator for every obliged party and region of `region` over [from, to], ranked. */
  private async compute(region: string, from: string, to: string, threshold: number): Promise<Stored['result']> {
    const days = daysBetween(from, to) + 1;
    const children =
      region.length < 6
        ? divisions(region)
            .childrenOf(region)
            .map((r) => r.code)
        : [];
    const province = region === PROVINCE;
    const [centres, couriers, figures] = await Promise.all([
      // raw SQL: read models (rm_centres, rm_centre_days): on-time reports counted against a Shanghai deadline
      this.dataSource.query(
        `SELECT c.centre_id, c.county_code, c.name,
                (SELECT count(*) FROM supervision.rm_centre_days d WHERE d.centre_id = c.centre_id AND d.date BETWEEN $2 AND $3) AS reported,
                (SELECT count(*) FROM supervision.rm_centre_days d WHERE d.centre_id = c.centre_id AND d.date BETWEEN $2 AND $3
                   AND d.first_reported_at <= ((d.date + 1)::timestamp + make_interval(hours => $4)) AT TIME ZONE 'Asia/Shanghai') AS on_time
         FROM supervision.rm_centres c WHERE c.county_code LIKE $1 ORDER BY c.county_code`,
        [`${region}%`, from, to, QUALITY_PARAMETERS.onTimeHour],
      ) as Promise<Array<{ centre_id: string; county_code: string; name: string | null; reported: string; on_time: string }>>,
      // raw SQL: the licensed enterprises with their reporting days from a read model (rm_courier_days)
      province
        ? (this.dataSource.query(
            `SELECT e.id, e.name, (SELECT count(*) FROM supervision.rm_courier_days d WHERE d.brand = e.brand AND d.date BETWEEN $1 AND $2) AS days
             FROM supervision.enterprises e
             WHERE e.licence_revoked_at IS NULL AND e.licence_cancelled_at IS NULL AND $2::date BETWEEN e.licence_valid_from AND e.licence_valid_to
             ORDER BY e.id`,
            [from, to],
          ) as Promise<Array<{ id: string; name: string; days: string }>>)
        : Promise.resolve([]),
      this.figures([region, ...children], from, to),
    ]);
    const countyFigures = await this.figures([...new Set(centres.map((c) => c.county_code))], from, to);
    const fig = (map: Map<string, Map<string, number>>, code: string, metric: string) => map.get(code)?.get(metric) ?? 0;
    const shared = (map: Map<string, Map<string, number>>, code: string): Pick<EvaluationIndicatorsDto, 'accessNormalRate' | 'crossMatchRate'> => ({
      accessNormalRate: indicator(fig(map, code, 'records_received') - fig(map, code, 'records_rejected'), fig(map, code, 'records_received')),
      crossMatchRate: indicator(fig(map, code, 'county_days_matched'), fig(map, code, 'county_days_compared')),
    });

    const centreUnits = centres.map((c) => {
      const reported = Number(c.reported);
      const indicators: EvaluationIndicatorsDto = {
        ...EMPTY,
        uploadRate: indicator(Math.min(reported, days), days),
        onTimeRate: indicator(Number(c.on_time), reported),
        ...shared(countyFigures, c.county_code),
      };
      return unit('county_centre', c.centre_id, c.name ?? `${regionName(c.county_code)}寄递物流中心`, c.county_code, indicators, threshold);
    });
    const courierUnits = couriers.map((e) =>
      unit('courier_company', e.id, e.name, region, { ...EMPTY, uploadRate: indicator(Math.min(Number(e.days), days), days) }, threshold),
    );

    const regionUnit = (code: string) => {
      const parties = [
        ...centres.filter((c) => c.county_code.startsWith(code)).map((c) => ({ id: c.centre_id, uploadedDays: Number(c.reported) })),
        ...(code === PROVINCE ? couriers.map((e) => ({ id: e.id, uploadedDays: Number(e.days) })) : []),
      ];
      const upload = uploadRate(parties, days);
      const received = fig(figures, code, 'waybill_records_received');
      const indicators: EvaluationIndicatorsDto = {
        ...EMPTY,
        uploadRate: { rate: upload.rate, numerator: upload.numerator, denominator: upload.denominator },
        onTimeRate: indicator(fig(figures, code, 'centre_days_on_time'), fig(figures, code, 'centre_days_reported')),
        duplicateRate:
          code.length === 2 ? indicator(fig(figures, code, 'waybill_records_duplicate'), received - fig(figures, code, 'waybill_records_rejected')) : null,
        ...shared(figures, code),
      };
      return unit('region', code, regionName(code), code, indicators, threshold);
    };

    const units = [...rankUnits(centreUnits), ...rankUnits(courierUnits)];
    return {
      from,
      to,
      regions: [{ ...regionUnit(region), rank: null }, ...rankUnits(children.map(regionUnit))],
      units,
      actionList: units.filter((u) => u.belowThreshold),
    };
  }

  /**
   * The METRICS of each region summed over [from, to]: month rows for the whole months, day
   * rows for the days of a month not over (a quarter starts on a month's first day).
   */
  private async figures(codes: string[], from: string, to: string): Promise<Map<string, Map<string, number>>> {
    const out = new Map<string, Map<string, number>>();
    if (codes.length === 0) return out;
    const afterTo = addDays(to, 1);
    // the months [from, lastWhole] are whole; the rest [partialFrom, to] is read by day
    const partialFrom = afterTo.slice(8) === '01' ? null : `${to.slice(0, 7)}-01`;
    // raw SQL: a read model (rm_figures): whole months and the days of a month not over, summed per region
    const rows: Array<{ region_code: string; metric: string; value: string }> = await this.dataSource.query(
      `SELECT region_code, metric, sum(value) AS value FROM supervision.rm_figures
       WHERE metric = ANY($1) AND region_code = ANY($2)
         AND ((period_kind = 'month' AND period_start >= $3::date AND period_start < coalesce($5::date, $4::date))
           OR (period_kind = 'day' AND $5::date IS NOT NULL AND period_start BETWEEN $5::date AND $4::date))
       GROUP BY 1, 2`,
      [METRICS, codes, from, to, partialFrom],
    );
    for (const r of rows) {
      const m = out.get(r.region_code) ?? new Map<string, number>();
      m.set(r.metric, Number(r.value));
      out.set(r.region_code, m);
    }
    return out;
  }
}

function unit(
  kind: EvaluationUnitDto['kind'],
  id: string,
  name: string,
  regionCode: string,
  indicators: EvaluationIndicatorsDto,
  threshold: number,
): EvaluationUnitDto {
  const score = unitScore(indicators);
  return { kind, id, name, regionCode, indicators, score, rank: null, belowThreshold: kind !== 'region' && belowThreshold(score, threshold) };
}

function toDto(r: Stored): QualityEvaluationDto {
  return {
    id: r.id,
    quarter: r.quarter,
    regionCode: r.region_code,
    regionName: regionName(r.region_code),
    from: r.result.from,
    to: r.result.to,
    status: r.status,
    threshold: Number(r.threshold),
    regions: r.result.regions,
    units: r.result.units,
    actionList: r.result.actionList,
    createdAt: r.created_at.toISOString(),
    publishedAt: r.published_at ? r.published_at.toISOString() : null,
  };
}
