import { HOLIDAY_YEARS, HolidayYear } from './holidays.js';

const DAY_MS = 86_400_000;

function toTime(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

function fromTime(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** `date` plus `days` calendar days (negative goes back). */
export function addDays(date: string, days: number): string {
  return fromTime(toTime(date) + days * DAY_MS);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toTime(to) - toTime(from)) / DAY_MS);
}

/**
 * Working days of the Chinese calendar: Monday to Friday, minus the public holidays, plus
 * the weekend days declared working days (调休上班). Years without published data count
 * weekends only.
 */
export class WorkingCalendar {
  private readonly rest = new Set<string>();
  private readonly workdays = new Set<string>();
  readonly years: ReadonlySet<number>;

  constructor(years: readonly HolidayYear[] = HOLIDAY_YEARS) {
    for (const year of years) {
      for (const range of year.rest) {
        for (let d = range.from; d <= range.to; d = addDays(d, 1)) this.rest.add(d);
      }
      for (const d of year.workdays) this.workdays.add(d);
    }
    this.years = new Set(years.map((y) => y.year));
  }

  isWorkingDay(date: string): boolean {
    if (this.workdays.has(date)) return true;
    if (this.rest.has(date)) return false;
    const weekday = new Date(toTime(date)).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  }

  /** The `n`th working day after `date` (the day itself does not count): "within n working days". */
  addWorkingDays(date: string, n: number): string {
    let d = date;
    for (let counted = 0; counted < n; ) {
      d = addDays(d, 1);
      if (this.isWorkingDay(d)) counted++;
    }
    return d;
  }

  /** `date` itself when it is a working day, else the next working day. */
  nextWorkingDayFrom(date: string): string {
    let d = date;
    while (!this.isWorkingDay(d)) d = addDays(d, 1);
    return d;
  }

  /**
   * The last day of a period of `days` calendar days starting after `date`. A period that
   * ends on a rest day ends on the next working day instead (民法典 第二百零三条: 期间的最后一日是
   * 法定休假日的，以法定休假日结束的次日为期间的最后一日).
   */
  periodEnd(date: string, days: number): string {
    return this.nextWorkingDayFrom(addDays(date, days));
  }
}

export const workingCalendar = new WorkingCalendar();
