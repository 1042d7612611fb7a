import { addDays, daysBetween } from './dates.js';

describe('business-date arithmetic', () => {
  it('adds days across months, years and a leap day', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2023-03-01', -1)).toBe('2023-02-28');
    expect(addDays('2026-11-20', 0)).toBe('2026-11-20');
  });

  it('counts the days between two dates, signed', () => {
    expect(daysBetween('2026-11-20', '2026-12-10')).toBe(20);
    expect(daysBetween('2026-12-10', '2026-11-20')).toBe(-20);
    expect(daysBetween('2023-02-28', '2023-03-01')).toBe(1);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2023-06-01', '2023-06-01')).toBe(0);
  });

  it('undoes addDays', () => {
    for (const days of [-400, -1, 0, 1, 59, 366]) expect(daysBetween('2024-01-15', addDays('2024-01-15', days))).toBe(days);
  });
});
