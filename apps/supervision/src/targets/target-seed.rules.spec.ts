import { readFileSync } from 'node:fs';
import { parseCsv, targetSeedRows } from './target-seed.rules.js';

describe('policy targets seed', () => {
  it('parses RFC 4180 CSV with quoted commas, quotes and line breaks', () => {
    expect(parseCsv('a,"b,c","say ""hi"""\r\n1,"two\nlines",3\n')).toEqual([
      ['a', 'b,c', 'say "hi"'],
      ['1', 'two\nlines', '3'],
    ]);
    expect(() => parseCsv('a,"open')).toThrow(/quoted field/);
  });

  it('reads every row of the shared targets with full document titles, money in fen', () => {
    const rows = targetSeedRows(readFileSync(new URL('../../data/policy-targets.csv', import.meta.url), 'utf8'));
    expect(rows).toHaveLength(30);
    expect(rows.find((r) => r.key === 'express_revenue' && r.year === 2025)).toMatchObject({
      value: 1_280_000_000_000,
      unit: 'fen',
      document: '001 山西省关于加快电子商务体系和快递物流配送体系贯通发展行动计划 (晋政办发〔2023〕10号)',
      quote: '快递业务收入达到128亿元以上',
    });
    expect(rows.find((r) => r.key === 'rural_subsidy_avg_per_item')).toMatchObject({ op: '<=', value: 50, unit: 'fen', clause: '二(二)9' });
    expect(rows.find((r) => r.key === 'locker_delivery_rate')?.document).toMatch(/^003 济南市/);
    expect(rows.every((r) => r.quote.length > 0 && r.clause.length > 0)).toBe(true);
  });

  it('refuses a file with other columns', () => {
    expect(() => targetSeedRows('key,region\nx,14\n')).toThrow(/columns/);
  });
});
