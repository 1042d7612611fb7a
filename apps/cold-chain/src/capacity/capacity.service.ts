import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  type CapacityGapListDto,
  type CapacityMapDto,
  type CapacityQuery,
  COMMODITIES,
  type Commodity,
  type CommodityCapacityDto,
  type CountyCapacityDto,
  shanghaiToday,
} from '@app/contracts';
import { regionNames } from '../facilities/facility.view.js';
import { statusAsOfSql } from '../facilities/status-as-of.js';
import { capacityGaps, type CountyFacility, GAP_BASIS } from './capacity.rules.js';

const MAP_BASIS =
  'facilities operating on the date (by their status history); a facility counts once in its county and, in full, under each commodity it handles, ' +
  'so commodity figures add up to more than the county total when facilities handle several';

const round2 = (n: number) => Math.round(n * 100) / 100;

@Injectable()
export class CapacityService {
  constructor(private readonly dataSource: DataSource) {}

  async map(query: CapacityQuery): Promise<CapacityMapDto> {
    const asOf = query.asOf ?? shanghaiToday();
    const params = [asOf, query.regionCode ?? null];
    const operating = `${statusAsOfSql('$1::date')} = 'operating' AND ($2::text IS NULL OR f.region_code LIKE $2 || '%')`;
    const [totals, byCommodity]: [
      Array<{ county: string; facilities: number; capacity: number }>,
      Array<{ county: string; commodity: Commodity; facilities: number; capacity: number }>,
    ] = await Promise.all([
      this.dataSource.query(
        `SELECT f.county_code AS county, count(*)::int AS facilities, sum(f.capacity_tonnes)::float8 AS capacity
         FROM cold_chain.facilities f WHERE ${operating} GROUP BY f.county_code ORDER BY f.county_code`,
        params,
      ),
      this.dataSource.query(
        `SELECT f.county_code AS county, c.commodity, count(*)::int AS facilities, sum(f.capacity_tonnes)::float8 AS capacity
         FROM cold_chain.facilities f CROSS JOIN LATERAL unnest(f.commodities) AS c(commodity)
         WHERE ${operating} GROUP BY f.county_code, c.commodity`,
        params,
      ),
    ]);
    const sortByCommodity = (list: CommodityCapacityDto[]) => list.sort((a, b) => COMMODITIES.indexOf(a.commodity) - COMMODITIES.indexOf(b.commodity));
    const counties: CountyCapacityDto[] = totals.map((t) => ({
      countyCode: t.county,
      ...regionNames(t.county),
      facilities: t.facilities,
      capacityTonnes: round2(t.capacity),
      byCommodity: sortByCommodity(
        byCommodity.filter((c) => c.county === t.county).map((c) => ({ commodity: c.commodity, facilities: c.facilities, capacityTonnes: round2(c.capacity) })),
      ),
    }));
    const province = new Map<Commodity, CommodityCapacityDto>();
    for (const c of byCommodity) {
      const sum = province.get(c.commodity) ?? { commodity: c.commodity, facilities: 0, capacityTonnes: 0 };
      sum.facilities += c.facilities;
      sum.capacityTonnes = round2(sum.capacityTonnes + c.capacity);
      province.set(c.commodity, sum);
    }
    return {
      asOf,
      basis: MAP_BASIS,
      facilities: counties.reduce((n, c) => n + c.facilities, 0),
      capacityTonnes: round2(counties.reduce((n, c) => n + c.capacityTonnes, 0)),
      byCommodity: sortByCommodity([...province.values()]),
      counties,
    };
  }

  async gaps(query: CapacityQuery): Promise<CapacityGapListDto> {
    const asOf = query.asOf ?? shanghaiToday();
    const counties: Array<{ code: string; name: string; named: boolean }> = await this.dataSource.query(
      `SELECT county_code AS code, name, named_in_plan AS named FROM cold_chain.major_counties
       WHERE $1::text IS NULL OR county_code LIKE $1 || '%' OR $1 LIKE county_code || '%'
       ORDER BY named_in_plan DESC, created_at, county_code`,
      [query.regionCode ?? null],
    );
    const facilities: CountyFacility[] = counties.length
      ? await this.dataSource.query(
          `SELECT f.id, f.code, f.kind, f.name, f.region_code AS "regionCode", f.county_code AS "countyCode",
                  f.capacity_tonnes::float8 AS "capacityTonnes", f.commodities, ${statusAsOfSql('$1::date')} AS status
           FROM cold_chain.facilities f WHERE f.county_code = ANY($2::text[]) ORDER BY f.created_at, f.id`,
          [asOf, counties.map((c) => c.code)],
        )
      : [];
    return {
      asOf,
      basis: GAP_BASIS,
      counties: capacityGaps(
        counties.map((c) => ({ code: c.code, name: c.name, namedInPlan: c.named, ...regionNames(c.code) })),
        facilities,
      ),
    };
  }
}
