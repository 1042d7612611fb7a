import { capacityGaps, type CountyFacility } from './capacity.rules.js';

const counties = [
  { code: '140821', name: '临猗县', cityCode: '1408', cityName: '运城市', namedInPlan: true },
  { code: '140121', name: '清徐县', cityCode: '1401', cityName: '太原市', namedInPlan: true },
  { code: '140802', name: '盐湖区', cityCode: '1408', cityName: '运城市', namedInPlan: false },
];

function facility(overrides: Partial<CountyFacility>): CountyFacility {
  return {
    id: 'x',
    code: 'X-1',
    kind: 'origin_cold_storage',
    name: '冷库',
    regionCode: '140821',
    countyCode: '140821',
    capacityTonnes: 100,
    commodities: ['fruit'],
    status: 'operating',
    ...overrides,
  };
}

describe('capacity gap list', () => {
  it('lists major counties without operating fruit or vegetable cold storage, with the pipeline there', () => {
    const gaps = capacityGaps(counties, [
      facility({}),
      facility({ id: 'm', countyCode: '140121', commodities: ['meat'], status: 'operating' }),
      facility({ id: 'p', code: 'QX-1', countyCode: '140121', regionCode: '140121', commodities: ['vegetables', 'fruit'], status: 'building' }),
      facility({ id: 'q', countyCode: '140121', commodities: ['vegetables'], status: 'suspended' }),
      facility({ id: 'r', countyCode: '140802', commodities: ['fruit'], status: null }),
    ]);
    expect(gaps.map((g) => g.countyCode)).toEqual(['140121', '140802']);
    expect(gaps[0]).toMatchObject({ countyName: '清徐县', namedInPlan: true, otherOperatingFacilities: 1 });
    expect(gaps[0].pipeline).toEqual([
      { id: 'p', code: 'QX-1', kind: 'origin_cold_storage', name: '冷库', status: 'building', regionCode: '140121', capacityTonnes: 100 },
    ]);
    expect(gaps[1].pipeline).toEqual([]);
  });

  it('has no gaps when every major county has operating fresh-produce storage', () => {
    expect(capacityGaps(counties.slice(0, 1), [facility({ commodities: ['vegetables'] })])).toEqual([]);
  });
});
