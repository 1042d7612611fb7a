import { CreditLevel, Severity } from '@app/contracts';

/**
 * Credit score of an express enterprise (企业信用分). Seed 002 asks for credit supervision
 * "依法依规" with a repair procedure but sets no numbers: every number below is a field of a
 * versioned credit scheme (supervision.credit_schemes) the administration sets. Version 1
 * ships these as an example, this platform's local scheme:
 *
 *   score = max(0, round(100 − Σ points × ageing))
 *
 * - points per record by severity, fixed when the record is made from the scheme then in
 *   force: minor 5, serious 15, grave 40 (a licence revocation counts as grave);
 * - ageing by the record's date against today: within fullDays (365) 1, up to halfDays (730)
 *   halfWeight (0.5), older 0 (it no longer counts); a repaired record (信用修复) counts 0;
 * - level: A ≥ 90, B ≥ 75, C ≥ 60, D below;
 * - joint discipline (失信联合惩戒) when the licence is revoked, the score is below
 *   disciplineBelow (60), or a grave record is at most fullDays old.
 */
export interface CreditScheme {
  points: Record<Severity, number>;
  fullDays: number;
  halfDays: number;
  halfWeight: number;
  levels: { A: number; B: number; C: number };
  disciplineBelow: number;
}

export const EXAMPLE_SCHEME: CreditScheme = {
  points: { minor: 5, serious: 15, grave: 40 },
  fullDays: 365,
  halfDays: 730,
  halfWeight: 0.5,
  levels: { A: 90, B: 75, C: 60 },
  disciplineBelow: 60,
};

/** A scheme is usable: points ≥ 0, halfDays ≥ fullDays, 0 ≤ halfWeight ≤ 1, levels falling A > B > C. */
export function schemeProblems(s: CreditScheme): string[] {
  const out: string[] = [];
  if (Object.values(s.points).some((p) => !Number.isInteger(p) || p < 0 || p > 100)) out.push('points must be whole numbers 0–100');
  if (s.halfDays < s.fullDays) out.push('halfDays must not be less than fullDays');
  if (s.halfWeight < 0 || s.halfWeight > 1) out.push('halfWeight must be between 0 and 1');
  if (!(s.levels.A > s.levels.B && s.levels.B > s.levels.C)) out.push('levels must fall: A > B > C');
  return out;
}

export interface CreditFacts {
  severity: Severity;
  points: number;
  occurredOn: string;
  /** restored by an approved credit repair (信用修复): counts no more */
  repaired?: boolean;
}

export interface CreditStanding {
  score: number;
  level: CreditLevel;
  jointDiscipline: boolean;
  reasons: string[];
}

const DAY = 86_400_000;

export function ageingWeight(occurredOn: string, today: string, scheme: CreditScheme = EXAMPLE_SCHEME): number {
  const days = Math.floor((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${occurredOn}T00:00:00Z`)) / DAY);
  if (days <= scheme.fullDays) return 1;
  if (days <= scheme.halfDays) return scheme.halfWeight;
  return 0;
}

export function levelOf(score: number, scheme: CreditScheme = EXAMPLE_SCHEME): CreditLevel {
  if (score >= scheme.levels.A) return 'A';
  if (score >= scheme.levels.B) return 'B';
  if (score >= scheme.levels.C) return 'C';
  return 'D';
}

export function creditStanding(records: CreditFacts[], licenceRevoked: boolean, today: string, scheme: CreditScheme = EXAMPLE_SCHEME): CreditStanding {
  const counting = records.filter((r) => !r.repaired);
  const deducted = counting.reduce((sum, r) => sum + r.points * ageingWeight(r.occurredOn, today, scheme), 0);
  const score = Math.max(0, Math.round(100 - deducted));
  const reasons: string[] = [];
  if (licenceRevoked) reasons.push('快递业务经营许可已被吊销');
  if (score < scheme.disciplineBelow) reasons.push(`信用分 ${score} 低于 ${scheme.disciplineBelow}`);
  const grave = counting.filter((r) => r.severity === 'grave' && ageingWeight(r.occurredOn, today, scheme) === 1).length;
  if (grave > 0) reasons.push(`近一年内有 ${grave} 条严重违法违规记录`);
  return { score, level: levelOf(score, scheme), jointDiscipline: reasons.length > 0, reasons };
}
