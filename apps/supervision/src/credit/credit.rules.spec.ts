import { ageingWeight, creditStanding, levelOf } from './credit.rules.js';

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
    expect(creditStanding([{ severity: 'grave', points: 40, occurredOn: '2025-01-01' }], false, TODAY)).toMatchObject({ score: 60, level: 'C', jointDiscipline: true });
    expect(creditStanding([{ severity: 'grave', points: 40, occurredOn: '2024-01-01' }], false, TODAY)).toMatchObject({ score: 80, jointDiscipline: false });
    const many = Array.from({ length: 3 }, () => ({ severity: 'serious' as const, points: 15, occurredOn: '2025-05-01' }));
    expect(creditStanding(many, false, TODAY)).toMatchObject({ score: 55, level: 'D', jointDiscipline: true, reasons: ['信用分 55 低于 60'] });
    expect(creditStanding(Array.from({ length: 9 }, () => many[0]), false, TODAY).score).toBe(0);
  });

  it('grades levels at 90, 75 and 60', () => {
    expect([90, 89, 75, 74, 60, 59].map(levelOf)).toEqual(['A', 'B', 'B', 'C', 'C', 'D']);
  });
});
