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
import { SubsidiesConfig } from '../subsidies.definition.js';
import { addDays, daysBetween, MIN_HISTORY_DAYS, outlierOf, rate } from './quality.rules.js';

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
 *   brands and directions) and the accepted waybills match within the tolerance ÷ county-days
 *   that have either.
 * - outliers: days whose total deviates from the centre's own history (the 90 days before
 *   the period and the period itself) by more than the z-score threshold.
 *
 * Everything is read from `county_days`, one row per county and business date kept at
 * intake (a county has at most one centre), never from the counts or the waybills: a
 * request reads at most one row per county-day of the period and its history.
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

    const [centres, perCounty, candidates] = await Promise.all([
      q<{ id: string; county_code: string }>(`SELECT id, county_code FROM subsidies.county_centres WHERE county_code = ANY($1)`, [counties]),
      // a county-day cross-matches when |counted − waybills| ≤ tolerance × the larger (both 0 match), in doubles as in JS
      q<PerCounty>(
        `SELECT county_code,
                count(*) FILTER (WHERE counted IS NOT NULL) AS reported_days,
                sum(first_reports) AS first_reports, sum(first_reports_on_time) AS on_time,
                sum(current_rows) AS current_rows, sum(logic_ok_rows) AS logic_ok,
                sum(counts_received + waybills_received) AS received, sum(counts_rejected + waybills_rejected) AS rejected,
                sum(waybills_received) AS waybills_received, sum(waybills_rejected) AS waybills_rejected,
                sum(waybills_duplicates) AS waybills_duplicates,
                count(*) FILTER (WHERE counted IS NOT NULL OR waybills > 0) AS compared,
                count(*) FILTER (WHERE (counted IS NOT NULL OR waybills > 0)
                  AND abs(coalesce(counted, 0) - waybills)::float8 <= $4::float8 * greatest(coalesce(counted, 0), waybills)::float8) AS matched
         FROM subsidies.county_days WHERE county_code = ANY($1) AND date BETWEEN $2 AND $3 GROUP BY county_code`,
        [places, from, to, tolerance],
      ),
      // each centre's daily totals over the history and the period, summed; only days whose
      // leave-one-out z-score comes near the threshold leave the database, then are judged by outlierOf
      q<{ county_code: string; date: string; items: Num; days: Num; sum: Num; sum_sq: Num }>(
        `WITH series AS (
           SELECT county_code, date, counted FROM subsidies.county_days
           WHERE county_code = ANY($1) AND counted IS NOT NULL AND date BETWEEN $2 AND $3
         ), stats AS (
           SELECT county_code, count(*) AS days, sum(counted) AS sum, sum(counted * counted) AS sum_sq
           FROM series GROUP BY county_code HAVING count(*) - 1 >= ${MIN_HISTORY_DAYS}
         ), judged AS (
           SELECT d.county_code, d.date, d.counted, st.days, st.sum, st.sum_sq,
                  (st.sum - d.counted)::float8 / (st.days - 1) AS mean
           FROM series d JOIN stats st USING (county_code) WHERE d.date >= $4
         )
         SELECT county_code, date::text AS date, counted AS items, days, sum, sum_sq FROM judged
         WHERE abs(counted - mean) > 0.999 * $5::float8 * greatest(1, sqrt(greatest(0,
                 ((sum_sq - counted * counted)::float8 - (days - 1) * mean * mean) / (days - 2))))`,
        [counties, addDays(from, -HISTORY_DAYS), to, from, zThreshold],
      ),
    ]);

    const centreOf = new Map(centres.map((c) => [c.county_code, c.id]));
    const total = (pick: (r: PerCounty) => Num, rows = perCounty) => rows.reduce((a, r) => a + Number(pick(r)), 0);
    const withCentre = perCounty.filter((r) => centreOf.has(r.county_code));
    const complete = withCentre.filter((r) => Number(r.reported_days) === days).length;
    const received = total((r) => r.received);
    const refused = total((r) => r.rejected);
    const validWaybills = total((r) => r.waybills_received) - total((r) => r.waybills_rejected);
    const indicators: Record<string, IndicatorDto> = {
      submissionRate: indicator(complete, centres.length),
      onTimeRate: indicator(total((r) => r.on_time), total((r) => r.first_reports)),
      validityRate: indicator(received - refused, received),
      logicRate: indicator(total((r) => r.logic_ok), total((r) => r.current_rows)),
      duplicateRate: indicator(total((r) => r.waybills_duplicates), validWaybills),
      crossMatchRate: indicator(total((r) => r.matched, withCentre), total((r) => r.compared, withCentre)),
    };

    const flagged: OutlierDto[] = candidates
      .flatMap((c) => {
        const o = outlierOf({ date: c.date, items: Number(c.items) }, { days: Number(c.days), sum: Number(c.sum), sumSq: Number(c.sum_sq) }, zThreshold);
        const centreId = centreOf.get(c.county_code);
        return o && centreId ? [{ centreId, countyCode: c.county_code, ...o }] : [];
      })
      .sort((a, b) => (a.centreId + a.date < b.centreId + b.date ? -1 : 1));

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

interface PerCounty {
  county_code: string;
  reported_days: Num;
  first_reports: Num;
  on_time: Num;
  current_rows: Num;
  logic_ok: Num;
  received: Num;
  rejected: Num;
  waybills_received: Num;
  waybills_rejected: Num;
  waybills_duplicates: Num;
  compared: Num;
  matched: Num;
}

function indicator(numerator: number, denominator: number): IndicatorDto {
  return { rate: rate(numerator, denominator), numerator, denominator };
}
