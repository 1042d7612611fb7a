import type { MatterDto } from '@app/contracts';
import { byDueDate, greenReportsOwed } from './matters.rules.js';

const matter = (title: string, dueOn: string | null): MatterDto => ({
  kind: 'outlet_filing',
  id: null,
  title,
  status: 's',
  nextStep: 'n',
  dueOn,
  weekdaysOnlyYears: [],
  href: '/',
});

describe('my matters', () => {
  it('puts the earliest due first and undated ones last, ties by title', () => {
    const sorted = [matter('c', null), matter('b', '2026-12-01'), matter('a', '2026-12-01'), matter('d', '2026-11-30')].sort(byDueDate);
    expect(sorted.map((m) => m.title)).toEqual(['d', 'a', 'b', 'c']);
  });

  it('owes an annual green report until a version is filed, and again while it is returned', () => {
    const deadlines = [
      { year: 2025, period: 'annual', dueDate: '2026-01-31' },
      { year: 2025, period: 'Q1', dueDate: '2025-04-30' },
      { year: 2026, period: 'annual', dueDate: '2027-01-31' },
    ];
    expect(greenReportsOwed(deadlines, [])).toEqual([
      { year: 2025, period: 'annual', dueDate: '2026-01-31', returnedId: null },
      { year: 2026, period: 'annual', dueDate: '2027-01-31', returnedId: null },
    ]);
    expect(greenReportsOwed(deadlines, [{ id: 'r1', year: 2025, period: 'annual', status: 'returned' }])[0]).toEqual({
      year: 2025,
      period: 'annual',
      dueDate: '2026-01-31',
      returnedId: 'r1',
    });
    expect(greenReportsOwed(deadlines, [{ id: 'r1', year: 2025, period: 'annual', status: 'submitted' }]).map((d) => d.year)).toEqual([2026]);
  });
});
