import { entryProblem, growth, type MonthFigure, yearFigure } from './statistics.rules.js';

const fig = (metric: MonthFigure['metric'], month: string, value: number, version = 1, source = '省邮政管理局'): MonthFigure => ({
  metric,
  month,
  value,
  source,
  version,
});

describe('official statistics rules', () => {
  it('sums a flow figure over the months entered, with its sources and highest version', () => {
    const rows = [fig('express_volume', '2024-02', 200, 2, '更正'), fig('express_volume', '2024-01', 100), fig('express_revenue', '2024-01', 5)];
    expect(yearFigure('express_volume', rows)).toEqual({ value: 300, months: ['2024-01', '2024-02'], sources: ['省邮政管理局', '更正'], maxVersion: 2 });
  });

  it('takes a stock figure from the latest month, and null when nothing is entered', () => {
    const rows = [fig('rural_e_towns', '2024-06', 80), fig('rural_e_towns', '2024-03', 60)];
    expect(yearFigure('rural_e_towns', rows)?.value).toBe(80);
    expect(yearFigure('express_volume', rows)).toBeNull();
  });

  it('grows online retail over the months entered in both years only', () => {
    const before = [fig('online_retail_sales', '2023-01', 100), fig('online_retail_sales', '2023-02', 100), fig('online_retail_sales', '2023-03', 100)];
    const now = [fig('online_retail_sales', '2024-01', 115), fig('online_retail_sales', '2024-02', 125), fig('online_retail_sales', '2024-04', 999)];
    expect(growth('online_retail_sales', now, before)).toEqual({ value: 0.2, months: ['2024-01', '2024-02'] });
    expect(growth('online_retail_sales', now, [])).toBeNull();
    expect(growth('online_retail_sales', now, [fig('online_retail_sales', '2023-01', 0)])).toBeNull();
  });

  it('needs a reason for a correction, whole units and ratios within 0–1', () => {
    expect(entryProblem({ metric: 'express_volume', value: 10 }, 0)).toBeNull();
    expect(entryProblem({ metric: 'express_volume', value: 10 }, 1)).toMatch(/reason/);
    expect(entryProblem({ metric: 'express_volume', value: 10, reason: '快报更正为年报数' }, 1)).toBeNull();
    expect(entryProblem({ metric: 'express_volume', value: 10.5 }, 0)).toMatch(/whole/);
    expect(entryProblem({ metric: 'online_freight_truck_access_rate', value: 1.2 }, 0)).toMatch(/ratio/);
    expect(entryProblem({ metric: 'online_freight_truck_access_rate', value: 0.97 }, 0)).toBeNull();
  });
});
