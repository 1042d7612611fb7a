import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, Repository } from 'typeorm';
import {
  type CountsAcceptedEvent,
  type Direction,
  DomainError,
  EventTypes,
  type IngestCountsRequest,
  type IngestCountsResponseDto,
  type ListParcelCountsRequest,
  type ParcelCountDto,
  type ParcelCountPageDto,
  ParcelCountRowDto,
  type Principal,
  regionScope,
  Role,
  type RowErrorDto,
  isCalendarDate,
  shanghaiToday,
} from '@app/contracts';
import { paginate } from '@app/database';
import { AuditTrail, Outbox } from '@app/events';
import { caller, fieldErrors, type RequestMeta } from '@app/messaging';
import { SupervisionClient } from '@app/supervision-client';
import { CentresService } from '../centres/centres.service.js';
import { actingCounty } from '../scope.js';
import { places, recordTallies, talliedEvent, type Tally } from '../intake.js';
import { summariseMonths } from '../quality/county-days.js';
import { SubsidiesConfig } from '../subsidies.definition.js';
import { inPeriods, logicErrors } from './counts.rules.js';
import { ParcelCount } from './parcel-count.entity.js';

interface CurrentRow {
  id: string;
  date: string;
  brand: string;
  direction: Direction;
  items: number;
  weight_kg: string | null;
  version: number;
}

interface NewVersion {
  index: number;
  row: ParcelCountRowDto;
  version: number;
  previousItems: number | null;
  logicErrors: string[];
}

const key = (date: string, brand: string, direction: string) => `${date}|${brand}|${direction}`;

/** Claims in these statuses lock the counts of their period. */
const LOCKING_STATUSES = ['approved', 'paid'];

@Injectable()
export class CountsService {
  constructor(
    @InjectRepository(ParcelCount) private readonly counts: Repository<ParcelCount>,
    private readonly centres: CentresService,
    private readonly supervision: SupervisionClient,
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
    private readonly config: SubsidiesConfig,
  ) {}

