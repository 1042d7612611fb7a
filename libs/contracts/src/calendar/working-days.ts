import { addDays } from '../dates.js';
import { HOLIDAY_YEARS, HolidayYear } from './holidays.js';

/**
 * Working days of the Chinese calendar: Monday to Friday, minus the public holidays, plus
 * the weekend days declared working days (调休上班). A year without published data has no
 * calendar: its weekends alone are rest days, and `yearsWithoutCalendar` names it so that an
 * answer built on it can say so instead of passing a weekday-only count off as official.
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

  /** The years from `from`'s to `to`'s (inclusive) that have no calendar loaded, ascending. */
  yearsWithoutCalendar(from: string, to: string): number[] {
    const [a, b] = [Number(from.slice(0, 4)), Number(to.slice(0, 4))].sort((x, y) => x - y);
    const missing: number[] = [];
    for (let y = a; y <= b; y++) if (!this.years.has(y)) missing.push(y);
    return missing;
  }

  isWorkingDay(date: string): boolean {
    if (this.workdays.has(date)) return true;
    if (this.rest.has(date)) return false;
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  }

  /** The `n`th working day after `date` (the day itself does not count): "within n working days". */
  addWorkingDays(date: string, n: number): string {
    let d = date;
    for (let counted = 0; counted < n;) {
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
