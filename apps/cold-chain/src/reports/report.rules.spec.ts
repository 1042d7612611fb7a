import { excursionTotals, minutesInMonth, monthEnd, nextMonthStart, reportViolations } from './report.rules.js';

const codes = (v: Array<{ code: string }>) => v.map((x) => x.code);
const facility = { zones: ['frozen' as const, 'chilled' as const], firstOperatingOn: '2024-03-15' };
const today = '2025-01-10';

describe('month arithmetic', () => {
  it('knows month ends, leap years and December', () => {
    expect(monthEnd('2024-02')).toBe('2024-02-29');
    expect(monthEnd('2023-02')).toBe('2023-02-28');
    expect(monthEnd('2024-12')).toBe('2024-12-31');
    expect(nextMonthStart('2024-12')).toBe('2025-01-01');
    expect(minutesInMonth('2024-04')).toBe(30 * 24 * 60);
  });
});

describe('monthly operating report rules', () => {
  it('accepts a sound report, from the month the facility started operating', () => {
    const v = reportViolations(
      {
        month: '2024-03',
        avgUtilisationPct: 100,
        excursions: [
          { zone: 'frozen', count: 2, longestMinutes: 40 },
          { zone: 'chilled', count: 0, longestMinutes: 0 },
        ],
      },
      facility,
      today,
    );
    expect(v).toEqual([]);
  });

  it('rejects utilisation above 100 % with a clear message', () => {
    const v = reportViolations({ month: '2024-05', avgUtilisationPct: 100.01, excursions: [] }, facility, today);
    expect(v).toEqual([expect.objectContaining({ code: 'UTILISATION_ABOVE_100', field: 'avgUtilisationPct' })]);
    expect(v[0].message).toMatch(/100.01 % is above 100 %/);
  });

  it('rejects excursions in a zone the facility lacks, naming the zones it has', () => {
    const v = reportViolations(
      { month: '2024-05', avgUtilisationPct: 50, excursions: [{ zone: 'controlled_atmosphere', count: 1, longestMinutes: 10 }] },
      facility,
      today,
    );
    expect(v).toEqual([expect.objectContaining({ code: 'EXCURSION_ZONE', field: 'excursions.0.zone' })]);
    expect(v[0].message).toMatch(/has no controlled_atmosphere zone \(its zones: frozen, chilled\)/);
  });

  it('keeps count and longest duration consistent and within the month', () => {
    expect(
      codes(reportViolations({ month: '2024-05', avgUtilisationPct: 5, excursions: [{ zone: 'frozen', count: 0, longestMinutes: 5 }] }, facility, today)),
    ).toEqual(['EXCURSION_FIGURES']);
    expect(
      codes(reportViolations({ month: '2024-05', avgUtilisationPct: 5, excursions: [{ zone: 'frozen', count: 3, longestMinutes: 0 }] }, facility, today)),
    ).toEqual(['EXCURSION_FIGURES']);
    expect(
      codes(
        reportViolations(
          { month: '2024-04', avgUtilisationPct: 5, excursions: [{ zone: 'frozen', count: 1, longestMinutes: 30 * 24 * 60 + 1 }] },
          facility,
          today,
        ),
      ),
    ).toEqual(['EXCURSION_FIGURES']);
    expect(
      codes(
        reportViolations(
          {
            month: '2024-05',
            avgUtilisationPct: 5,
            excursions: [
              { zone: 'frozen', count: 1, longestMinutes: 3 },
              { zone: 'frozen', count: 1, longestMinutes: 3 },
            ],
          },
          facility,
          today,
        ),
      ),
    ).toEqual(['DUPLICATE_ZONE']);
  });

  it('refuses a month that has not ended, or before the facility operated', () => {
    expect(codes(reportViolations({ month: '2025-01', avgUtilisationPct: 5, excursions: [] }, facility, today))).toEqual(['MONTH_NOT_ENDED']);
    expect(codes(reportViolations({ month: '2024-12', avgUtilisationPct: 5, excursions: [] }, facility, '2025-01-01'))).toEqual([]);
    expect(codes(reportViolations({ month: '2024-02', avgUtilisationPct: 5, excursions: [] }, facility, today))).toEqual(['NOT_OPERATING']);
    expect(
      reportViolations({ month: '2024-02', avgUtilisationPct: 5, excursions: [] }, { zones: ['frozen'], firstOperatingOn: null }, today)[0].message,
    ).toMatch(/never been operating/);
  });

  it('totals the excursions of all zones', () => {
    expect(
      excursionTotals([
        { zone: 'frozen', count: 2, longestMinutes: 40 },
        { zone: 'chilled', count: 3, longestMinutes: 15 },
      ]),
    ).toEqual({ count: 5, longestMinutes: 40 });
    expect(excursionTotals([])).toEqual({ count: 0, longestMinutes: 0 });
  });
});
