import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository, SelectQueryBuilder } from 'typeorm';
import {
  DomainError,
  EnterpriseResponseDto,
  EventTypes,
  GreenDecisionMessage,
  GreenFileDto,
  GreenReportEvent,
  GreenReportListItemDto,
  GreenReportPageDto,
  GreenReportResponseDto,
  GreenReportVersionDto,
  ListGreenReportsMessage,
  Principal,
  Role,
  shanghaiToday,
  SubmitGreenReportMessage,
  UploadGreenReportMessage,
} from '@app/contracts';
import { paginate } from '@app/database';
import { AuditTrail, Outbox } from '@app/events';
import type { RequestMeta } from '@app/messaging';
import { regions } from '@app/regions';
import { co2eOf } from '../emissions/emissions.rules.js';
import { FactorSetsService } from '../emissions/factor-sets.service.js';
import { DeadlinesService } from '../deadlines/deadlines.service.js';
import { SupervisionClient } from '@app/supervision-client';
import { buildTemplate, parseUpload, XLSX_TYPE } from '../xlsx/report-template.js';
import { GreenReport, GreenReportVersion } from './report.entity.js';
import { eventOf, figuresOf, figuresOfVersion, flatFigures, headerDto, versionDto } from './report.view.js';
import {
  computeRates,
  partWholeProblems,
  periodEnd,
  plasticReduction,
  quarterConsistencyProblems,
  Quarter,
  QUARTERS,
  regionsOverlap,
  ReportFigures,
  statedFlags,
} from './green.rules.js';

/** Who may see a report: admin all; staff and auditors their region; a courier its own enterprise's. */
export interface ReportScope {
  principal: Principal;
  courierUscc?: string;
}

@Injectable()
export class ReportsService {
  constructor(
    @InjectRepository(GreenReport) private readonly reports: Repository<GreenReport>,
    @InjectRepository(GreenReportVersion) private readonly versions: Repository<GreenReportVersion>,
    private readonly dataSource: DataSource,
    private readonly factorSets: FactorSetsService,
    private readonly deadlines: DeadlinesService,
    private readonly supervision: SupervisionClient,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
  ) {}

