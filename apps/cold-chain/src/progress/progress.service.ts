import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  DomainError,
  EventTypes,
  type MajorCountiesSetEvent,
  type MajorCountyDto,
  type MajorCountyListDto,
  PROVINCE,
  type ProgressDto,
  type SetMajorCountiesRequest,
  shanghaiToday,
} from '@app/contracts';
import { AuditTrail, Outbox } from '@app/events';
import type { RequestMeta } from '@app/messaging';
import { regions } from '@app/regions';
import { firstOperatingSql, statusAsOfSql } from '../facilities/status-as-of.js';
import { regionNames } from '../facilities/facility.view.js';
import { computeProgress, type FacilityYearFacts, type TargetRow, targetForYear } from './progress.rules.js';

const COUNTY_TARGET = 'origin_consolidation_centre_counties';

@Injectable()
export class ProgressService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
    private readonly outbox: Outbox,
  ) {}

  async progress(year = Number(shanghaiToday().slice(0, 4))): Promise<ProgressDto> {
    const yearEnd = `${year}-12-31`;
    const [targets, counties, facts] = await Promise.all([
      this.targets(),
      this.majorCounties(),
      this.dataSource.query(
        `SELECT f.id, f.kind, f.county_code AS "countyCode", f.capacity_tonnes::float8 AS "capacityTonnes",
                f.designated_at::text AS "designatedAt", ${statusAsOfSql('$1::date')} AS "statusAtYearEnd",
                ${firstOperatingSql('$1::date')} AS "firstOperatingOn"
         FROM cold_chain.facilities f
         WHERE f.kind IN ('provincial_base', 'origin_consolidation_centre', 'origin_cold_storage')`,
        [yearEnd],
      ) as Promise<FacilityYearFacts[]>,
    ]);
    const computed = computeProgress(
      targets,
      facts,
      counties.map((c) => ({ code: c.code, name: c.name, cityName: c.cityName, namedInPlan: c.namedInPlan })),
      year,
    );
    return { year, ...computed };
  }

  async listMajorCounties(): Promise<MajorCountyListDto> {
    const [items, targets] = await Promise.all([this.majorCounties(), this.targets()]);
    return { items, targetCount: this.countyTargetCount(targets) };
  }

  /**
   * Replaces the list of major fruit and vegetable counties. The counties the plan names
   * stay; the list holds at most as many counties as the plan's target counts (10).
   */
  async setMajorCounties(input: SetMajorCountiesRequest, meta: RequestMeta): Promise<MajorCountyListDto> {
    const index = regions();
    const errors = input.counties.flatMap((code, i) =>
      index.has(code, 'county') ? [] : [{ field: `counties.${i}`, message: `${code} is not a county of the province` }],
    );
    if (errors.length > 0) throw DomainError.rule('UNKNOWN_COUNTY', errors.map((e) => e.message).join('; '), errors);
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`LOCK TABLE cold_chain.major_counties IN EXCLUSIVE MODE`);
      const before = await this.majorCounties(manager);
      const dropped = before.filter((c) => c.namedInPlan && !input.counties.includes(c.code));
      if (dropped.length > 0) {
        throw DomainError.rule(
          'PLAN_NAMED_COUNTY',
          `${dropped.map((c) => `${c.name} (${c.code})`).join(', ')} named in the plan stay on the list`,
          dropped.map((c) => ({ field: 'counties', message: `${c.code} ${c.name} is named in the plan` })),
        );
      }
      const limit = this.countyTargetCount(await this.targets(manager));
      if (input.counties.length > limit) {
        throw DomainError.rule('TOO_MANY_COUNTIES', `the plan counts ${limit} major fruit and vegetable counties; the list has ${input.counties.length}`, [
          { field: 'counties', message: `at most ${limit} counties` },
        ]);
      }
      await manager.query(`DELETE FROM cold_chain.major_counties WHERE NOT named_in_plan AND county_code <> ALL($1::text[])`, [input.counties]);
      await manager.query(
        `INSERT INTO cold_chain.major_counties (county_code, name, named_in_plan, source, set_by)
         SELECT c.code, c.name, false, 'set by admin', $2 FROM jsonb_to_recordset($1::jsonb) AS c(code text, name text)
         ON CONFLICT (county_code) DO NOTHING`,
        [JSON.stringify(input.counties.map((code) => ({ code, name: index.get(code)?.name }))), meta.principal?.sub ?? 'system'],
      );
      const items = await this.majorCounties(manager);
      await this.audit.record(
        manager,
        { action: 'major-counties.set', objectType: 'major-counties', objectId: 'list', before: before.map((c) => c.code), after: items.map((c) => c.code) },
        meta,
      );
      // the supervision overview counts the same counties (its consolidation-centre figure)
      await this.outbox.add<MajorCountiesSetEvent>(manager, EventTypes.majorCountiesSet, { province: PROVINCE, counties: items.map((c) => c.code) }, meta);
      return { items, targetCount: limit };
    });
  }

  private countyTargetCount(targets: TargetRow[]): number {
    const row = targetForYear(
      targets.filter((t) => t.key === COUNTY_TARGET),
      Number.MAX_SAFE_INTEGER,
    );
    return row ? row.value : 0;
  }

  private async targets(manager = this.dataSource.manager): Promise<TargetRow[]> {
    return manager.query(
      `SELECT key, region, year, op, value::float8 AS value, unit, metric_zh AS "metricZh", document, clause, quote,
              counts_from::text AS "countsFrom"
       FROM cold_chain.targets ORDER BY key, year`,
    );
  }

  private async majorCounties(manager = this.dataSource.manager): Promise<MajorCountyDto[]> {
    const rows: Array<{ code: string; name: string; named: boolean; source: string | null }> = await manager.query(
      `SELECT county_code AS code, name, named_in_plan AS named, source FROM cold_chain.major_counties
       ORDER BY named_in_plan DESC, created_at, county_code`,
    );
    return rows.map((r) => {
      const names = regionNames(r.code);
      return { code: r.code, name: r.name, cityCode: names.cityCode, cityName: names.cityName, namedInPlan: r.named, source: r.source };
    });
  }
}
