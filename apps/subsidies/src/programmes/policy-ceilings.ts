/**
 * Average per-item ceilings set by policy, by year: the `rural_subsidy_avg_per_item` rows of
 * the policy targets (shared/policy-targets.csv; supervision seeds the same rows from its copy
 * in apps/supervision/data, and a unit test keeps the two equal). A year that is not listed
 * has no policy ceiling: its programme states its own ceiling and basis; no year inherits
 * another year's row.
 */
export interface PolicyCeiling {
  year: number;
  fen: number;
  document: string;
  clause: string;
  quote: string;
}

export const POLICY_CEILINGS: readonly PolicyCeiling[] = [
  {
    year: 2023,
    fen: 50,
    document: '001 山西省关于加快电子商务体系和快递物流配送体系贯通发展行动计划 (晋政办发〔2023〕10号)',
    clause: '二(二)9',
    quote: '单件补助平均不高于0.5元',
  },
];

export function policyCeiling(year: number): PolicyCeiling | null {
  return POLICY_CEILINGS.find((c) => c.year === year) ?? null;
}
