import { ageingWeight, creditStanding, EXAMPLE_SCHEME, levelOf, schemeProblems } from './credit.rules.js';

const TODAY = '2025-06-30';

describe('credit score', () => {
  it('starts at 100, level A, not under discipline', () => {
    expect(creditStanding([], false, TODAY)).toEqual({ score: 100, level: 'A', jointDiscipline: false, reasons: [] });
  });

  it('deducts points by severity, halves them in the second year and forgets them after two', () => {
    expect(ageingWeight('2025-01-01', TODAY)).toBe(1);
    expect(ageingWeight('2024-06-30', TODAY)).toBe(1);
    expect(ageingWeight('2024-06-29', TODAY)).toBe(0.5);
    expect(ageingWeight('2023-06-29', TODAY)).toBe(0);
    const records = [
      { severity: 'serious' as const, points: 15, occurredOn: '2025-03-01' },
      { severity: 'minor' as const, points: 5, occurredOn: '2024-01-01' },
      { severity: 'grave' as const, points: 40, occurredOn: '2022-01-01' },
    ];
    expect(creditStanding(records, false, TODAY)).toMatchObject({ score: 83, level: 'B', jointDiscipline: false });
  });

  it('puts an enterprise under joint discipline for a revoked licence, a recent grave record or a score below 60', () => {
    expect(creditStanding([], true, TODAY)).toMatchObject({ jointDiscipline: true, reasons: ['快递业务经营许可已被吊销'] });
    expect(creditStanding([{ severity: 'grave', points: 40, occurredOn: '2025-01-01' }], false, TODAY)).toMatchObject({
      score: 60,
      level: 'C',
      jointDiscipline: true,
    });
    expect(creditStanding([{ severity: 'grave', points: 40, occurredOn: '2024-01-01' }], false, TODAY)).toMatchObject({ score: 80, jointDiscipline: false });
    const many = Array.from({ length: 3 }, () => ({ severity: 'serious' as const, points: 15, occurredOn: '2025-05-01' }));
    expect(creditStanding(many, false, TODAY)).toMatchObject({ score: 55, level: 'D', jointDiscipline: true, reasons: ['信用分 55 低于 60'] });
    expect(
      creditStanding(
        Array.from({ length: 9 }, () => many[0]),
        false,
        TODAY,
      ).score,
    ).toBe(0);
  });

  it('grades levels at 90, 75 and 60', () => {
    expect([90, 89, 75, 74, 60, 59].map((s) => levelOf(s))).toEqual(['A', 'B', 'B', 'C', 'C', 'D']);
  });

  it('takes every number from the scheme: ageing, levels and the discipline line', () => {
    const strict = { ...EXAMPLE_SCHEME, fullDays: 30, halfDays: 60, halfWeight: 0.25, levels: { A: 95, B: 85, C: 70 }, disciplineBelow: 70 };
    expect(ageingWeight('2025-06-01', TODAY, strict)).toBe(1);
    expect(ageingWeight('2025-05-01', TODAY, strict)).toBe(0.25);
    expect(ageingWeight('2025-04-01', TODAY, strict)).toBe(0);
    const records = [
      { severity: 'serious' as const, points: 20, occurredOn: '2025-06-20' },
      { severity: 'serious' as const, points: 20, occurredOn: '2025-05-10' },
    ];
    expect(creditStanding(records, false, TODAY, strict)).toMatchObject({ score: 75, level: 'C', jointDiscipline: false });
    expect(creditStanding([...records, records[0]], false, TODAY, strict)).toMatchObject({
      score: 55,
      level: 'D',
      jointDiscipline: true,
      reasons: ['信用分 55 低于 70'],
    });
  });

  it('leaves a repaired record out of the score and of joint discipline', () => {
    const grave = { severity: 'grave' as const, points: 40, occurredOn: '2025-06-01' };
    expect(creditStanding([grave], false, TODAY)).toMatchObject({ score: 60, jointDiscipline: true });
    expect(creditStanding([{ ...grave, repaired: true }], false, TODAY)).toEqual({ score: 100, level: 'A', jointDiscipline: false, reasons: [] });
  });

  it('refuses a scheme whose numbers contradict each other', () => {
    expect(schemeProblems(EXAMPLE_SCHEME)).toEqual([]);
    expect(schemeProblems({ ...EXAMPLE_SCHEME, halfDays: 100, fullDays: 200 })).toEqual(['halfDays must not be less than fullDays']);
    expect(schemeProblems({ ...EXAMPLE_SCHEME, levels: { A: 60, B: 75, C: 90 } })).toEqual(['levels must fall: A > B > C']);
    expect(schemeProblems({ ...EXAMPLE_SCHEME, points: { minor: -1, serious: 15, grave: 40 } })).toEqual(['points must be whole numbers 0–100']);
  });
});
