import { Injectable } from '@nestjs/common';
import type { AnnualEvaluationDto, AnnualTargetDto, OverviewIndicatorDto } from '@app/contracts';
import { PROVINCE } from '@app/contracts';
import { IndicatorsService } from '../indicators/indicators.service.js';
import { TargetsService } from '../targets/targets.service.js';
import { targetRef } from '../targets/target.view.js';
import { regionName } from '../common/scope.js';
import { assessTarget } from './evaluation.rules.js';

/**
 * Annual evaluation of the plan (年度评估): every target set for the year in this province
 * (the targets table, seeded from policy-targets.csv, with those staff added), each with the
 * value the overview of its region gives for the year (official statistics where entered,
 * else the events; none when nothing supplies it) and whether it is met. Other provinces'
 * targets, which the overview shows as benchmarks, are not this plan's and are left out.
 */
@Injectable()
export class AnnualEvaluationService {
  constructor(
    private readonly targets: TargetsService,
    private readonly indicators: IndicatorsService,
  ) {}

  async evaluate(year: number): Promise<AnnualEvaluationDto> {
    const targets = (await this.targets.all()).filter((t) => t.year === year && t.regionCode.startsWith(PROVINCE));
    const regionCodes = [...new Set(targets.map((t) => t.regionCode))];
    const overviews = new Map<string, Map<string, OverviewIndicatorDto>>();
    for (const code of regionCodes) {
      const overview = await this.indicators.overview(year, code);
      overviews.set(code, new Map(overview.indicators.map((i) => [i.key, i])));
    }
    const rows: AnnualTargetDto[] = targets.map((t) => {
      const measured = overviews.get(t.regionCode)?.get(t.key);
      const value = measured?.value ?? null;
      return {
        target: targetRef(t, false),
        metricZh: t.metricZh,
        value,
        sourceKind: value === null ? 'none' : (measured?.sourceKind ?? 'none'),
        source: measured?.source ?? 'no figure of the platform or of the official statistics measures this target',
        ...assessTarget(value, t),
      };
    });
    return {
      year,
      regionCode: PROVINCE,
      regionName: regionName(PROVINCE),
      asOf: new Date().toISOString(),
      targets: rows,
      met: rows.filter((r) => r.assessment === 'met').length,
      notMet: rows.filter((r) => r.assessment === 'not_met').length,
      noData: rows.filter((r) => r.assessment === 'no_data').length,
    };
  }
}
