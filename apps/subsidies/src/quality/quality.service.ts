import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  type DataQualityRequest,
  type DataQualityResponseDto,
  DomainError,
  type IndicatorDto,
  type OutlierDto,
  type Principal,
  Role,
} from '@app/contracts';
import { regions } from '@app/regions';
import { COURIER_WAYBILLS } from '../waybills/courier-waybills.js';
import { SubsidiesConfig } from '../subsidies.definition.js';
import { addDays, crossMatches, daysBetween, outliers, rate } from './quality.rules.js';

/** Days before `from` that outlier detection reads as each centre's history. */
const HISTORY_DAYS = 90;
const MAX_DAYS = 366;

type Num = string | number;

/**
 * Data-quality indicators of the county centres' reporting, after the monitoring indicator
 * system of seed 002 (上传率, 及时率, 接入正常率, 数据逻辑正常率, 重复出现率, 匹配率):
 *
 * - submissionRate: centres of the region that reported (any version) on every day of the
 *   period ÷ centres of the region.
 * - onTimeRate: first reports (version 1) of days in the period received by the deadline,
 *   REPORT_DEADLINE_HOURS after the end of the business day (Asia/Shanghai) ÷ first reports.
 * - validityRate: rows passing the schema and code checks ÷ rows received, counts and
 *   waybills together, for rows of business dates in the period (a row without a usable
 *   date counts on the day it arrived; a waybill without a real county under the province).
 * - logicRate: current counts passing the cross-field checks (see counts.rules.ts) ÷ current
 *   counts of the period.
 * - duplicateRate: waybill rows repeating a number already taken (in the same request or
 *   anywhere in the province) ÷ valid waybill rows of business dates in the period.
 * - crossMatchRate: county-days of counties with a centre where the centre's count (all
 *   brands and directions) and the waybills courier organisations uploaded (COURIER_WAYBILLS) match within
 *   the tolerance ÷ county-days that have either. The centre's own waybill uploads are left
 *   out, so the check is independent of the party that reports the counts.
 * - outliers: days whose total deviates from the centre's own history (the 90 days before
 *   the period and the period itself) by more than the z-score threshold.
 */