  /**
   * Checks every row on its own (good rows are kept, bad ones come back with their index),
   * then stores new reports as version 1 and changed figures as the next version with who
   * and why. Rows equal to the current version are not stored again, so a retried upload
   * changes nothing. A row in a period of an approved claim refuses the whole upload (422).
   */
  async ingest(input: IngestCountsRequest, meta: RequestMeta): Promise<IngestCountsResponseDto> {
    const p = caller(meta);
    const county = actingCounty(p, input.countyCode, 'county centre');
    const centre = await this.centres.forCounty(county, p.role === Role.CountyCentre ? p.orgId : undefined);
    const brands = await this.supervision.brandCodes(meta);
    const today = shanghaiToday();
    const rejected: RowErrorDto[] = [];
    const good: Array<{ index: number; row: ParcelCountRowDto }> = [];
    const firstOfKey = new Map<string, number>();
    input.reports.forEach((raw, index) => {
      const row = plainToInstance(ParcelCountRowDto, raw);
      const errors = fieldErrors(validateSync(row, { whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: true }));
      if (errors.length === 0) {
        if (!brands.has(row.brand)) errors.push({ field: 'brand', message: `unknown brand code ${row.brand}; see GET /api/v1/brands` });
        if (row.date > today) errors.push({ field: 'date', message: 'a count cannot be reported for a future date' });
        const k = key(row.date, row.brand, row.direction);
        const first = firstOfKey.get(k);
        if (first !== undefined)
          errors.push({ field: 'date', message: `row ${first} of this upload already reports ${row.date} ${row.brand} ${row.direction}` });
        else firstOfKey.set(k, index);
      }
      if (errors.length > 0) rejected.push({ index, errors });
      else good.push({ index, row });
    });

    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`counts:${county}`]);
      const locked = await this.lockedPeriods(manager, county);
      const lockedRows = good.filter((g) => inPeriods(g.row.date, locked));
      if (lockedRows.length > 0) {
        throw DomainError.rule(
          'COUNTS_LOCKED',
          `${lockedRows.length} row(s) fall in a period of an approved claim; counts of an approved period are locked`,
          lockedRows.map((g) => ({ field: `reports[${g.index}].date`, message: `${g.row.date} is in an approved claim's period` })),
        );
      }
      const current = await this.currentVersions(
        manager,
        centre.id,
        good.map((g) => g.row),
      );
      const versions: NewVersion[] = [];
      const superseded: CurrentRow[] = [];
      let unchanged = 0;
      for (const { index, row } of good) {
        const prev = current.get(key(row.date, row.brand, row.direction));
        const weight = row.weightKg ?? null;
        if (prev && prev.items === row.items && (prev.weight_kg === null ? null : Number(prev.weight_kg)) === weight) {
          unchanged++;
          continue;
        }
        if (prev && !row.reason) {
          rejected.push({ index, errors: [{ field: 'reason', message: `corrects version ${prev.version} (${prev.items} items): give the reason` }] });
          continue;
        }
        if (prev) superseded.push(prev);
        versions.push({
          index,
          row,
          version: prev ? prev.version + 1 : 1,
          previousItems: prev?.items ?? null,
          logicErrors: logicErrors(row, centre.dailyCapacity),
        });
      }
      rejected.sort((a, b) => a.index - b.index);
      const uploadId = randomUUID();
      const corrected = superseded.length;
      await manager.query(
        `INSERT INTO subsidies.count_uploads (id, centre_id, county_code, source, received, accepted, corrected, unchanged, rejected, submitted_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [uploadId, centre.id, county, input.source, input.reports.length, versions.length, corrected, unchanged, rejected.length, p.sub],
      );
      if (superseded.length > 0) {
        await manager.query(`UPDATE subsidies.parcel_counts SET superseded_at = clock_timestamp() WHERE id = ANY($1::uuid[])`, [superseded.map((s) => s.id)]);
      }
      const ids = versions.map(() => randomUUID());
      if (versions.length > 0) {
        await manager.query(
          `INSERT INTO subsidies.parcel_counts
             (id, centre_id, county_code, date, brand, direction, items, weight_kg, version, previous_items, reason, upload_id, reported_by, reported_org, logic_errors)
           SELECT id, $1, $2, date, brand, direction, items, weight_kg, version, previous_items, reason, $3, $4, $5,
                  COALESCE(string_to_array(NULLIF(logic, ''), ','), '{}')
           FROM unnest($6::uuid[], $7::date[], $8::text[], $9::text[], $10::int[], $11::numeric[], $12::int[], $13::int[], $14::text[], $15::text[])
             AS t(id, date, brand, direction, items, weight_kg, version, previous_items, reason, logic)`,
          [
            centre.id,
            county,
            uploadId,
            p.sub,
            p.orgId,
            ids,
            versions.map((v) => v.row.date),
            versions.map((v) => v.row.brand),
            versions.map((v) => v.row.direction),
            versions.map((v) => v.row.items),
            versions.map((v) => v.row.weightKg ?? null),
            versions.map((v) => v.version),
            versions.map((v) => v.previousItems),
            versions.map((v) => v.row.reason ?? null),
            versions.map((v) => v.logicErrors.join(',')),
          ],
        );
      }
      const tallies = countTallies(county, today, input.reports, rejected, versions);
      await recordTallies(manager, 'counts', uploadId, tallies);
      await this.outbox.add(manager, EventTypes.intakeTallied, talliedEvent('counts', uploadId, tallies), meta);
      if (versions.length > 0) await this.summariseDays(manager, centre.id, [...new Set(versions.map((v) => v.row.date))]);
      await summariseMonths(manager, places(tallies), this.config.CROSS_MATCH_TOLERANCE);
      const summary = { uploadId, accepted: versions.length, corrected, unchanged, rejected };
      await this.audit.record(
        manager,
        {
          action: 'counts.reported',
          objectType: 'count_upload',
          objectId: uploadId,
          after: {
            centreId: centre.id,
            countyCode: county,
            source: input.source,
            received: input.reports.length,
            accepted: versions.length,
            corrected,
            unchanged,
            rejected: rejected.length,
          },
        },
        meta,
      );
      for (const [i, v] of versions.entries()) {
        if (v.version === 1) continue;
        await this.audit.record(
          manager,
          {
            action: 'count.corrected',
            objectType: 'parcel_count',
            objectId: ids[i],
            before: { date: v.row.date, brand: v.row.brand, direction: v.row.direction, items: v.previousItems, version: v.version - 1 },
            after: { items: v.row.items, weightKg: v.row.weightKg ?? null, version: v.version, reason: v.row.reason },
          },
          meta,
        );
      }
      if (versions.length > 0) {
        await this.outbox.add<CountsAcceptedEvent>(
          manager,
          EventTypes.countsAccepted,
          {
            centreId: centre.id,
            countyCode: county,
            rows: versions.map((v) => ({
              date: v.row.date,
              brand: v.row.brand,
              direction: v.row.direction,
              items: v.row.items,
              version: v.version,
              previousItems: v.previousItems ?? 0,
            })),
          },
          meta,
        );
      }
      return summary;
    });
  }

  async list(query: ListParcelCountsRequest, p: Principal): Promise<ParcelCountPageDto> {
    const qb = this.counts.createQueryBuilder('c');
    const scope = regionScope(p);
    qb.where('c.county_code LIKE :scope', { scope: `${scope}%` });
    if (query.countyCode) qb.andWhere('c.county_code = :county', { county: query.countyCode });
    if (query.from) qb.andWhere('c.date >= :from', { from: query.from });
    if (query.to) qb.andWhere('c.date <= :to', { to: query.to });
    if (!query.history) qb.andWhere('c.superseded_at IS NULL');
    const page = await paginate(qb, query);
    return { items: page.items.map(toDto), nextCursor: page.nextCursor };
  }

  /**
   * Recomputes the centre's county-days of these dates from its counts (a handful of rows
   * each, by the version index): Σ items, rows and rows passing the logic checks of the
   * current versions, first reports and those received by the deadline.
   */
  private async summariseDays(manager: EntityManager, centreId: string, dates: string[]): Promise<void> {
    await manager.query(
      `INSERT INTO subsidies.county_days AS d (county_code, date, counted, current_rows, logic_ok_rows, first_reports, first_reports_on_time)
       SELECT county_code, date,
              sum(items) FILTER (WHERE superseded_at IS NULL),
              count(*) FILTER (WHERE superseded_at IS NULL),
              count(*) FILTER (WHERE superseded_at IS NULL AND cardinality(logic_errors) = 0),
              count(*) FILTER (WHERE version = 1),
              count(*) FILTER (WHERE version = 1 AND created_at <= ((date + 1)::timestamp + make_interval(hours => $3)) AT TIME ZONE 'Asia/Shanghai')
       FROM subsidies.parcel_counts WHERE centre_id = $1 AND date = ANY($2::date[])
       GROUP BY county_code, date ORDER BY county_code, date
       ON CONFLICT (county_code, date) DO UPDATE SET
         counted = EXCLUDED.counted, current_rows = EXCLUDED.current_rows, logic_ok_rows = EXCLUDED.logic_ok_rows,
         first_reports = EXCLUDED.first_reports, first_reports_on_time = EXCLUDED.first_reports_on_time`,
      [centreId, dates, this.config.REPORT_DEADLINE_HOURS],
    );
  }

  private async lockedPeriods(manager: EntityManager, county: string): Promise<Array<{ start: string; end: string }>> {
    return manager.query(`SELECT period_start::text AS start, period_end::text AS "end" FROM subsidies.claims WHERE county_code = $1 AND status = ANY($2)`, [
      county,
      LOCKING_STATUSES,
    ]);
  }

  private async currentVersions(manager: EntityManager, centreId: string, rows: ParcelCountRowDto[]): Promise<Map<string, CurrentRow>> {
    if (rows.length === 0) return new Map();
    const found: CurrentRow[] = await manager.query(
      `SELECT c.id, c.date::text AS date, c.brand, c.direction, c.items, c.weight_kg, c.version
       FROM subsidies.parcel_counts c
       JOIN unnest($2::date[], $3::text[], $4::text[]) AS k(date, brand, direction)
         ON c.date = k.date AND c.brand = k.brand AND c.direction = k.direction
       WHERE c.centre_id = $1 AND c.superseded_at IS NULL`,
      [centreId, rows.map((r) => r.date), rows.map((r) => r.brand), rows.map((r) => r.direction)],
    );
    return new Map(found.map((r) => [key(r.date, r.brand, r.direction), r]));
  }
}

/** Rows received, refused and stored by business date (a row without a real date counts under today). */
function countTallies(county: string, today: string, reports: Record<string, unknown>[], rejected: RowErrorDto[], versions: NewVersion[]): Map<string, Tally> {
  const refused = new Set(rejected.map((r) => r.index));
  const tallies = new Map<string, Tally>();
  const tally = (date: string) => {
    let t = tallies.get(`${county}|${date}`);
    if (!t) tallies.set(`${county}|${date}`, (t = { received: 0, accepted: 0, duplicates: 0, rejected: 0, vouched: 0 }));
    return t;
  };
  reports.forEach((raw, index) => {
    const t = tally(typeof raw.date === 'string' && isCalendarDate(raw.date) ? raw.date : today);
    t.received++;
    if (refused.has(index)) t.rejected++;
  });
  for (const v of versions) tally(v.row.date).accepted++;
  return tallies;
}

function toDto(c: ParcelCount): ParcelCountDto {
  return {
    id: c.id,
    centreId: c.centreId,
    countyCode: c.countyCode,
    date: c.date,
    brand: c.brand,
    direction: c.direction,
    items: c.items,
    weightKg: c.weightKg,
    version: c.version,
    reason: c.reason,
    reportedBy: c.reportedBy,
    reportedAt: c.createdAt.toISOString(),
    supersededAt: c.supersededAt ? c.supersededAt.toISOString() : null,
    logicOk: c.logicErrors.length === 0,
    logicErrors: c.logicErrors,
  };
}
