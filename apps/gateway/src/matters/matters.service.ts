import { Injectable, Logger } from '@nestjs/common';
import { MatterDto, MattersDto, OPEN_LICENCE_APPLICATION_STATUSES, Role, type RectificationStatus, shanghaiToday, Subjects } from '@app/contracts';

/** Orders not yet accepted or closed: with the party, or its answer with staff. */
const OPEN_RECTIFICATION_STATUSES: readonly RectificationStatus[] = ['open', 'returned', 'escalated', 'responded'];
import { RequestMeta, ServiceRequester } from '@app/messaging';
import { IdentityService } from '../identity/identity.service.js';
import { byDueDate, greenReportsOwed } from './matters.rules.js';

const PAGE = 200;
const LICENCE_KIND_ZH: Record<string, string> = { new: '新办', change: '变更', renewal: '延续', cancellation: '注销' };

/**
 * One place for an organisation's open matters (一次办好): asks each service that holds some,
 * as the caller, and merges them by due date. Each role asks only the subjects its role may
 * (a courier its licence applications, outlets and green reports; a county centre its
 * claims), and every service checks the caller again. A service that does not answer leaves
 * its matters out and is named in `unavailable`, instead of failing the whole list.
 */
@Injectable()
export class MattersService {
  private readonly logger = new Logger(MattersService.name);

  constructor(
    private readonly bus: ServiceRequester,
    private readonly identity: IdentityService,
  ) {}

  async of(meta: RequestMeta): Promise<MattersDto> {
    const sources: Record<string, () => Promise<MatterDto[]>> =
      meta.principal?.role === Role.Courier
        ? {
            'licence-applications': () => this.licenceApplications(meta),
            outlets: () => this.outletFilings(meta),
            'green-reports': () => this.greenReports(meta),
            rectifications: () => this.rectifications(meta),
          }
        : { 'subsidy-claims': () => this.claims(meta), rectifications: () => this.rectifications(meta) };
    const names = Object.keys(sources);
    const settled = await Promise.allSettled(names.map((name) => sources[name]()));
    const items: MatterDto[] = [];
    const unavailable: string[] = [];
    settled.forEach((result, i) => {
      if (result.status === 'fulfilled') items.push(...result.value);
      else {
        this.logger.warn({ source: names[i], err: String(result.reason) }, 'a source of my matters did not answer');
        unavailable.push(names[i]);
      }
    });
    return { items: items.sort(byDueDate), unavailable };
  }

  private async licenceApplications(meta: RequestMeta): Promise<MatterDto[]> {
    const actingUscc = await this.identity.courierUscc(meta.principal);
    if (!actingUscc) return [];
    const page = await this.bus.request(Subjects.supervision.licenceApplicationsList, { limit: PAGE, actingUscc }, meta);
    return page.items
      .filter((a) => OPEN_LICENCE_APPLICATION_STATUSES.includes(a.status))
      .map((a) => ({
        kind: 'licence_application' as const,
        id: a.id,
        title: `快递业务经营许可${LICENCE_KIND_ZH[a.kind] ?? a.kind}申请 ${a.applicationNo}`,
        status: a.status,
        nextStep: a.nextStep ?? '',
        dueOn: a.dueOn,
        weekdaysOnlyYears: a.weekdaysOnlyYears,
        href: `/api/v1/licence-applications/${a.id}`,
      }));
  }