@Injectable()
export class QualityService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: SubsidiesConfig,
  ) {}

  async indicators(query: DataQualityRequest, p: Principal): Promise<DataQualityResponseDto> {
    const region = query.regionCode ?? (p.role === Role.Admin ? '14' : p.regionCode);
    if (p.role !== Role.Admin && !region.startsWith(p.regionCode)) throw DomainError.forbidden(`region ${region} is outside your region ${p.regionCode}`);
    if (!regions().has(region)) throw DomainError.notFound(`region ${region}`);
    if (query.to < query.from) throw DomainError.rule('PERIOD_REVERSED', 'to is before from', [{ field: 'to', message: 'must not be before from' }]);
    const days = daysBetween(query.from, query.to);
    if (days > MAX_DAYS) throw DomainError.rule('PERIOD_TOO_LONG', `at most ${MAX_DAYS} days at a time`, [{ field: 'to', message: `at most ${MAX_DAYS} days after from` }]);
    const tolerance = query.tolerance ?? this.config.CROSS_MATCH_TOLERANCE;
    const zThreshold = query.zThreshold ?? this.config.OUTLIER_Z_THRESHOLD;
    const deadlineHours = this.config.REPORT_DEADLINE_HOURS;
    const counties = regions()
      .descendants(region, 'county')
      .map((r) => r.code);
    const places = region === '14' ? [...counties, '14'] : counties;
    const { from, to } = query;
    const q = <T>(sql: string, params: unknown[]) => this.dataSource.query(sql, params) as Promise<T[]>;

    const [centres, reported, onTime, intake, logic, countyDays, daily] = await Promise.all([
      q<{ id: string; county_code: string }>(`SELECT id, county_code FROM subsidies.county_centres WHERE county_code = ANY($1)`, [counties]),
      q<{ centre_id: string; days: Num }>(
        `SELECT centre_id, count(DISTINCT date) AS days FROM subsidies.parcel_counts
         WHERE county_code = ANY($1) AND date BETWEEN $2 AND $3 GROUP BY centre_id`,
        [counties, from, to],
      ),
      q<{ total: Num; on_time: Num }>(
        `SELECT count(*) AS total,
                count(*) FILTER (WHERE created_at <= ((date + 1)::timestamp + make_interval(hours => $4)) AT TIME ZONE 'Asia/Shanghai') AS on_time
         FROM subsidies.parcel_counts WHERE version = 1 AND county_code = ANY($1) AND date BETWEEN $2 AND $3`,
        [counties, from, to, deadlineHours],
      ),
      q<{ source: string; received: Num; rejected: Num; duplicates: Num }>(
        `SELECT source, sum(received) AS received, sum(rejected) AS rejected, sum(duplicates) AS duplicates
         FROM subsidies.intake_tallies WHERE county_code = ANY($1) AND date BETWEEN $2 AND $3 GROUP BY source`,
        [places, from, to],
      ),
      q<{ total: Num; ok: Num }>(
        `SELECT count(*) AS total, count(*) FILTER (WHERE cardinality(logic_errors) = 0) AS ok FROM subsidies.parcel_counts
         WHERE superseded_at IS NULL AND county_code = ANY($1) AND date BETWEEN $2 AND $3`,
        [counties, from, to],
      ),
      q<{ counted: Num; waybills: Num }>(
        `WITH c AS (
           SELECT county_code, date, sum(items) AS n FROM subsidies.parcel_counts
           WHERE superseded_at IS NULL AND county_code = ANY($1) AND date BETWEEN $2 AND $3 GROUP BY county_code, date
         ), w AS (
           SELECT w.county_code, w.date, count(*) AS n FROM ${COURIER_WAYBILLS} w
           WHERE w.county_code = ANY($1) AND w.date BETWEEN $2 AND $3 GROUP BY w.county_code, w.date
         )
         SELECT COALESCE(c.n, 0) AS counted, COALESCE(w.n, 0) AS waybills
         FROM c FULL JOIN w ON w.county_code = c.county_code AND w.date = c.date
         WHERE COALESCE(c.county_code, w.county_code) IN (SELECT county_code FROM subsidies.county_centres)`,
        [counties, from, to],
      ),
      q<{ centre_id: string; county_code: string; date: string; items: Num }>(
        `SELECT centre_id, county_code, date::text AS date, sum(items) AS items FROM subsidies.parcel_counts
         WHERE superseded_at IS NULL AND county_code = ANY($1) AND date BETWEEN $2 AND $3
         GROUP BY centre_id, county_code, date ORDER BY centre_id, date`,
        [counties, addDays(from, -HISTORY_DAYS), to],
      ),
    ]);

    const complete = reported.filter((r) => Number(r.days) === days).length;
    const received = intake.reduce((a, r) => a + Number(r.received), 0);
    const refused = intake.reduce((a, r) => a + Number(r.rejected), 0);
    const waybillIntake = intake.find((r) => r.source === 'waybills');
    const validWaybills = waybillIntake ? Number(waybillIntake.received) - Number(waybillIntake.rejected) : 0;
    const matched = countyDays.filter((d) => crossMatches(Number(d.counted), Number(d.waybills), tolerance)).length;
    const indicators: Record<string, IndicatorDto> = {
      submissionRate: indicator(complete, centres.length),
      onTimeRate: indicator(Number(onTime[0].on_time), Number(onTime[0].total)),
      validityRate: indicator(received - refused, received),
      logicRate: indicator(Number(logic[0].ok), Number(logic[0].total)),
      duplicateRate: indicator(Number(waybillIntake?.duplicates ?? 0), validWaybills),
      crossMatchRate: indicator(matched, countyDays.length),
    };

    const byCentre = new Map<string, { county: string; series: Array<{ date: string; items: number }> }>();
    for (const d of daily) {
      const entry = byCentre.get(d.centre_id) ?? { county: d.county_code, series: [] };
      entry.series.push({ date: d.date, items: Number(d.items) });
      byCentre.set(d.centre_id, entry);
    }
    const flagged: OutlierDto[] = [...byCentre].flatMap(([centreId, { county, series }]) =>
      outliers(series, from, to, zThreshold).map((o) => ({ centreId, countyCode: county, ...o })),
    );

    return {
      regionCode: region,
      from,
      to,
      submissionRate: indicators.submissionRate.rate,
      onTimeRate: indicators.onTimeRate.rate,
      validityRate: indicators.validityRate.rate,
      logicRate: indicators.logicRate.rate,
      duplicateRate: indicators.duplicateRate.rate,
      crossMatchRate: indicators.crossMatchRate.rate,
      indicators,
      deadlineHours,
      tolerance,
      zThreshold,
      outliers: flagged,
    };
  }
}

function indicator(numerator: number, denominator: number): IndicatorDto {
  return { rate: rate(numerator, denominator), numerator, denominator };
}
