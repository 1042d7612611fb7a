import fc from 'fast-check';
import { uploadRate } from '@app/quality';
import { assessTarget, belowThreshold, measuredPeriod, quarterBounds, rankUnits, unitScore } from './evaluation.rules.js';

describe('data-quality evaluation rules', () => {
  it('gives each quarter its calendar days, a leap February included', () => {
    expect(quarterBounds('2024-Q1')).toEqual({ from: '2024-01-01', to: '2024-03-31' });
    expect(quarterBounds('2024-Q2')).toEqual({ from: '2024-04-01', to: '2024-06-30' });
    expect(quarterBounds('2023-Q4')).toEqual({ from: '2023-10-01', to: '2023-12-31' });
    expect(() => quarterBounds('2024-Q5')).toThrow();
  });

  it('measures a quarter not yet over up to yesterday, and nothing of a quarter not begun', () => {
    expect(measuredPeriod('2024-Q1', '2026-11-28')).toEqual({ from: '2024-01-01', to: '2024-03-31' });
    expect(measuredPeriod('2026-Q4', '2026-11-28')).toEqual({ from: '2026-10-01', to: '2026-11-28' });
    expect(measuredPeriod('2026-Q4', '2026-10-01')).toEqual({ from: '2026-10-01', to: '2026-10-01' });
    expect(measuredPeriod('2026-Q4', '2026-09-30')).toBeNull();
  });

  it('scores the measured indicators only, a duplicate rate counting against the unit', () => {
    expect(unitScore({ uploadRate: { rate: 0 }, onTimeRate: null, crossMatchRate: { rate: null } })).toBe(0);
    expect(unitScore({ uploadRate: { rate: 1 }, duplicateRate: { rate: 0.2 } })).toBe(0.9);
    expect(unitScore({ uploadRate: null })).toBeNull();
    expect(unitScore({})).toBeNull();
  });

  it('puts a unit under the threshold on the action list, not one that could not be measured', () => {
    expect(belowThreshold(0, 0.8)).toBe(true);
    expect(belowThreshold(0.8, 0.8)).toBe(false);
    expect(belowThreshold(null, 0.8)).toBe(false);
  });

  it('ranks by score, ties sharing a rank, unmeasured units last', () => {
    const ranked = rankUnits([
      { id: 'c', score: 0.5 },
      { id: 'a', score: 0.9 },
      { id: 'd', score: null },
      { id: 'b', score: 0.5 },
    ]);
    expect(ranked.map((u) => [u.id, u.rank])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 2],
      ['d', null],
    ]);
  });

  it('assesses a target as met, not met or no data', () => {
    expect(assessTarget(12, { op: '>=', value: 10 })).toEqual({ assessment: 'met', progress: 1.2 });
    expect(assessTarget(40, { op: '<=', value: 50 })).toEqual({ assessment: 'met', progress: 0.8 });
    expect(assessTarget(9, { op: '>=', value: 10 })).toEqual({ assessment: 'not_met', progress: 0.9 });
    expect(assessTarget(null, { op: '>=', value: 10 })).toEqual({ assessment: 'no_data', progress: null });
  });

  it('ranks consistently with the scores and keeps every unit (property)', () => {
    const unit = fc.record({ id: fc.uuid(), score: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }) });
    fc.assert(
      fc.property(fc.uniqueArray(unit, { selector: (u) => u.id, maxLength: 40 }), (units) => {
        const ranked = rankUnits(units);
        expect(ranked).toHaveLength(units.length);
        expect(new Set(ranked.map((u) => u.id))).toEqual(new Set(units.map((u) => u.id)));
        for (const a of ranked) {
          expect(a.rank === null).toBe(a.score === null);
          for (const b of ranked) {
            if (a.score === null || b.score === null) continue;
            if (a.score > b.score) expect(a.rank as number).toBeLessThan(b.rank as number);
            if (a.score === b.score) expect(a.rank).toBe(b.rank);
          }
        }
        // a rank is 1 + the number of units scoring strictly higher
        for (const a of ranked.filter((u) => u.score !== null)) {
          expect(a.rank).toBe(1 + ranked.filter((b) => b.score !== null && (b.score as number) > (a.score as number)).length);
        }
      }),
    );
  });

  it('counts each obliged party once in the upload rate, a never-reporting one as 0 uploaded (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 120 }), { maxLength: 50 }), fc.integer({ min: 1, max: 92 }), (uploadedDays, days) => {
        const parties = uploadedDays.map((d, i) => ({ id: String(i), uploadedDays: d }));
        const r = uploadRate(parties, days);
        expect(r.denominator).toBe(parties.length);
        expect(r.numerator).toBe(uploadedDays.filter((d) => d >= days).length);
        expect(r.numerator).toBeLessThanOrEqual(r.denominator);
        for (const [i, p] of r.perParty.entries()) {
          if (uploadedDays[i] === 0) expect(p).toMatchObject({ rate: 0, uploaded: false });
          expect(p.rate as number).toBeGreaterThanOrEqual(0);
          expect(p.rate as number).toBeLessThanOrEqual(1);
        }
        const score = unitScore({ uploadRate: r });
        if (parties.length > 0) expect(score).toBe(r.rate);
        else expect(score).toBeNull();
      }),
    );
  });
});
