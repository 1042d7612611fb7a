import { COUNTY_CODE } from '@app/contracts';
import type { FilingType } from '@app/contracts';
import { daysBetween, WorkingCalendar, workingCalendar } from '@app/contracts';

/**
 * Statutory times of terminal outlet filing (State Post Bureau, 快递末端网点备案暂行规定, 2018):
 * the operator files within 20 days of opening and files a change (or closure) within 10
 * days; the administration decides within 5 working days and names missing material once,
 * within 2 working days.
 */
const FILING_TIMES = {
  openingDays: 20,
  changeDays: 10,
  decisionWorkingDays: 5,
  noticeWorkingDays: 2,
} as const;

export interface FilingDates {
  /** by when the operator had to file */
  dueOn: string;
  late: boolean;
  /** by when the administration must decide; null for a closure, which needs no decision */
  decisionDueOn: string | null;
  /** by when missing material must be named; null for a closure */
  noticeDueOn: string | null;
}

export function filingDates(type: FilingType, effectiveOn: string, submittedOn: string, calendar: WorkingCalendar = workingCalendar): FilingDates {
  const days = type === 'initial' ? FILING_TIMES.openingDays : FILING_TIMES.changeDays;
  const dueOn = calendar.periodEnd(effectiveOn, days);
  const decided = type !== 'closure';
  return {
    dueOn,
    late: submittedOn > dueOn,
    decisionDueOn: decided ? calendar.addWorkingDays(submittedOn, FILING_TIMES.decisionWorkingDays) : null,
    noticeDueOn: decided ? calendar.addWorkingDays(submittedOn, FILING_TIMES.noticeWorkingDays) : null,
  };
}

/** Days from a due date to `asOf` (0 or less when not yet past). */
export function daysOverdue(dueOn: string, asOf: string): number {
  return daysBetween(dueOn, asOf);
}

/**
 * Filing receipt number (备案回执编号): `FILE-<county code>-<year>-<sequence>`, e.g.
 * `FILE-140821-2026-000123`. The sequence runs per county and year from 1 without gaps; it
 * is allocated in the transaction that files the outlet, and the number never changes.
 */
const RECEIPT_NO_PATTERN = /^FILE-(\d{6})-(\d{4})-(\d{6,})$/;

export function receiptNumber(countyCode: string, year: number, sequence: number): string {
  if (!COUNTY_CODE.test(countyCode)) throw new Error(`not a county code of the province: ${countyCode}`);
  if (!Number.isInteger(sequence) || sequence < 1) throw new Error(`sequence must be a positive integer: ${sequence}`);
  return `FILE-${countyCode}-${year}-${String(sequence).padStart(6, '0')}`;
}

export function parseReceiptNumber(receiptNo: string): { countyCode: string; year: number; sequence: number } | null {
  const m = RECEIPT_NO_PATTERN.exec(receiptNo);
  // a receipt of another province's county is not one of this deployment's
  return m && COUNTY_CODE.test(m[1]) ? { countyCode: m[1], year: Number(m[2]), sequence: Number(m[3]) } : null;
}
