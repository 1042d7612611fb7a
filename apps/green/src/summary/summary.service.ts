import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { GreenFileDto, GreenFilingStatusDto, GreenPeriod, GreenSummaryDto, GreenTargetDto, shanghaiToday } from '@app/contracts';
import type { RequestMeta } from '@app/messaging';
import { XLSX_TYPE } from '../xlsx/report-template.js';
import { summaryWorkbook } from '../xlsx/summary-export.js';
import { DeadlinesService } from '../deadlines/deadlines.service.js';
import { SupervisionClient } from '@app/supervision-client';
import { CompanyYear, expectedToFile, lateness, rankCompanies, ratio, round3 } from '../reports/green.rules.js';

interface CompanyRow {
  enterprise_id: string;
  enterprise_name: string;
  parcels: string;
  e_waybills: string;
  transit_bags_total: string;
  recyclable_transit_bags: string;
  plastic_bags_used: string;
  plastic_bags_recovered: string;
  vehicles_total: string;
  vehicles_new_energy: string;
  co2e_kg: string;
  accepted: string;
  reports: string;
}

interface FiledRow {
  report_id: string;
  enterprise_id: string;
  enterprise_name: string;
  region_code: string;
  filed_on: string;
}

interface TargetRow {
  key: string;
  op: '>=' | 'rising';
  value: string | null;
  metric_zh: string;
  document: string;
  clause: string;
  quote: string;
  source_year: number | null;
}

const DOCUMENTS: Record<string, string> = {
  '001': '001 山西省关于加快电子商务体系和快递物流配送体系贯通发展行动计划',
  '003': '003 济南市电子商务与快递物流协同发展实施方案',
};

const BASIS = 'the current version of each annual report whose status is submitted or accepted; returned reports wait for their corrected version';

