import { Principal, Role } from '@app/contracts';
import { allocate, averageFen, claimAmount, mayAct, nextStatus } from './claims.rules.js';

const none = { items: 0, amountFen: 0 };
const bigBudget = 1_000_000_000;

describe('claimAmount: the 0.5 yuan average ceiling and the county budget, in integer fen', () => {
  it('pays the gross when the rate is under the ceiling and the budget suffices', () => {
    const r = claimAmount({
      lines: [{ direction: 'downstream', rateFen: 40, reportedItems: 1000, items: 1000 }],
      avgCeilingFen: 50,
      prior: none,
      budgetFen: bigBudget,
    });
    expect(r).toMatchObject({ items: 1000, grossFen: 40_000, amountFen: 40_000, avgFen: 40, cappedBy: null });
  });

  it('caps a rate above the ceiling at ceiling × items', () => {
    const r = claimAmount({
      lines: [{ direction: 'upstream', rateFen: 80, reportedItems: 1000, items: 1000 }],
      avgCeilingFen: 50,
      prior: none,
      budgetFen: bigBudget,
    });
    expect(r).toMatchObject({ grossFen: 80_000, amountFen: 50_000, avgFen: 50, cappedBy: 'ceiling', ceilingHeadroomFen: 50_000 });
  });

  it('leaves mixed directions alone when their average is under the ceiling, though one rate is above it', () => {
    const r = claimAmount({
      lines: [
        { direction: 'upstream', rateFen: 60, reportedItems: 1000, items: 1000 },
        { direction: 'downstream', rateFen: 40, reportedItems: 3000, items: 3000 },
      ],
      avgCeilingFen: 50,
      prior: none,
      budgetFen: bigBudget,
    });
    expect(r).toMatchObject({ items: 4000, grossFen: 180_000, amountFen: 180_000, avgFen: 45, cappedBy: null });
    expect(r.lines.map((l) => l.amountFen)).toEqual([60_000, 120_000]);
  });

  it('caps mixed directions whose average is over the ceiling', () => {
    const r = claimAmount({
      lines: [
        { direction: 'upstream', rateFen: 70, reportedItems: 3000, items: 3000 },
        { direction: 'downstream', rateFen: 40, reportedItems: 1000, items: 1000 },
      ],
      avgCeilingFen: 50,
      prior: none,
      budgetFen: bigBudget,
    });
    expect(r).toMatchObject({ grossFen: 250_000, amountFen: 200_000, cappedBy: 'ceiling', avgFen: 50 });
    expect(r.lines[0].amountFen + r.lines[1].amountFen).toBe(200_000);
    expect(r.lines.map((l) => l.amountFen)).toEqual([168_000, 32_000]);
  });

  it('caps a second claim of the same year that would push the yearly average over the ceiling', () => {
    // first claim: 1000 items at 40 fen = 40,000 (avg 40); second: 1000 items at 70 fen = 70,000
    const r = claimAmount({
      lines: [{ direction: 'upstream', rateFen: 70, reportedItems: 1000, items: 1000 }],
      avgCeilingFen: 50,
      prior: { items: 1000, amountFen: 40_000 },
      budgetFen: bigBudget,
    });
    expect(r).toMatchObject({ grossFen: 70_000, amountFen: 60_000, cappedBy: 'ceiling', avgFen: 60 });
    // the year: (40,000 + 60,000) ÷ 2000 = 50 fen, exactly the ceiling
    expect((40_000 + r.amountFen) / (1000 + r.items)).toBe(50);
  });

  it('lets a second claim through whole when the year stays under the ceiling', () => {
    const r = claimAmount({
      lines: [{ direction: 'upstream', rateFen: 55, reportedItems: 1000, items: 1000 }],
      avgCeilingFen: 50,
      prior: { items: 1000, amountFen: 40_000 },
      budgetFen: bigBudget,
    });
    expect(r).toMatchObject({ amountFen: 55_000, cappedBy: null });
  });

  it('pays nothing when earlier claims already used up the ceiling for items they did not have', () => {
    const r = claimAmount({
      lines: [{ direction: 'upstream', rateFen: 50, reportedItems: 10, items: 10 }],
      avgCeilingFen: 50,
      prior: { items: 100, amountFen: 6_000 },
      budgetFen: bigBudget,
    });
    expect(r).toMatchObject({ amountFen: 0, cappedBy: 'ceiling', ceilingHeadroomFen: 0 });
  });

  it('caps by the budget when it is smaller than the ceiling-capped amount', () => {
    const r = claimAmount({
      lines: [{ direction: 'upstream', rateFen: 80, reportedItems: 1000, items: 1000 }],
      avgCeilingFen: 50,
      prior: { items: 500, amountFen: 20_000 },
      budgetFen: 45_000,
    });
    // ceiling headroom 50 × 1500 − 20,000 = 55,000; budget headroom 45,000 − 20,000 = 25,000
    expect(r).toMatchObject({ grossFen: 80_000, ceilingHeadroomFen: 55_000, budgetHeadroomFen: 25_000, amountFen: 25_000, cappedBy: 'budget', avgFen: 25 });
  });

  it('caps by the budget alone when the rate is under the ceiling', () => {
    const r = claimAmount({
      lines: [{ direction: 'downstream', rateFen: 30, reportedItems: 1000, items: 1000 }],
      avgCeilingFen: 50,
      prior: none,
      budgetFen: 12_345,
    });
    expect(r).toMatchObject({ amountFen: 12_345, cappedBy: 'budget' });
  });

  it('names the ceiling when both caps bite equally', () => {
    const r = claimAmount({
      lines: [{ direction: 'upstream', rateFen: 80, reportedItems: 100, items: 100 }],
      avgCeilingFen: 50,
      prior: none,
      budgetFen: 5_000,
    });
    expect(r).toMatchObject({ amountFen: 5_000, cappedBy: 'ceiling' });
  });

  it('rounds: the lines add up to the capped amount exactly, largest remainders first, and avgFen is floored to 0.01 fen', () => {
    // gross 3 × 33 + 3 × 34 = 201, under the ceiling (50 × 6 = 300); the budget caps it at 100
    const r = claimAmount({
      lines: [
        { direction: 'upstream', rateFen: 33, reportedItems: 3, items: 3 },
        { direction: 'downstream', rateFen: 34, reportedItems: 3, items: 3 },
      ],
      avgCeilingFen: 50,
      prior: none,
      budgetFen: 100,
    });
    expect(r).toMatchObject({ grossFen: 201, amountFen: 100, cappedBy: 'budget' });
    // exact shares 49.25… and 50.74…: floors 49 and 50, the one fen left goes to the larger remainder
    expect(r.lines.map((l) => l.amountFen)).toEqual([49, 51]);
    expect(r.avgFen).toBe(16.66);
  });

  it('keeps exact integers far beyond float fractions', () => {
    const r = claimAmount({
      lines: [{ direction: 'upstream', rateFen: 51, reportedItems: 90_000_000, items: 90_000_000 }],
      avgCeilingFen: 50,
      prior: { items: 3, amountFen: 151 },
      budgetFen: 10_000_000_000,
    });
    expect(r.amountFen).toBe(50 * 90_000_003 - 151);
    expect(Number.isInteger(r.amountFen)).toBe(true);
  });

  it('pays 0 for no items and refuses figures that are not whole fen', () => {
    expect(claimAmount({ lines: [], avgCeilingFen: 50, prior: none, budgetFen: 100 })).toMatchObject({ amountFen: 0, avgFen: 0, cappedBy: null });
    expect(() =>
      claimAmount({ lines: [{ direction: 'upstream', rateFen: 0.5, reportedItems: 1, items: 1 }], avgCeilingFen: 50, prior: none, budgetFen: 1 }),
    ).toThrow(RangeError);
  });
});

