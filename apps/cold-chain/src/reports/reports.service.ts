import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { randomUUID } from 'node:crypto';
import {
  DomainError,
  EventTypes,
  type FacilityReportFiledEvent,
  type FileReportMessage,
  type ListReportsMessage,
  type OperatingReportDto,
  type OperatingReportListDto,
  shanghaiToday,
} from '@app/contracts';
import { AuditTrail, Outbox } from '@app/events';
import type { RequestMeta } from '@app/messaging';
import { Facility, StatusChange, TemperatureZone } from '../facilities/facility.entity.js';
import { assertWriteScope, FacilitiesService } from '../facilities/facilities.service.js';
import { violationError } from '../facilities/facility.view.js';
import { OperatingReport } from './report.entity.js';
import { operatingReportDto } from './report.view.js';
import { excursionTotals, reportViolations } from './report.rules.js';

@Injectable()
export class ReportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly facilities: FacilitiesService,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
  ) {}

  async file(input: FileReportMessage, meta: RequestMeta): Promise<OperatingReportDto> {
    const retried =
      meta.idempotencyKey &&
      meta.principal &&
      (await this.dataSource.getRepository(OperatingReport).findOneBy({ filedBy: meta.principal.sub, idempotencyKey: meta.idempotencyKey }));
    if (retried) return operatingReportDto(retried, false);
    const report = await this.dataSource.transaction(async (manager) => {
      const f = await this.facilities.lock(manager, input.facilityId);
      assertWriteScope(meta.principal, f.regionCode);
      const zones = await manager.findBy(TemperatureZone, { facilityId: f.id });
      const firstOperating = await manager.findOne(StatusChange, {
        where: { facilityId: f.id, toStatus: 'operating' },
        order: { effectiveDate: 'ASC', seq: 'ASC' },
      });
      const violations = reportViolations(input, { zones: zones.map((z) => z.zone), firstOperatingOn: firstOperating?.effectiveDate ?? null }, shanghaiToday());
      if (violations.length > 0) throw violationError(violations);
      const month = `${input.month}-01`;
      const previous = await manager.findOne(OperatingReport, { where: { facilityId: f.id, month }, order: { version: 'DESC' } });
      if (previous && !input.correctionReason) {
        throw DomainError.conflict(
          'REPORT_EXISTS',
          `${input.month} was reported on ${previous.createdAt.toISOString().slice(0, 10)} (version ${previous.version}); send correctionReason to file a correction`,
        );
      }
      const totals = excursionTotals(input.excursions);
      const saved: OperatingReport = {
        id: randomUUID(),
        facilityId: f.id,
        month,
        version: (previous?.version ?? 0) + 1,
        throughputTonnes: input.throughputTonnes,
        avgUtilisationPct: input.avgUtilisationPct,
        excursions: input.excursions.map((e) => ({ zone: e.zone, count: e.count, longestMinutes: e.longestMinutes })),
        excursionCount: totals.count,
        longestExcursionMinutes: totals.longestMinutes,
        correctionReason: input.correctionReason ?? null,
        filedBy: meta.principal?.sub ?? 'system',
        idempotencyKey: meta.idempotencyKey ?? null,
        createdAt: new Date(),
      };
      await manager.insert(OperatingReport, saved);
      const stored = await manager.findOneByOrFail(OperatingReport, { id: saved.id });
      const response = operatingReportDto(stored, false);
      await this.audit.record(
        manager,
        {
          action: previous ? 'report.corrected' : 'report.filed',
          objectType: 'report',
          objectId: saved.id,
          before: previous ? operatingReportDto(previous, true) : undefined,
          after: response,
        },
        meta,
      );
      await this.outbox.add<FacilityReportFiledEvent>(
        manager,
        EventTypes.facilityReportFiled,
        {
          facilityId: f.id,
          kind: f.kind,
          regionCode: f.regionCode,
          countyCode: f.countyCode,
          status: f.status,
          capacityTonnes: f.capacityTonnes,
          designatedAt: f.designatedAt,
          date: shanghaiToday(),
          reportId: saved.id,
          month: input.month,
          version: saved.version,
          throughputTonnes: saved.throughputTonnes,
          avgUtilisationPct: saved.avgUtilisationPct,
          excursionCount: totals.count,
          longestExcursionMinutes: totals.longestMinutes,
        },
        meta,
      );
      return response;
    });
    return report;
  }

  async list(query: ListReportsMessage): Promise<OperatingReportListDto> {
    if (!(await this.dataSource.getRepository(Facility).existsBy({ id: query.facilityId }))) throw DomainError.notFound('facility');
    const qb = this.dataSource
      .getRepository(OperatingReport)
      .createQueryBuilder('r')
      .where('r.facility_id = :id', { id: query.facilityId })
      .orderBy('r.month', 'DESC')
      .addOrderBy('r.version', 'DESC');
    if (query.from) qb.andWhere('r.month >= :from', { from: `${query.from}-01` });
    if (query.to) qb.andWhere('r.month <= :to', { to: `${query.to}-01` });
    const latest = new Map<string, number>();
    const items: OperatingReportDto[] = [];
    for (const r of await qb.getMany()) {
      const superseded = latest.has(r.month);
      if (!superseded) latest.set(r.month, r.version);
      if (!superseded || query.allVersions === 'true') items.push(operatingReportDto(r, superseded));
    }
    return { items };
  }
}