  private async outletFilings(meta: RequestMeta): Promise<MatterDto[]> {
    const page = await this.bus.request(Subjects.outlets.outletsList, { limit: PAGE, status: 'submitted' }, meta);
    const matters: MatterDto[] = [];
    for (const o of page.items) {
      if (o.pendingVersion === null) continue;
      const detail = await this.bus.request(Subjects.outlets.outletsGet, { id: o.id }, meta);
      const pending = detail.versions.find((v) => v.version === o.pendingVersion);
      if (!pending) continue;
      const noticed = pending.noticeOn !== null;
      matters.push({
        kind: 'outlet_filing',
        id: o.id,
        title: `网点备案 ${o.name}`,
        status: noticed ? 'notice_of_missing_material' : pending.status,
        nextStep: noticed ? `applicant: supply the missing material (补正材料): ${pending.missingItems.join('；')}` : 'staff: file or reject (备案审核)',
        dueOn: pending.decisionDueOn,
        weekdaysOnlyYears: pending.weekdaysOnlyYears,
        href: `/api/v1/outlets/${o.id}`,
      });
    }
    return matters;
  }

  private async greenReports(meta: RequestMeta): Promise<MatterDto[]> {
    const courierUscc = await this.identity.courierUscc(meta.principal);
    if (!courierUscc) return [];
    const thisYear = Number(shanghaiToday().slice(0, 4));
    const years = [thisYear - 1, thisYear];
    const deadlines = (await Promise.all(years.map((year) => this.bus.request(Subjects.green.deadlinesList, { year }, meta)))).flatMap((d) => d.items);
    const filed = (await this.bus.request(Subjects.green.reportsList, { limit: PAGE, courierUscc }, meta)).items;
    return greenReportsOwed(
      deadlines,
      filed.filter((r) => years.includes(r.year)),
    ).map((d) => ({
      kind: 'green_report' as const,
      id: d.returnedId,
      title: `${d.year}年度绿色包装与碳排放报告`,
      status: d.returnedId ? 'returned' : 'due',
      nextStep: d.returnedId ? 'applicant: correct and file the next version (更正后重新报送)' : 'applicant: file the annual report (报送年度报告)',
      dueOn: d.dueDate,
      weekdaysOnlyYears: [],
      href: d.returnedId ? `/api/v1/green-reports/${d.returnedId}` : '/api/v1/green-reports',
    }));
  }

  /**
   * Rectification orders against the caller (责令整改): a courier's are those against its
   * enterprise or outlets, a county centre's those against the centre; supervision picks
   * them by party, and an order still with the party or with staff is open.
   */
  private async rectifications(meta: RequestMeta): Promise<MatterDto[]> {
    const actingUscc = meta.principal?.role === Role.Courier ? await this.identity.courierUscc(meta.principal) : undefined;
    if (meta.principal?.role === Role.Courier && !actingUscc) return [];
    const page = await this.bus.request(Subjects.supervision.rectificationsList, { limit: PAGE, ...(actingUscc ? { actingUscc } : {}) }, meta);
    return page.items
      .filter((o) => OPEN_RECTIFICATION_STATUSES.includes(o.status))
      .map((o) => ({
        kind: 'rectification' as const,
        id: o.id,
        title: `责令整改 ${o.number}（${o.subjectName}）`,
        status: o.overdue ? 'overdue' : o.status,
        nextStep: o.status === 'responded' ? 'staff: accept or return the correction (审核整改情况)' : 'party: correct and report the correction (整改并报告)',
        dueOn: o.dueDate,
        weekdaysOnlyYears: [],
        href: `/api/v1/rectifications/${o.id}`,
      }));
  }

  private async claims(meta: RequestMeta): Promise<MatterDto[]> {
    const matters: MatterDto[] = [];
    for (const status of ['draft', 'returned'] as const) {
      const page = await this.bus.request(Subjects.subsidies.claimsList, { limit: PAGE, status }, meta);
      for (const c of page.items) {
        matters.push({
          kind: 'subsidy_claim',
          id: c.id,
          title: `补助申请 ${c.countyCode} ${c.periodStart}—${c.periodEnd}`,
          status: c.status,
          nextStep: status === 'draft' ? 'county centre: submit the claim (提交申请)' : 'county centre: correct and resubmit (修改后重新提交)',
          dueOn: null,
          weekdaysOnlyYears: [],
          href: `/api/v1/subsidy-claims/${c.id}`,
        });
      }
    }
    return matters;
  }
}
