import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  DomainError,
  type Principal,
  type RecordStatisticsMessage,
  STATISTIC_METRICS,
  type StatisticDto,
  type StatisticListDto,
  type StatisticsQuery,
  shanghaiToday,
} from '@app/contracts';
import { AuditTrail } from '@app/events';
import type { RequestMeta } from '@app/messaging';
import { scopedRegion } from '../common/scope.js';
import { currentFigures, insertStatistics, latestVersions, lockFigures, type StatisticRow, statisticsOf } from './statistics.queries.js';
import { entryProblem, type MonthFigure } from './statistics.rules.js';

/** Longest from–to range of a list, in months. */
const MAX_LIST_MONTHS = 120;

/** Official monthly statistics: versioned entry by staff, listing, and the current figures of a year. */
@Injectable()
export class StatisticsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
  ) {}

  /**
   * Stores each entry as the next version of its figure, region and month (1 when new). A
   * correction (version 2 on) needs a reason; the whole message is refused when one entry is
   * wrong, naming it. Concurrent entries of the same figure queue on an advisory lock.
   */
  async record(input: RecordStatisticsMessage, principal: Principal, meta: RequestMeta): Promise<StatisticListDto> {
    const entries = input.entries.map((e, i) => ({
      ...e,
      i,
      regionCode: scopedRegion(principal, e.regionCode),
      key: `${e.regionCode}|${e.metric}|${e.month}`,
    }));
    const seen = new Set<string>();
    for (const e of entries) {
      if (seen.has(e.key)) {
        throw DomainError.rule('DUPLICATE_ENTRY', `${e.metric} of ${e.regionCode} for ${e.month} appears twice`, [
          { field: `entries[${e.i}]`, message: 'appears twice in this request' },
        ]);
      }
      seen.add(e.key);
    }
    return this.dataSource.transaction(async (manager) => {
      const keys = entries.map((e) => e.key);
      await lockFigures(manager, keys);
      const regionsOf = entries.map((e) => e.regionCode);
      const metrics = entries.map((e) => e.metric);
      const months = entries.map((e) => `${e.month}-01`);
      const current = await latestVersions(manager, regionsOf, metrics, months);
      const versionOf = new Map(current.map((c) => [`${c.region_code}|${c.metric}|${c.month}`, c.version]));
      const errors = entries.flatMap((e) => {
        const problem = entryProblem(e, versionOf.get(e.key) ?? 0);
        return problem ? [{ field: `entries[${e.i}]`, message: problem }] : [];
      });
      if (errors.length > 0) throw DomainError.rule('STATISTIC_REJECTED', errors.map((x) => `${x.field}: ${x.message}`).join('; '), errors);
      const rows = await insertStatistics(manager, {
        regionsOf,
        metrics,
        months,
        versions: entries.map((e) => (versionOf.get(e.key) ?? 0) + 1),
        values: entries.map((e) => e.value),
        units: entries.map((e) => STATISTIC_METRICS[e.metric].unit),
        sources: entries.map((e) => e.source),
        reasons: entries.map((e) => e.reason ?? null),
        enteredBy: entries.map(() => principal.sub),
      });
      const items = rows.map(toDto).sort(byKey);
      const corrected = items.filter((r) => r.version > 1);
      await this.audit.record(
        manager,
        {
          action: corrected.length > 0 ? 'statistics.corrected' : 'statistics.recorded',
          objectType: 'official_statistics',
          objectId: items.length === 1 ? items[0].id : `${items.length} figures`,
          after: items.map((r) => ({
            id: r.id,
            metric: r.metric,
            regionCode: r.regionCode,
            month: r.month,
            version: r.version,
            value: r.value,
            reason: r.reason,
          })),
        },
        meta,
      );
      return { items };
    });
  }

  /** Every version of the region's figures in the months from–to. */
  async list(query: StatisticsQuery, principal: Principal): Promise<StatisticListDto> {
    const region = query.regionCode ?? scopedRegion(principal, undefined);
    const from = query.from ?? `${shanghaiToday().slice(0, 4)}-01`;
    const to = query.to ?? `${from.slice(0, 4)}-12`;
    const span = (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5)) - Number(from.slice(5));
    if (span < 0 || span >= MAX_LIST_MONTHS) {
      throw DomainError.rule('BAD_RANGE', `from–to must be in order and at most ${MAX_LIST_MONTHS} months`, [
        { field: 'to', message: `at most ${MAX_LIST_MONTHS} months from from` },
      ]);
    }
    const rows = await statisticsOf(this.dataSource.manager, region, `${from}-01`, `${to}-01`, query.metric ?? null);
    return { items: rows.map(toDto) };
  }

  /** The current version of each figure of the region for every month of a year. */
  async currentOfYear(region: string, year: number): Promise<MonthFigure[]> {
    const rows = await currentFigures(this.dataSource.manager, region, `${year}-01-01`, `${year}-12-01`);
    return rows.map((r) => ({ metric: r.metric, month: r.month, value: Number(r.value), source: r.source, version: r.version }));
  }
}

function toDto(r: StatisticRow): StatisticDto {
  return {
    id: r.id,
    metric: r.metric,
    nameZh: STATISTIC_METRICS[r.metric].zh,
    regionCode: r.region_code,
    month: r.month,
    value: Number(r.value),
    unit: r.unit,
    source: r.source,
    version: r.version,
    reason: r.reason,
    current: r.current,
    enteredBy: r.entered_by,
    enteredAt: r.entered_at.toISOString(),
  };
}

function byKey(a: StatisticDto, b: StatisticDto): number {
  return `${a.metric}|${a.month}` < `${b.metric}|${b.month}` ? -1 : 1;
}
