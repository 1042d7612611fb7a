import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CoverageDto, CoverageRequest, DomainError, mayActIn, Principal } from '@app/contracts';
import { coverageRule, regions, townshipKind } from '@app/regions';
import { coverage } from './coverage.rules.js';

/**
 * Township and village coverage (乡镇/行政村网点覆盖率): a township or village is covered
 * when at least one filed outlet (not closed, not lapsed) of a kind that counts stands in it.
 * Totals come from the division data, so every town and township (乡镇) of the region
 * counts, with or without outlets; urban sub-districts (街道) are reported apart, and the
 * kinds counted are data (libs/regions/data/coverage.json), shown in the answer.
 */
@Injectable()
export class CoverageService {
  constructor(private readonly dataSource: DataSource) {}

  async get(query: CoverageRequest, principal: Principal): Promise<CoverageDto> {
    const regionCode = query.regionCode ?? principal.regionCode;
    const level = query.level ?? 'township';
    const index = regions();
    const region = index.get(regionCode);
    if (!region || !mayActIn(principal, regionCode)) throw DomainError.notFound(`region ${regionCode}`);
    if (region.level === 'village') {
      throw DomainError.rule('REGION_TOO_SMALL', 'coverage is counted for a province, city, county or township', [
        { field: 'regionCode', message: 'give a region above village level' },
      ]);
    }
    const column = level === 'township' ? 'township_code' : 'village_code';
    const rule = coverageRule();
    const all = index.descendants(regionCode, level);
    const counted = level === 'township' ? all.filter((t) => rule.countedTownshipKinds.includes(townshipKind(t.code))) : all;
    const subdistricts = level === 'township' ? all.filter((t) => townshipKind(t.code) === 'subdistrict') : [];
    // one probe of the filed-outlet index per township or village, stopping at the first
    // outlet of a kind that counts: the cost follows the divisions of the region, not the number of outlets
    const rows: Array<{ code: string }> = await this.dataSource.query(
      `SELECT p.code FROM unnest($1::text[]) AS p(code)
       WHERE (SELECT 1 FROM outlets.outlets o WHERE o.status = 'filed' AND o.${column} = p.code AND o.kind = ANY($2::text[]) LIMIT 1) IS NOT NULL`,
      [[...counted, ...subdistricts].map((r) => r.code), rule.outletKinds],
    );
    const covered = new Set(rows.map((r) => r.code));
    const figures = coverage(counted, covered);
    const apart = coverage(subdistricts, covered);
    return {
      regionCode,
      level,
      ...figures,
      source: index.source,
      countedTownshipKinds: rule.countedTownshipKinds,
      outletKinds: rule.outletKinds,
      subdistricts: level === 'township' ? { total: apart.total, covered: apart.covered, rate: apart.rate } : null,
    };
  }
}
