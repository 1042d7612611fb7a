import { WorkingCalendar, workingCalendar } from './working-days.js';

describe('working days (Chinese public holidays and adjusted working days)', () => {
  const cal = workingCalendar;

  it('counts weekdays as working days and weekends as rest days', () => {
    expect(cal.isWorkingDay('2026-11-25')).toBe(true); // Wednesday
    expect(cal.isWorkingDay('2026-11-28')).toBe(false); // Saturday
    expect(cal.isWorkingDay('2026-11-29')).toBe(false); // Sunday
  });

  it('knows the 2025 and 2026 holidays and the weekend days worked instead', () => {
    expect(cal.isWorkingDay('2025-01-28')).toBe(false); // 春节 eve, Tuesday
    expect(cal.isWorkingDay('2025-01-26')).toBe(true); // Sunday worked
    expect(cal.isWorkingDay('2025-10-08')).toBe(false); // eighth day of 国庆/中秋
    expect(cal.isWorkingDay('2025-10-11')).toBe(true); // Saturday worked
    expect(cal.isWorkingDay('2026-02-23')).toBe(false); // Monday, last day of 春节
    expect(cal.isWorkingDay('2026-02-28')).toBe(true); // Saturday worked
    expect(cal.isWorkingDay('2026-10-07')).toBe(false);
    expect(cal.isWorkingDay('2026-10-10')).toBe(true);
  });

  it('adds working days after a date, skipping weekends and holidays', () => {
    expect(cal.addWorkingDays('2026-11-25', 5)).toBe('2026-12-02'); // Wed + 5 → next Wed
    expect(cal.addWorkingDays('2026-11-27', 2)).toBe('2026-12-01'); // Fri + 2 → Tue
    // submitted on Wednesday 9-30, the day before 国庆 2026 (10-01..10-07 off, Saturday 10-10 worked)
    expect(cal.addWorkingDays('2026-09-30', 1)).toBe('2026-10-08');
    expect(cal.addWorkingDays('2026-09-30', 3)).toBe('2026-10-10');
    expect(cal.addWorkingDays('2026-02-13', 1)).toBe('2026-02-14'); // Saturday worked before 春节
    expect(cal.addWorkingDays('2026-02-14', 1)).toBe('2026-02-24'); // first day back after 春节
  });

  it('moves a calendar-day period that ends on a rest day to the next working day', () => {
    expect(cal.periodEnd('2026-11-01', 20)).toBe('2026-11-23'); // 11-21 is Saturday → Monday
    expect(cal.periodEnd('2026-11-05', 20)).toBe('2026-11-25'); // a Wednesday stays
    expect(cal.periodEnd('2026-09-24', 10)).toBe('2026-10-08'); // 10-04 in 国庆 → 10-08
  });

  it('knows the 2023 and 2024 holidays of the State Council notices', () => {
    expect(cal.isWorkingDay('2023-01-02')).toBe(false); // Monday, 元旦
    expect(cal.isWorkingDay('2023-01-29')).toBe(true); // Sunday worked after 春节
    expect(cal.isWorkingDay('2023-04-05')).toBe(false); // Wednesday, 清明节
    expect(cal.isWorkingDay('2023-10-06')).toBe(false); // Friday, last day of 中秋/国庆
    expect(cal.isWorkingDay('2023-10-08')).toBe(true); // Sunday worked
    expect(cal.isWorkingDay('2024-02-16')).toBe(false); // Friday in 春节
    expect(cal.isWorkingDay('2024-02-18')).toBe(true); // Sunday worked
    expect(cal.isWorkingDay('2024-06-10')).toBe(false); // Monday, 端午节
    expect(cal.isWorkingDay('2024-09-14')).toBe(true); // Saturday worked before 中秋
    expect(cal.isWorkingDay('2024-10-12')).toBe(true); // Saturday worked after 国庆
    // a filing submitted on Thursday 2024-09-26: five working days are 9-27, 9-29 (Sunday worked), 9-30, 10-08, 10-09
    expect(cal.addWorkingDays('2024-09-26', 5)).toBe('2024-10-09');
    expect(cal.addWorkingDays('2023-09-27', 2)).toBe('2023-10-07'); // 9-28, then the Saturday worked
    for (const year of [2023, 2024, 2025, 2026]) expect(cal.yearsWithoutCalendar(`${year}-01-01`, `${year}-12-31`)).toEqual([]);
  });

  it('counts weekends only in a year without a calendar, and names that year', () => {
    const bare = new WorkingCalendar([]);
    expect(bare.isWorkingDay('2026-10-01')).toBe(true);
    expect(bare.yearsWithoutCalendar('2026-12-30', '2026-10-01')).toEqual([2026]);
    expect(workingCalendar.years.has(2027)).toBe(false);
    expect(cal.isWorkingDay('2027-10-01')).toBe(true); // a Friday, no 2027 data yet
    expect(cal.yearsWithoutCalendar('2026-12-28', cal.addWorkingDays('2026-12-28', 5))).toEqual([2027]);
    expect(cal.yearsWithoutCalendar('2022-12-30', '2023-01-04')).toEqual([2022]);
    expect(cal.yearsWithoutCalendar('2026-11-25', '2026-12-02')).toEqual([]);
  });
});
