import fc from 'fast-check';
import { deliveryDays, deliveryTime, HALF_DAY_MS, nextDayDeadline, parseInstant, shanghaiDay } from './delivery-time.rules.js';

const at = (text: string) => {
  const ms = parseInstant(text);
  if (ms === null) throw new Error(`not an instant: ${text}`);
  return ms;
};

describe('parseInstant', () => {
  it('reads RFC 3339 date-times with an offset, with or without seconds and fractions', () => {
    expect(at('2023-06-01T08:30:00+08:00')).toBe(Date.UTC(2023, 5, 1, 0, 30));
    expect(at('2023-06-01T00:30Z')).toBe(Date.UTC(2023, 5, 1, 0, 30));
    expect(at('2023-06-01T00:30:15.5Z')).toBe(Date.UTC(2023, 5, 1, 0, 30, 15, 500));
    expect(at('2023-05-31T20:00:00-04:00')).toBe(Date.UTC(2023, 6 - 1, 1, 0, 0));
  });

  it.each([
    ['no offset', '2023-06-01T08:30:00'],
    ['a space for T', '2023-06-01 08:30:00Z'],
    ['30 February', '2023-02-30T10:00:00Z'],
    ['29 February of a common year', '2023-02-29T10:00:00Z'],
    ['24:00', '2023-06-01T24:00:00Z'],
    ['minute 60', '2023-06-01T10:60:00Z'],
    ['offset past 14 h', '2023-06-01T10:00:00+15:00'],
    ['a date only', '2023-06-01'],
    ['more than 3 fraction digits', '2023-06-01T10:00:00.1234Z'],
  ])('refuses %s', (_, text) => expect(parseInstant(text)).toBeNull());

  it('accepts 29 February of a leap year', () => expect(parseInstant('2024-02-29T10:00:00Z')).toBe(Date.UTC(2024, 1, 29, 10)));
});

describe('deliveryTime', () => {
  it('half day: at most 12 hours after pick-up, 12 h exactly included', () => {
    const p = at('2023-06-01T09:00:00+08:00');
    expect(deliveryTime(p, p + HALF_DAY_MS).halfDay).toBe(true);
    expect(deliveryTime(p, p + HALF_DAY_MS + 1).halfDay).toBe(false);
  });

  it('next day: before the end of the calendar day after pick-up in Asia/Shanghai', () => {
    // picked up 1 June 23:50 Beijing time (15:50 UTC): the next day ends 2 June 24:00 Beijing time
    const p = at('2023-06-01T23:50:00+08:00');
    expect(nextDayDeadline(p)).toBe(at('2023-06-03T00:00:00+08:00'));
    expect(deliveryTime(p, at('2023-06-02T23:59:59.999+08:00')).nextDay).toBe(true);
    expect(deliveryTime(p, at('2023-06-03T00:00:00+08:00')).nextDay).toBe(false);
    // the UTC day would give another answer: picked up 2 June 00:10 Beijing (1 June 16:10 UTC)
    const early = at('2023-06-02T00:10:00+08:00');
    expect(deliveryTime(early, at('2023-06-03T20:00:00+08:00')).nextDay).toBe(true);
    expect(deliveryTime(early, at('2023-06-04T00:00:00+08:00')).nextDay).toBe(false);
  });

  it('a late-evening pick-up delivered the next morning is both', () => {
    expect(deliveryTime(at('2023-06-01T22:00:00+08:00'), at('2023-06-02T09:00:00+08:00'))).toEqual({ halfDay: true, nextDay: true });
  });

  it('every half-day delivery is a next-day delivery (property)', () => {
    const from = Date.UTC(2020, 0, 1);
    fc.assert(
      fc.property(fc.integer({ min: from, max: from + 5 * 365 * 86_400_000 }), fc.integer({ min: 0, max: 4 * 86_400_000 }), (p, lag) => {
        const t = deliveryTime(p, p + lag);
        return !t.halfDay || t.nextDay;
      }),
      { numRuns: 2000 },
    );
  });
});