/** Province-wide figures, targets, ranking and filing status, in set-based SQL over the reports. */
@Injectable()
export class SummaryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly deadlines: DeadlinesService,
    private readonly supervision: SupervisionClient,
  ) {}

  async summary(year: number, meta: RequestMeta): Promise<GreenSummaryDto> {
    const [companies, previous, returned, targets, filing] = await Promise.all([
      this.companyTotals(year),
      this.companyTotals(year - 1),
      this.dataSource.query(`SELECT count(*)::int AS n FROM green.reports WHERE year = $1 AND period = 'annual' AND status = 'returned'`, [year]),
      this.dataSource.query(`SELECT * FROM green.targets ORDER BY key`) as Promise<TargetRow[]>,
      this.filingStatus(year, 'annual', meta),
    ]);
    const sum = (rows: CompanyRow[], col: keyof CompanyRow) => rows.reduce((acc, r) => acc + Number(r[col]), 0);
    const totals = {
      parcels: sum(companies, 'parcels'),
      eWaybills: sum(companies, 'e_waybills'),
      transitBagsTotal: sum(companies, 'transit_bags_total'),
      recyclableTransitBags: sum(companies, 'recyclable_transit_bags'),
      plasticBagsUsed: sum(companies, 'plastic_bags_used'),
      plasticBagsRecovered: sum(companies, 'plastic_bags_recovered'),
      vehiclesTotal: sum(companies, 'vehicles_total'),
      vehiclesNewEnergy: sum(companies, 'vehicles_new_energy'),
      co2eKg: round3(sum(companies, 'co2e_kg')),
    };
    const eWaybillRate = ratio(totals.eWaybills, totals.parcels);
    const recyclableBagRate = ratio(totals.recyclableTransitBags, totals.transitBagsTotal);
    const newEnergyShare = ratio(totals.vehiclesNewEnergy, totals.vehiclesTotal);
    const previousNewEnergyShare = ratio(sum(previous, 'vehicles_new_energy'), sum(previous, 'vehicles_total'));
    const values: Record<string, number | null> = {
      e_waybill_rate: eWaybillRate,
      recyclable_transit_bag_rate: recyclableBagRate,
      new_energy_share: newEnergyShare,
    };
    const targetDtos: GreenTargetDto[] = targets.map((t) => {
      const value = values[t.key] ?? null;
      const target = t.op === 'rising' ? previousNewEnergyShare : Number(t.value);
      const met = value === null || target === null ? null : t.op === 'rising' ? value > target : value >= target;
      const where = t.source_year ? ` (${t.source_year} target, applied province-wide)` : '';
      return {
        key: t.key,
        metric: t.metric_zh,
        op: t.op,
        target,
        value,
        met,
        source: `${DOCUMENTS[t.document] ?? t.document} ${t.clause}: ${t.quote}${where}`,
      };
    });
    const threshold = (key: string) => Number(targets.find((t) => t.key === key)?.value);
    const lateIds = new Set(filing.lateFilers.map((l) => l.enterpriseId));
    const previousShare = new Map(previous.map((p) => [p.enterprise_id, ratio(Number(p.vehicles_new_energy), Number(p.vehicles_total))]));
    const ranking = rankCompanies(
      companies.map((c): CompanyYear => ({
        enterpriseId: c.enterprise_id,
        enterpriseName: c.enterprise_name,
        parcels: Number(c.parcels),
        eWaybills: Number(c.e_waybills),
        transitBagsTotal: Number(c.transit_bags_total),
        recyclableTransitBags: Number(c.recyclable_transit_bags),
        vehiclesTotal: Number(c.vehicles_total),
        vehiclesNewEnergy: Number(c.vehicles_new_energy),
        co2eKg: Number(c.co2e_kg),
        previousNewEnergyShare: previousShare.get(c.enterprise_id) ?? null,
        late: lateIds.has(c.enterprise_id),
      })),
      { eWaybillRate: threshold('e_waybill_rate'), recyclableBagRate: threshold('recyclable_transit_bag_rate') },
    );
    return {
      year,
      basis: BASIS,
      reportsCounted: companies.reduce((n, c) => n + Number(c.reports), 0),
      reportsAccepted: companies.reduce((n, c) => n + Number(c.accepted), 0),
      reportsReturned: (returned as Array<{ n: number }>)[0].n,
      totals,
      eWaybillRate,
      recyclableBagRate,
      newEnergyShare,
      previousNewEnergyShare,
      targets: targetDtos,
      ranking,
      filing,
    };
  }

  async export(year: number, meta: RequestMeta): Promise<GreenFileDto> {
    const buffer = await summaryWorkbook(await this.summary(year, meta));
    return { filename: `green-report-summary-${year}.xlsx`, contentType: XLSX_TYPE, base64: buffer.toString('base64') };
  }

  /**
   * Who filed for a year and period, who filed late (first filing after the due date) and
   * who is missing: enterprises of the registry whose licence overlaps the period and is not
   * revoked, with no report for it.
   */
  async filingStatus(year: number, period: GreenPeriod, meta: RequestMeta): Promise<GreenFilingStatusDto> {
    const [dueDate, filed, registry] = await Promise.all([
      this.deadlines.dueDate(year, period),
      this.dataSource.query(
        `SELECT id AS report_id, enterprise_id, enterprise_name, region_code, to_char(filed_on, 'YYYY-MM-DD') AS filed_on
         FROM green.reports WHERE year = $1 AND period = $2 ORDER BY filed_on, enterprise_name, region_code`,
        [year, period],
      ) as Promise<FiledRow[]>,
      this.supervision.enterprises(meta),
    ]);
    const asOf = shanghaiToday();
    const firstFiled = new Map<string, string>();
    for (const r of filed) if (!firstFiled.has(r.enterprise_id)) firstFiled.set(r.enterprise_id, r.filed_on);
    const lateFilers = filed
      .map((r) => ({ r, ...lateness(r.filed_on, dueDate) }))
      .filter((x) => x.late)
      .sort((a, b) => b.daysLate - a.daysLate || a.r.enterprise_name.localeCompare(b.r.enterprise_name, 'zh'))
      .map(({ r, daysLate }) => ({
        enterpriseId: r.enterprise_id,
        enterpriseName: r.enterprise_name,
        reportId: r.report_id,
        regionCode: r.region_code,
        filedOn: r.filed_on,
        daysLate,
      }));
    const missingFilers = registry
      .filter((e) => expectedToFile(e.licence, year, period) && !firstFiled.has(e.id))
      .sort((a, b) => a.name.localeCompare(b.name, 'zh'))
      .map((e) => ({ enterpriseId: e.id, enterpriseName: e.name, uscc: e.uscc, brand: e.brand }));
    const expectedIds = new Set(registry.filter((e) => expectedToFile(e.licence, year, period)).map((e) => e.id));
    return {
      year,
      period,
      dueDate,
      asOf,
      overdue: asOf > dueDate,
      expected: expectedIds.size,
      filed: firstFiled.size,
      onTime: [...firstFiled.values()].filter((d) => d <= dueDate).length,
      lateFilers,
      missingFilers,
    };
  }

  /** Per enterprise, the sums over the current countable versions of its annual reports. */
  private companyTotals(year: number): Promise<CompanyRow[]> {
    return this.dataSource.query(
      `SELECT r.enterprise_id, min(r.enterprise_name) AS enterprise_name,
              sum(v.parcels) AS parcels, sum(v.e_waybills) AS e_waybills,
              sum(v.transit_bags_total) AS transit_bags_total, sum(v.recyclable_transit_bags) AS recyclable_transit_bags,
              sum(v.plastic_bags_used) AS plastic_bags_used, sum(v.plastic_bags_recovered) AS plastic_bags_recovered,
              sum(v.vehicles_total) AS vehicles_total, sum(v.vehicles_new_energy) AS vehicles_new_energy,
              sum(v.co2e_kg) AS co2e_kg, count(*) FILTER (WHERE r.status = 'accepted') AS accepted,
              count(*) AS reports
       FROM green.reports r
       JOIN green.report_versions v ON v.report_id = r.id AND v.version = r.current_version
       WHERE r.year = $1 AND r.period = 'annual' AND r.status IN ('submitted', 'accepted')
       GROUP BY r.enterprise_id`,
      [year],
    );
  }
}
