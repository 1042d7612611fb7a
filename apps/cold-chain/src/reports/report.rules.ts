import { type ZoneKind } from '@app/contracts';
import type { RuleViolation } from '../facilities/facility.rules.js';

/** First day of the month after `month` (YYYY-MM), as YYYY-MM-DD. */
export function nextMonthStart(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

/** Last day of `month`, YYYY-MM-DD. */
export function monthEnd(month: string): string {
  const next = new Date(`${nextMonthStart(month)}T00:00:00Z`);
  return new Date(next.getTime() - 86_400_000).toISOString().slice(0, 10);
}

export function minutesInMonth(month: string): number {
  return Number(monthEnd(month).slice(8, 10)) * 24 * 60;
}

export interface ExcursionFacts {
  zone: ZoneKind;
  count: number;
  longestMinutes: number;
}

export function excursionTotals(excursions: ExcursionFacts[]): { count: number; longestMinutes: number } {
  return {
    count: excursions.reduce((sum, e) => sum + e.count, 0),
    longestMinutes: excursions.reduce((max, e) => Math.max(max, e.longestMinutes), 0),
  };
}

/**
 * A monthly operating report is accepted for a month that has ended, by which the facility
 * had started operating; average utilisation is at most 100 % of the registered capacity;
 * each excursion names a zone the facility has, at most once, with a count and a longest
 * duration that agree (none, or some lasting at least a minute) and fit in the month.
 */
export function reportViolations(
  report: { month: string; avgUtilisationPct: number; excursions: ExcursionFacts[] },
  facility: { zones: ZoneKind[]; firstOperatingOn: string | null },
  today: string,
): RuleViolation[] {
  const out: RuleViolation[] = [];
  if (today < nextMonthStart(report.month)) {
    out.push({ code: 'MONTH_NOT_ENDED', field: 'month', message: `month ${report.month} has not ended yet; a report covers a whole month` });
  }
  const end = monthEnd(report.month);
  if (facility.firstOperatingOn === null || facility.firstOperatingOn > end) {
    out.push({
      code: 'NOT_OPERATING',
      field: 'month',
      message:
        facility.firstOperatingOn === null
          ? 'the facility has never been operating, so it has no operating report to file'
          : `the facility started operating on ${facility.firstOperatingOn}, after ${report.month}`,
    });
  }
  if (report.avgUtilisationPct > 100) {
    out.push({
      code: 'UTILISATION_ABOVE_100',
      field: 'avgUtilisationPct',
      message: `average utilisation ${report.avgUtilisationPct} % is above 100 %: a facility cannot hold more than its registered capacity; check the figure or correct the capacity`,
    });
  }
  const seen = new Set<ZoneKind>();
  const minutes = minutesInMonth(report.month);
  report.excursions.forEach((e, i) => {
    const at = `excursions.${i}`;
    if (!facility.zones.includes(e.zone)) {
      out.push({
        code: 'EXCURSION_ZONE',
        field: `${at}.zone`,
        message: `the facility has no ${e.zone} zone (its zones: ${facility.zones.join(', ')}); an excursion belongs to a zone the facility has`,
      });
    }
    if (seen.has(e.zone)) out.push({ code: 'DUPLICATE_ZONE', field: `${at}.zone`, message: `zone ${e.zone} is listed twice; give its total count once` });
    seen.add(e.zone);
    if (e.count === 0 && e.longestMinutes > 0) {
      out.push({ code: 'EXCURSION_FIGURES', field: `${at}.longestMinutes`, message: 'no excursions cannot have a longest duration; longestMinutes must be 0' });
    }
    if (e.count > 0 && e.longestMinutes === 0) {
      out.push({ code: 'EXCURSION_FIGURES', field: `${at}.longestMinutes`, message: `${e.count} excursion(s) need the longest one's duration in minutes` });
    }
    if (e.longestMinutes > minutes) {
      out.push({
        code: 'EXCURSION_FIGURES',
        field: `${at}.longestMinutes`,
        message: `${e.longestMinutes} minutes is longer than ${report.month} (${minutes} minutes)`,
      });
    }
  });
  return out;
}