describe('deliveryDays', () => {
  /**
   * The fixture of test/supervision.e2e-spec.ts's delivery-time case, counted by hand:
   * county 140821, picked up 1 June (Beijing): 4 timed rows
   *   a 09:00 → 20:00 same day (11 h): half day, next day
   *   b 09:00 → 2 June 08:00 (23 h): next day only
   *   c 23:30 → 2 June 11:30 (12 h exactly): half day, next day
   *   d 10:00 → 3 June 09:00: neither
   * county 140821, picked up 2 June 00:30 Beijing (1 June 16:30 UTC): delivered 3 June 18:00: next day only
   * county 140822, picked up 1 June: 1 timed row, 3 h: both; 1 row with a pick-up time only: not timed
   */
  const fixture = {
    countyCode: ['140821', '140821', '140821', '140821', '140821', '140822', '140822', '140821'],
    pickedUpAt: [
      at('2023-06-01T09:00:00+08:00'),
      at('2023-06-01T09:00:00+08:00'),
      at('2023-06-01T23:30:00+08:00'),
      at('2023-06-01T10:00:00+08:00'),
      at('2023-06-02T00:30:00+08:00'),
      at('2023-06-01T09:00:00+08:00'),
      at('2023-06-01T09:00:00+08:00'),
      at('2023-06-01T09:00:00+08:00'),
    ],
    deliveredAt: [
      at('2023-06-01T20:00:00+08:00'),
      at('2023-06-02T08:00:00+08:00'),
      at('2023-06-02T11:30:00+08:00'),
      at('2023-06-03T09:00:00+08:00'),
      at('2023-06-03T18:00:00+08:00'),
      at('2023-06-01T12:00:00+08:00'),
      null,
      at('2023-06-01T10:00:00+08:00'),
    ],
  };

  it('counts timed waybills by county and Beijing pick-up day, leaving out rows not stored', () => {
    // the last row is a province duplicate: not stored, not counted
    const days = deliveryDays(fixture, [7]);
    expect(days).toEqual([
      { countyCode: '140821', date: '2023-06-01', timed: 4, halfDay: 2, nextDay: 3 },
      { countyCode: '140821', date: '2023-06-02', timed: 1, halfDay: 0, nextDay: 1 },
      { countyCode: '140822', date: '2023-06-01', timed: 1, halfDay: 1, nextDay: 1 },
    ]);
    // county 140821 in June: half day 2/5 = 0.4, next day 4/5 = 0.8; 140822: 1 and 1
  });

  it('names the pick-up day in Asia/Shanghai', () => {
    expect(shanghaiDay(at('2023-06-01T16:30:00Z'))).toBe('2023-06-02');
    expect(shanghaiDay(at('2023-06-01T15:59:59.999Z'))).toBe('2023-06-01');
  });

  it('halfDay ≤ nextDay ≤ timed, and timed = rows with both times (property)', () => {
    const row = fc.record({
      county: fc.constantFrom('140821', '140822'),
      p: fc.integer({ min: Date.UTC(2023, 0, 1), max: Date.UTC(2023, 11, 31) }),
      lag: fc.option(fc.integer({ min: 0, max: 3 * 86_400_000 }), { nil: null }),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 60 }), (rows) => {
        const days = deliveryDays(
          {
            countyCode: rows.map((r) => r.county),
            pickedUpAt: rows.map((r) => r.p),
            deliveredAt: rows.map((r) => (r.lag === null ? null : r.p + r.lag)),
          },
          [],
        );
        const timed = days.reduce((s, d) => s + d.timed, 0);
        return timed === rows.filter((r) => r.lag !== null).length && days.every((d) => d.halfDay <= d.nextDay && d.nextDay <= d.timed && d.timed > 0);
      }),
      { numRuns: 500 },
    );
  });
});