  /**
   * Files a report, or the next version of the report the enterprise already has for the
   * year, period and region. Refused once that report is accepted.
   */
  async submit(input: SubmitGreenReportMessage, meta: RequestMeta): Promise<GreenReportResponseDto> {
    const principal = meta.principal as Principal;
    checkRegionAndPeriod(input.year, input.period, input.regionCode);
    const figures = figuresOf(input);
    const parts = partWholeProblems(figures);
    if (parts.length) throw DomainError.rule('PART_EXCEEDS_WHOLE', 'a part is larger than its whole', parts);
    const enterprise = await this.resolveEnterprise(input, principal, meta);

    const [factorSet, refs] = await Promise.all([this.factorSets.current(), this.factorSets.refs()]);
    const co2 = co2eOf(figures.energy, factorSet.factors);
    const rates = computeRates(figures);
    const stated = input.stated && Object.keys(input.stated).length ? { ...input.stated } : null;
    const flags = statedFlags(stated, { ...rates, co2eKg: co2.co2eKg });

    const id = await this.dataSource.transaction(async (manager) => {
      // one filing at a time per enterprise and year: the cross-report checks read its other reports
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`green:${enterprise.id}:${input.year}`]);
      const replayed = await this.filedWithKey(manager, principal, meta.idempotencyKey);
      if (replayed) return replayed;
      const key = { enterpriseId: enterprise.id, year: input.year, period: input.period, regionCode: input.regionCode };
      const existing = await manager.findOneBy(GreenReport, key);
      if (existing?.status === 'accepted') {
        throw DomainError.conflict(
          'REPORT_ACCEPTED',
          `the ${input.period} ${input.year} report for region ${input.regionCode} was accepted (version ${existing.currentVersion}); it can no longer be changed`,
        );
      }
      await this.checkAgainstOtherReports(manager, key, figures);
      const previousYear = await this.currentFigures(manager, { ...key, year: input.year - 1 });

      const now = new Date();
      let report: GreenReport;
      let before: GreenReportVersion | null = null;
      if (existing) {
        before = await manager.findOneByOrFail(GreenReportVersion, { reportId: existing.id, version: existing.currentVersion });
        if (before.status === 'submitted') await manager.update(GreenReportVersion, { id: before.id }, { status: 'superseded' });
        existing.currentVersion += 1;
        existing.status = 'submitted';
        existing.enterpriseName = enterprise.name;
        existing.updatedAt = now;
        report = await manager.save(existing);
      } else {
        report = await manager.save(
          manager.create(GreenReport, {
            ...key,
            enterpriseUscc: enterprise.uscc,
            enterpriseName: enterprise.name,
            status: 'submitted',
            currentVersion: 1,
            filedOn: shanghaiToday(now),
            createdBy: principal.sub,
            createdAt: now,
            updatedAt: now,
          }),
        );
      }
      const version = await manager.save(
        manager.create(GreenReportVersion, {
          reportId: report.id,
          version: report.currentVersion,
          status: 'submitted',
          ...flatFigures(figures),
          ...rates,
          plasticReduction: previousYear ? plasticReduction(figures, { year: input.year - 1, ...previousYear }) : null,
          co2eKg: co2.co2eKg,
          co2eByCarrier: co2.byCarrier,
          factorSetId: factorSet.ref.id,
          stated,
          flags,
          note: input.note ?? null,
          submittedBy: principal.sub,
          submittedOrg: principal.orgId,
          submittedAt: now,
          decidedBy: null,
          decidedAt: null,
          decisionReason: null,
          idempotencyKey: meta.idempotencyKey ?? null,
        }),
      );
      await this.audit.record(
        manager,
        {
          action: 'green-report.submitted',
          objectType: 'green-report',
          objectId: report.id,
          before: before ? versionDto(before, refs) : undefined,
          after: versionDto(version, refs),
        },
        meta,
      );
      await this.outbox.add<GreenReportEvent>(manager, EventTypes.greenReportSubmitted, eventOf(report, version), meta);
      return report.id;
    });
    return this.get(id, { principal, courierUscc: input.courierUscc });
  }

  /** A filled-in XLSX template, filed exactly like the JSON body. */
  async upload(input: UploadGreenReportMessage, meta: RequestMeta): Promise<GreenReportResponseDto> {
    const body = await parseUpload(Buffer.from(input.fileBase64, 'base64'));
    return this.submit(Object.assign(new SubmitGreenReportMessage(), body, { courierUscc: input.courierUscc }), meta);
  }

  async template(): Promise<GreenFileDto> {
    return { filename: 'green-report-template.xlsx', contentType: XLSX_TYPE, base64: (await buildTemplate()).toString('base64') };
  }

  async decide(input: GreenDecisionMessage, meta: RequestMeta): Promise<GreenReportResponseDto> {
    const principal = meta.principal as Principal;
    if (input.decision === 'return' && !input.reason?.trim()) {
      throw new DomainError(400, 'VALIDATION_FAILED', 'a returned report needs a reason', [{ field: 'reason', message: 'required when returning a report' }]);
    }
    await this.dataSource.transaction(async (manager) => {
      const report = await manager.findOne(GreenReport, { where: { id: input.id }, lock: { mode: 'pessimistic_write' } });
      if (!report || !visible(report, { principal })) throw DomainError.notFound('green report');
      if (input.version !== undefined && input.version !== report.currentVersion) {
        throw DomainError.conflict('VERSION_CHANGED', `version ${input.version} is no longer current; the current version is ${report.currentVersion}`);
      }
      const version = await manager.findOneByOrFail(GreenReportVersion, { reportId: report.id, version: report.currentVersion });
      if (version.status !== 'submitted') {
        throw DomainError.conflict('INVALID_STATE', `version ${version.version} is ${version.status}; only a submitted version can be accepted or returned`);
      }
      const to = input.decision === 'accept' ? 'accepted' : 'returned';
      const now = new Date();
      await manager.update(
        GreenReportVersion,
        { id: version.id },
        { status: to, decidedBy: principal.sub, decidedAt: now, decisionReason: input.reason?.trim() || null },
      );
      await manager.update(GreenReport, { id: report.id }, { status: to, updatedAt: now });
      await this.audit.record(
        manager,
        {
          action: `green-report.${to}`,
          objectType: 'green-report',
          objectId: report.id,
          before: { version: version.version, status: version.status },
          after: { version: version.version, status: to, reason: input.reason?.trim() ?? null },
        },
        meta,
      );
      await this.outbox.add<GreenReportEvent>(
        manager,
        to === 'accepted' ? EventTypes.greenReportAccepted : EventTypes.greenReportReturned,
        eventOf({ ...report, status: to }, version),
        meta,
      );
    });
    return this.get(input.id, { principal });
  }

  async get(id: string, scope: ReportScope): Promise<GreenReportResponseDto> {
    const report = await this.reports.findOneBy({ id });
    if (!report || !visible(report, scope)) throw DomainError.notFound('green report');
    const [all, refs, dueDate] = await Promise.all([
      this.versions.find({ where: { reportId: id }, order: { version: 'ASC' } }),
      this.factorSets.refs(),
      this.deadlines.dueDate(report.year, report.period),
    ]);
    const versions = all.map((v) => versionDto(v, refs));
    const current = versions.find((v) => v.version === report.currentVersion) as GreenReportVersionDto;
    return { ...headerDto(report, current, dueDate), versions };
  }

  async list(query: ListGreenReportsMessage, principal: Principal): Promise<GreenReportPageDto> {
    const qb = this.reports.createQueryBuilder('r');
    scopeQuery(qb, { principal, courierUscc: query.courierUscc });
    if (query.year !== undefined) qb.andWhere('r.year = :year', { year: query.year });
    if (query.period) qb.andWhere('r.period = :period', { period: query.period });
    if (query.status) qb.andWhere('r.status = :status', { status: query.status });
    if (query.enterpriseId) qb.andWhere('r.enterprise_id = :enterpriseId', { enterpriseId: query.enterpriseId });
    if (query.regionCode) qb.andWhere('r.region_code LIKE :region', { region: `${query.regionCode}%` });
    const page = await paginate(qb, query);
    if (page.items.length === 0) return { items: [], nextCursor: null };
    const [current, refs, due] = await Promise.all([
      this.versions
        .createQueryBuilder('v')
        .innerJoin(GreenReport, 'r', 'r.id = v.report_id AND r.current_version = v.version')
        .where('v.report_id IN (:...ids)', { ids: page.items.map((r) => r.id) })
        .getMany(),
      this.factorSets.refs(),
      this.deadlines.dueDates(page.items),
    ]);
    const byReport = new Map(current.map((v) => [v.reportId, v]));
    const items: GreenReportListItemDto[] = page.items.map((r) => {
      const version = versionDto(byReport.get(r.id) as GreenReportVersion, refs);
      return headerDto(r, version, due.get(`${r.year}:${r.period}`) as string);
    });
    return { items, nextCursor: page.nextCursor };
  }

  /**
   * The report a filing with this Idempotency-Key by this principal already went into, if
   * any: a retry the gateway could not answer from its own store (it died mid-request) adds
   * no second version. Read under the enterprise-year lock, so a concurrent retry waits.
   */
  private async filedWithKey(manager: EntityManager, principal: Principal, key: string | undefined): Promise<string | null> {
    if (!key) return null;
    const found = await manager.findOneBy(GreenReportVersion, { submittedBy: principal.sub, idempotencyKey: key });
    return found?.reportId ?? null;
  }

  private async resolveEnterprise(input: SubmitGreenReportMessage, principal: Principal, meta: RequestMeta): Promise<EnterpriseResponseDto> {
    if (principal.role === Role.Courier) {
      if (!input.courierUscc) throw DomainError.forbidden('this courier account’s organisation has no credit code, so it is tied to no enterprise');
      const own = await this.supervision.enterpriseByUscc(input.courierUscc, meta);
      if (!own) {
        throw DomainError.rule(
          'ENTERPRISE_NOT_REGISTERED',
          `no registered express enterprise has the credit code ${input.courierUscc} of your organisation; it must be registered before it files`,
        );
      }
      if (input.enterpriseId && input.enterpriseId !== own.id) throw DomainError.forbidden('a courier files only for its own enterprise');
      return own;
    }
    if (!input.enterpriseId) {
      throw DomainError.rule('ENTERPRISE_REQUIRED', 'an administrator files on behalf of an enterprise and must name it', [
        { field: 'enterpriseId', message: 'required when an administrator files' },
      ]);
    }
    const enterprise = await this.supervision.enterprise(input.enterpriseId, meta);
    if (!enterprise) {
      throw DomainError.rule('UNKNOWN_ENTERPRISE', `enterprise ${input.enterpriseId} is not registered`, [
        { field: 'enterpriseId', message: 'not a registered enterprise' },
      ]);
    }
    return enterprise;
  }

  /** Region overlap with the enterprise's other reports of the period, and quarters against the annual report. */
  private async checkAgainstOtherReports(
    manager: EntityManager,
    key: { enterpriseId: string; year: number; period: SubmitGreenReportMessage['period']; regionCode: string },
    figures: ReportFigures,
  ): Promise<void> {
    const siblings = await manager.findBy(GreenReport, { enterpriseId: key.enterpriseId, year: key.year });
    const overlapping = siblings.find((s) => s.period === key.period && regionsOverlap(s.regionCode, key.regionCode));
    if (overlapping) {
      throw DomainError.conflict(
        'REGION_OVERLAP',
        `the enterprise already filed the ${key.period} ${key.year} report for region ${overlapping.regionCode}, which overlaps ${key.regionCode}; ` +
          'file either one report for the larger region or reports for regions that do not contain each other',
      );
    }
    const sameRegion = siblings.filter((s) => s.regionCode === key.regionCode && s.status !== 'returned');
    const figuresOfPeriod = async (period: string) => {
      const report = sameRegion.find((s) => s.period === period);
      if (!report) return undefined;
      const v = await manager.findOneByOrFail(GreenReportVersion, { reportId: report.id, version: report.currentVersion });
      return figuresOfVersion(v);
    };
    const annual = key.period === 'annual' ? figures : await figuresOfPeriod('annual');
    if (!annual) return;
    const quarters: Partial<Record<Quarter, ReportFigures>> = {};
    for (const q of QUARTERS) {
      const f = q === key.period ? figures : await figuresOfPeriod(q);
      if (f) quarters[q] = f;
    }
    const problems = quarterConsistencyProblems(annual, quarters);
    if (problems.length) {
      throw DomainError.rule(
        'QUARTERS_INCONSISTENT',
        key.period === 'annual'
          ? 'the annual figures do not match the quarterly reports already filed'
          : `with this ${key.period} report the quarters no longer match the annual report`,
        problems,
      );
    }
  }

  /** Figures of the current, not returned, version of a report, for the previous-year comparison. */
  private async currentFigures(
    manager: EntityManager,
    key: { enterpriseId: string; year: number; period: string; regionCode: string },
  ): Promise<{ reportId: string; version: number; plasticBagsUsed: number; singleUsePlasticItems: number | null } | null> {
    const report = await manager.findOneBy(GreenReport, { ...key, period: key.period as GreenReport['period'] });
    if (!report || report.status === 'returned') return null;
    const v = await manager.findOneByOrFail(GreenReportVersion, { reportId: report.id, version: report.currentVersion });
    return { reportId: report.id, version: v.version, plasticBagsUsed: v.plasticBagsUsed, singleUsePlasticItems: v.singleUsePlasticItems };
  }
}

