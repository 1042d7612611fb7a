import { PROVINCE } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  addDays,
  daysBetween,
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
import { COMPARED, MATCHED } from './county-days.js';
import { outlierBand, outlierOf, periodParts, rate } from './quality.rules.js';

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
 *   brands and directions) and the waybills courier organisations vouch for (COURIER_WAYBILLS,
 *   kept per county-day at intake as `county_days.waybills`) match within the tolerance ÷
 *   county-days that have either. The centre's own waybill uploads are left out, so the check
 *   is independent of the party that reports the counts.
 * - outliers: days whose total deviates from the centre's own history (the 90 days before
 *   the period and the period itself) by more than the z-score threshold.
 *
 * Everything is read from what intake keeps (a county has at most one centre), never from
 * the counts or the waybills: `county_months` for the whole months of the period and of
 * the outlier history, `county_days` for the days at either end, and, for outliers, only
 * the days outside each centre's band (`outlierBand`), found by the (county, items, date) index.
 * A province-year is some 122 × 12 monthly rows and a few hundred days.
 */
@Injectable()
export class QualityService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: SubsidiesConfig,
  ) {}

  async indicators(query: DataQualityRequest, p: Principal): Promise<DataQualityResponseDto> {
    const region = query.regionCode ?? (p.role === Role.Admin ? PROVINCE : p.regionCode);
    if (p.role !== Role.Admin && !region.startsWith(p.regionCode)) throw DomainError.forbidden(`region ${region} is outside your region ${p.regionCode}`);
    if (!regions().has(region)) throw DomainError.notFound(`region ${region}`);
    if (query.to < query.from) throw DomainError.rule('PERIOD_REVERSED', 'to is before from', [{ field: 'to', message: 'must not be before from' }]);
    const days = daysBetween(query.from, query.to) + 1; // [from, to], both included
    if (days > MAX_DAYS)
      throw DomainError.rule('PERIOD_TOO_LONG', `at most ${MAX_DAYS} days at a time`, [{ field: 'to', message: `at most ${MAX_DAYS} days after from` }]);
    const tolerance = query.tolerance ?? this.config.CROSS_MATCH_TOLERANCE;
    const zThreshold = query.zThreshold ?? this.config.OUTLIER_Z_THRESHOLD;
    const deadlineHours = this.config.REPORT_DEADLINE_HOURS;
    const counties = regions()
      .descendants(region, 'county')
      .map((r) => r.code);
    const places = region === PROVINCE ? [...counties, PROVINCE] : counties;
    const { from, to } = query;
    const q = <T>(sql: string, params: unknown[]) => this.dataSource.query(sql, params) as Promise<T[]>;

    // the period as whole months (county_months, at the configured tolerance) and the days at
    // either end (county_days); another tolerance reads the period's days
    const parts = tolerance === this.config.CROSS_MATCH_TOLERANCE ? periodParts(from, to) : { months: [], days: [[from, to]] as Array<[string, string]> };
    const window = periodParts(addDays(from, -HISTORY_DAYS), to);
    const [centres, perCounty, series] = await Promise.all([
      q<{ id: string; county_code: string }>(`SELECT id, county_code FROM subsidies.county_centres WHERE county_code = ANY($1)`, [counties]),
      q<PerCounty>(
        `SELECT county_code, sum(reported_days) AS reported_days, sum(first_reports) AS first_reports, sum(on_time) AS on_time,
                sum(current_rows) AS current_rows, sum(logic_ok) AS logic_ok, sum(received) AS received, sum(rejected) AS rejected,
                sum(waybills_received) AS waybills_received, sum(waybills_rejected) AS waybills_rejected,
                sum(waybills_duplicates) AS waybills_duplicates, sum(compared) AS compared, sum(matched) AS matched
         FROM (
           SELECT county_code, days_counted AS reported_days, first_reports, first_reports_on_time AS on_time, current_rows,
                  logic_ok_rows AS logic_ok, counts_received + waybills_received AS received, counts_rejected + waybills_rejected AS rejected,
                  waybills_received, waybills_rejected, waybills_duplicates, compared, matched
           FROM subsidies.county_months WHERE county_code = ANY($2) AND month BETWEEN $3 AND $4
           UNION ALL
           SELECT d.county_code, (d.counted IS NOT NULL)::int, d.first_reports, d.first_reports_on_time, d.current_rows, d.logic_ok_rows,
                  d.counts_received + d.waybills_received, d.counts_rejected + d.waybills_rejected,
                  d.waybills_received, d.waybills_rejected, d.waybills_duplicates, (${COMPARED})::int, (${MATCHED})::int
           FROM subsidies.county_days d
           WHERE d.county_code = ANY($2) AND (d.date BETWEEN $5 AND $6 OR d.date BETWEEN $7 AND $8)
         ) parts GROUP BY county_code`,
        [tolerance, places, ...spans(parts)],
      ),
      // each centre's days, Σ items and Σ items² over the history and the period
      q<{ county_code: string; days: Num; sum: Num; sum_sq: Num }>(
        `SELECT county_code, sum(days) AS days, sum(s) AS sum, sum(sq) AS sum_sq FROM (
           SELECT county_code, days_counted AS days, counted_sum AS s, counted_sum_sq AS sq
           FROM subsidies.county_months WHERE county_code = ANY($1) AND month BETWEEN $2 AND $3
           UNION ALL
           SELECT county_code, 1, counted, counted * counted FROM subsidies.county_days
           WHERE county_code = ANY($1) AND counted IS NOT NULL AND (date BETWEEN $4 AND $5 OR date BETWEEN $6 AND $7)
         ) parts GROUP BY county_code`,
        [counties, ...spans(window)],
      ),
    ]);

    // the days of the period outside each centre's band (a hair wider, for rounding), by the
    // (county, items, date) index; outlierOf then judges each exactly
    const bands = series.flatMap((c) => {
      const band = outlierBand({ days: Number(c.days), sum: Number(c.sum), sumSq: Number(c.sum_sq) }, zThreshold);
      // items are whole: below ⌈lo⌉ and above ⌊hi⌋, compared as integers so the index serves
      return band
        ? [{ county: c.county_code, lo: Math.ceil(band.lo - 1e-6 * (1 + Math.abs(band.lo))), hi: Math.floor(band.hi + 1e-6 * (1 + Math.abs(band.hi))) }]
        : [];
    });
    const statsOf = new Map(series.map((c) => [c.county_code, { days: Number(c.days), sum: Number(c.sum), sumSq: Number(c.sum_sq) }]));
    const candidates =
      bands.length === 0
        ? []
        : await q<{ county_code: string; date: string; items: Num }>(
            `SELECT b.county_code, d.date::text AS date, d.counted AS items
             FROM unnest($1::text[], $2::bigint[], $3::bigint[]) AS b(county_code, lo, hi)
             CROSS JOIN LATERAL (
               SELECT date, counted FROM subsidies.county_days
               WHERE county_code = b.county_code AND counted IS NOT NULL AND counted > b.hi AND date BETWEEN $4 AND $5
               UNION ALL
               SELECT date, counted FROM subsidies.county_days
               WHERE county_code = b.county_code AND counted IS NOT NULL AND counted < b.lo AND date BETWEEN $4 AND $5
             ) d`,
            [bands.map((b) => b.county), bands.map((b) => b.lo), bands.map((b) => b.hi), from, to],
          );

    const centreOf = new Map(centres.map((c) => [c.county_code, c.id]));
    const total = (pick: (r: PerCounty) => Num, rows = perCounty) => rows.reduce((a, r) => a + Number(pick(r)), 0);
    const withCentre = perCounty.filter((r) => centreOf.has(r.county_code));
    const complete = withCentre.filter((r) => Number(r.reported_days) === days).length;
    const received = total((r) => r.received);
    const refused = total((r) => r.rejected);
    const validWaybills = total((r) => r.waybills_received) - total((r) => r.waybills_rejected);
    const indicators: Record<string, IndicatorDto> = {
      submissionRate: indicator(complete, centres.length),
      onTimeRate: indicator(
        total((r) => r.on_time),
        total((r) => r.first_reports),
      ),
      validityRate: indicator(received - refused, received),
      logicRate: indicator(
        total((r) => r.logic_ok),
        total((r) => r.current_rows),
      ),
      duplicateRate: indicator(
        total((r) => r.waybills_duplicates),
        validWaybills,
      ),
      crossMatchRate: indicator(
        total((r) => r.matched, withCentre),
        total((r) => r.compared, withCentre),
      ),
    };

    const flagged: OutlierDto[] = candidates
      .flatMap((c) => {
        const stats = statsOf.get(c.county_code);
        const o = stats ? outlierOf({ date: c.date, items: Number(c.items) }, stats, zThreshold) : null;
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

/**
 * A period's parts as query bounds: the first and last of its whole months (consecutive), then
 * the day ranges at either end; null bounds match nothing. Ranges, not lists of keys: a list
 * of counties times a list of months or days is one index descent per pair.
 */
function spans(parts: { months: string[]; days: Array<[string, string]> }): Array<string | null> {
  const [first, second] = parts.days;
  return [
    parts.months[0] ?? null,
    parts.months[parts.months.length - 1] ?? null,
    first?.[0] ?? null,
    first?.[1] ?? null,
    second?.[0] ?? null,
    second?.[1] ?? null,
  ];
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