describe('allocate and averageFen', () => {
  it('splits by largest remainder, earlier lines first on ties', () => {
    expect(allocate(10n, [1n, 1n, 1n])).toEqual([4n, 3n, 3n]);
    expect(allocate(0n, [5n, 5n])).toEqual([0n, 0n]);
    expect(allocate(7n, [0n, 0n])).toEqual([0n, 0n]);
  });
  it('floors the average to 0.01 fen', () => {
    expect(averageFen(100, 3)).toBe(33.33);
    expect(averageFen(200, 3)).toBe(66.66);
    expect(averageFen(0, 0)).toBe(0);
  });
});

describe('claim workflow rules', () => {
  const county: Principal = { sub: 'c', role: Role.CountyCentre, orgId: 'o', regionCode: '140821' };
  const otherCounty: Principal = { ...county, regionCode: '140822' };
  const city: Principal = { sub: 's', role: Role.Staff, orgId: 'o', regionCode: '1408' };
  const otherCity: Principal = { ...city, regionCode: '1401' };
  const province: Principal = { ...city, regionCode: '14' };
  const admin: Principal = { sub: 'a', role: Role.Admin, orgId: null, regionCode: '14' };

  it('moves draft → submitted → reviewed → approved → paid and nothing else', () => {
    expect(nextStatus('draft', 'submit')).toBe('submitted');
    expect(nextStatus('submitted', 'review')).toBe('reviewed');
    expect(nextStatus('reviewed', 'approve')).toBe('approved');
    expect(nextStatus('approved', 'pay')).toBe('paid');
    expect(nextStatus('draft', 'approve')).toBeNull();
    expect(nextStatus('submitted', 'pay')).toBeNull();
    expect(nextStatus('paid', 'submit')).toBeNull();
    expect(nextStatus('returned', 'submit')).toBeNull();
  });

  it('returns only claims not yet approved', () => {
    expect(nextStatus('draft', 'return')).toBe('returned');
    expect(nextStatus('submitted', 'return')).toBe('returned');
    expect(nextStatus('reviewed', 'return')).toBe('returned');
    expect(nextStatus('approved', 'return')).toBeNull();
    expect(nextStatus('paid', 'return')).toBeNull();
  });

  it('gives each step to its level', () => {
    expect(mayAct(county, 'submit', 'draft', '140821')).toBe(true);
    expect(mayAct(otherCounty, 'submit', 'draft', '140821')).toBe(false);
    expect(mayAct(city, 'submit', 'draft', '140821')).toBe(false);
    expect(mayAct(city, 'review', 'submitted', '140821')).toBe(true);
    expect(mayAct(otherCity, 'review', 'submitted', '140821')).toBe(false);
    expect(mayAct(province, 'review', 'submitted', '140821')).toBe(false);
    expect(mayAct(county, 'review', 'submitted', '140821')).toBe(false);
    expect(mayAct(province, 'approve', 'reviewed', '140821')).toBe(true);
    expect(mayAct(city, 'approve', 'reviewed', '140821')).toBe(false);
    expect(mayAct(province, 'pay', 'approved', '140821')).toBe(true);
    expect(mayAct(county, 'pay', 'approved', '140821')).toBe(false);
    for (const action of ['submit', 'review', 'approve', 'pay', 'return'] as const) expect(mayAct(admin, action, 'draft', '140821')).toBe(true);
  });

  it('lets whoever holds the claim return it', () => {
    expect(mayAct(county, 'return', 'draft', '140821')).toBe(true);
    expect(mayAct(city, 'return', 'draft', '140821')).toBe(false);
    expect(mayAct(city, 'return', 'submitted', '140821')).toBe(true);
    expect(mayAct(province, 'return', 'submitted', '140821')).toBe(true);
    expect(mayAct(county, 'return', 'submitted', '140821')).toBe(false);
    expect(mayAct(city, 'return', 'reviewed', '140821')).toBe(false);
    expect(mayAct(province, 'return', 'reviewed', '140821')).toBe(true);
  });
});
