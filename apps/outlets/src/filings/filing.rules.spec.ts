import { WorkingCalendar } from '@app/contracts';
import { daysOverdue, filingDates, parseReceiptNumber, receiptNumber } from './filing.rules.js';

describe('filing rules: statutory dates', () => {
  it('dates a first filing: 20 days after opening, decision in 5 working days, notice in 2', () => {
    expect(filingDates('initial', '2026-11-05', '2026-11-25')).toEqual({
      dueOn: '2026-11-25',
      late: false,
      decisionDueOn: '2026-12-02',
      noticeDueOn: '2026-11-27',
    });
  });

  it('marks a first filing late when submitted after the period, which a weekend end extends', () => {
    // opened 2026-11-01: day 20 is Saturday 11-21, so the period ends Monday 11-23
    expect(filingDates('initial', '2026-11-01', '2026-11-23').late).toBe(false);
    expect(filingDates('initial', '2026-11-01', '2026-11-24').late).toBe(true);
  });

  it('gives a change 10 days and skips the holidays in the decision period', () => {
    const dates = filingDates('change', '2026-09-20', '2026-09-30');
    expect(dates.dueOn).toBe('2026-09-30');
    expect(dates.late).toBe(false);
    expect(dates.decisionDueOn).toBe('2026-10-13'); // 10-08, 10-09, 10-10 (Saturday worked), 10-12, 10-13
  });

  it('needs no decision for a closure', () => {
    const dates = filingDates('closure', '2026-11-20', '2026-11-25');
    expect(dates).toMatchObject({ dueOn: '2026-11-30', late: false, decisionDueOn: null, noticeDueOn: null });
  });

  it('counts weekends only with an empty holiday table', () => {
    const dates = filingDates('initial', '2026-09-29', '2026-09-30', new WorkingCalendar([]));
    expect(dates.decisionDueOn).toBe('2026-10-07');
  });

  it('counts days overdue from the due date', () => {
    expect(daysOverdue('2026-12-02', '2026-12-10')).toBe(8);
    expect(daysOverdue('2026-12-02', '2026-12-01')).toBe(-1);
  });
});

describe('filing rules: receipt numbers', () => {
  it('formats county, year and a zero-padded sequence', () => {
    expect(receiptNumber('140821', 2026, 123)).toBe('FILE-140821-2026-000123');
    expect(receiptNumber('140105', 2027, 1234567)).toBe('FILE-140105-2027-1234567');
  });

  it('parses what it formats and nothing else', () => {
    expect(parseReceiptNumber('FILE-140821-2026-000123')).toEqual({ countyCode: '140821', year: 2026, sequence: 123 });
    expect(parseReceiptNumber('FILE-110101-2026-000123')).toBeNull();
    expect(parseReceiptNumber('FILE-140821-2026-12')).toBeNull();
  });

  it('refuses a non-Shanxi county and a non-positive sequence', () => {
    expect(() => receiptNumber('110101', 2026, 1)).toThrow(/county/);
    expect(() => receiptNumber('140821', 2026, 0)).toThrow(/sequence/);
  });
});
