import type { CapacityGapDto, Commodity, FacilityKind, FacilityStatus, FacilitySummaryDto } from '@app/contracts';

/** Commodities that make a county's output "fruit or vegetables" and a facility able to keep it. */
const FRESH_PRODUCE: readonly Commodity[] = ['fruit', 'vegetables'];

export const GAP_BASIS =
  'counties with fruit or vegetable output are the major fruit and vegetable counties (果蔬生产大县: the list of GET /cold-chain/major-counties, seeded with those the plan names); ' +
  'a county is a gap when no facility there that handles fruit or vegetables is operating on the date (every registered facility has a temperature-controlled zone)';

export interface CountyFacility {
  id: string;
  code: string;
  kind: FacilityKind;
  name: string;
  regionCode: string;
  countyCode: string;
  capacityTonnes: number;
  commodities: Commodity[];
  /** status on the date asked for; null before its history starts */
  status: FacilityStatus | null;
}

/** The gap list: each major county without operating fresh-produce cold storage, with what is planned or being built there. */
export function capacityGaps(
  counties: Array<{ code: string; name: string; cityCode: string; cityName: string; namedInPlan: boolean }>,
  facilities: CountyFacility[],
): CapacityGapDto[] {
  const fresh = (f: CountyFacility) => f.commodities.some((c) => FRESH_PRODUCE.includes(c));
  return counties.flatMap((county) => {
    const here = facilities.filter((f) => f.countyCode === county.code);
    if (here.some((f) => f.status === 'operating' && fresh(f))) return [];
    const pipeline: FacilitySummaryDto[] = here
      .filter((f) => fresh(f) && (f.status === 'planned' || f.status === 'building'))
      .map((f) => ({
        id: f.id,
        code: f.code,
        kind: f.kind,
        name: f.name,
        status: f.status as FacilityStatus,
        regionCode: f.regionCode,
        capacityTonnes: f.capacityTonnes,
      }));
    return [
      {
        countyCode: county.code,
        countyName: county.name,
        cityCode: county.cityCode,
        cityName: county.cityName,
        namedInPlan: county.namedInPlan,
        otherOperatingFacilities: here.filter((f) => f.status === 'operating' && !fresh(f)).length,
        pipeline,
      },
    ];
  });
}