function checkRegionAndPeriod(year: number, period: SubmitGreenReportMessage['period'], regionCode: string): void {
  if (!regions().has(regionCode, 'province', 'city', 'county')) {
    throw DomainError.rule('UNKNOWN_REGION', `region ${regionCode} is not a province, city or county code of the province`, [
      { field: 'regionCode', message: 'not a known province, city or county code' },
    ]);
  }
  const end = periodEnd(year, period);
  if (shanghaiToday() <= end) {
    throw DomainError.rule('PERIOD_NOT_ENDED', `the ${period} ${year} period ends on ${end}; report it after that day`, [
      { field: 'period', message: `the period has not ended (it ends on ${end})` },
    ]);
  }
}

function visible(report: GreenReport, scope: ReportScope): boolean {
  const { principal } = scope;
  switch (principal.role) {
    case Role.Admin:
      return true;
    case Role.Staff:
    case Role.Auditor:
      return report.regionCode.startsWith(principal.regionCode);
    case Role.Courier:
      return !!scope.courierUscc && report.enterpriseUscc === scope.courierUscc;
    default:
      return false;
  }
}

function scopeQuery(qb: SelectQueryBuilder<GreenReport>, scope: ReportScope): void {
  const { principal } = scope;
  switch (principal.role) {
    case Role.Admin:
      return;
    case Role.Staff:
    case Role.Auditor:
      qb.andWhere('r.region_code LIKE :scope', { scope: `${principal.regionCode}%` });
      return;
    case Role.Courier:
      if (!scope.courierUscc) throw DomainError.forbidden('this courier account’s organisation has no credit code, so it is tied to no enterprise');
      qb.andWhere('r.enterprise_uscc = :uscc', { uscc: scope.courierUscc });
      return;
    default:
      throw DomainError.forbidden();
  }
}
