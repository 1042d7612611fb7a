import { readFileSync } from 'node:fs';
import { policyCeiling, POLICY_CEILINGS } from './policy-ceilings.js';

describe('policy ceilings', () => {
  it('are exactly the rural_subsidy_avg_per_item rows of the policy targets', () => {
    const csv = readFileSync(new URL('../../../supervision/data/policy-targets.csv', import.meta.url), 'utf8');
    const [header, ...lines] = csv.trim().split(/\r?\n/);
    const cols = header.split(',');
    const rows = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v]))).filter((r) => r.key === 'rural_subsidy_avg_per_item');
    const doc001 = csv
      .split(/\r?\n/)
      .map((l) => l.split(',')[7])
      .find((d) => d?.startsWith('001 '));
    expect(rows.map((r) => ({ year: Number(r.year), fen: Number(r.value), unit: r.unit, op: r.op, clause: r.clause, quote: r.quote }))).toEqual(
      POLICY_CEILINGS.map((c) => ({ year: c.year, fen: c.fen, unit: 'fen', op: '<=', clause: c.clause, quote: c.quote })),
    );
    expect(POLICY_CEILINGS.every((c) => c.document === doc001)).toBe(true);
  });

  it('gives 2023 its 50 fen and no other year a ceiling it does not have', () => {
    expect(policyCeiling(2023)?.fen).toBe(50);
    expect(policyCeiling(2024)).toBeNull();
    expect(policyCeiling(2022)).toBeNull();
  });
});
