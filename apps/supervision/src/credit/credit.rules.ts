import { CreditLevel, Severity } from '@app/contracts';

/**
 * Credit score of an express enterprise (企业信用分), after the 信用监管 of seed 002
 * (graded supervision, discipline of 失信 subjects, credit repair):
 *
 *   score = max(0, round(100 − Σ points × ageing))
 *
 * - points per record by severity: minor 5, serious 15, grave 40 (a licence revocation
 *   counts as grave);
 * - ageing by the record's date against today: within 365 days 1, from 366 to 730 days 0.5,
 *   older 0 (the record is repaired and no longer counts);
 * - level: A ≥ 90, B ≥ 75, C ≥ 60, D below 60;
 * - joint discipline (失信联合惩戒) when the licence is revoked, the score is below 60, or a
 *   grave record is at most 365 days old.
 */
export const SEVERITY_POINTS: Record<Severity, number> = { minor: 5, serious: 15, grave: 40 };

export interface CreditFacts {
  severity: Severity;
  points: number;
  occurredOn: string;
}

export interface CreditStanding {
  score: number;
  level: CreditLevel;
  jointDiscipline: boolean;
  reasons: string[];
}

const DAY = 86_400_000;

export function ageingWeight(occurredOn: string, today: string): number {
  const days = Math.floor((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${occurredOn}T00:00:00Z`)) / DAY);
  if (days <= 365) return 1;
  if (days <= 730) return 0.5;
  return 0;
}

export function levelOf(score: number): CreditLevel {
  if (score >= 90) return 'A';
  if (score >= 75) return 'B';
  if (score >= 60) return 'C';
  return 'D';
}

export function creditStanding(records: CreditFacts[], licenceRevoked: boolean, today: string): CreditStanding {
  const deducted = records.reduce((sum, r) => sum + r.points * ageingWeight(r.occurredOn, today), 0);
  const score = Math.max(0, Math.round(100 - deducted));
  const reasons: string[] = [];
  if (licenceRevoked) reasons.push('快递业务经营许可已被吊销');
  if (score < 60) reasons.push(`信用分 ${score} 低于 60`);
  const grave = records.filter((r) => r.severity === 'grave' && ageingWeight(r.occurredOn, today) === 1).length;
  if (grave > 0) reasons.push(`近一年内有 ${grave} 条严重违法违规记录`);
  return { score, level: levelOf(score), jointDiscipline: reasons.length > 0, reasons };
}
