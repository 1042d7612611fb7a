import { regions } from '@app/regions';
import { branchServes, inTerritory, particularsProblems, regionParts, type ParticularsToCheck } from './outlet.rules.js';

const OPERATOR = '0b6f9a3c-3d1e-4c61-9a57-0a3c2f1d9e11';
const OTHER = '5a2b7c1d-8e9f-4a0b-b1c2-d3e4f5a6b7c8';

function outlet(overrides: Partial<ParticularsToCheck> = {}): ParticularsToCheck {
  return {
    kind: 'terminal_outlet',
    enterpriseId: OPERATOR,
    sharedEnterpriseIds: [],
    regionCode: '140821100',
    location: { lat: 35.14, lng: 110.77 },
    compartments: null,
    ...overrides,
  };
}

describe('outlet particulars rules', () => {
  const index = regions();

  it('accepts a real township or village inside Shanxi', () => {
    expect(particularsProblems(outlet(), index)).toEqual([]);
    const village = index.childrenOf('140821100')[0];
    expect(particularsProblems(outlet({ regionCode: village.code }), index)).toEqual([]);
  });

  it('refuses unknown codes, county codes and points outside Shanxi, naming the field', () => {
    const fields = (o: ParticularsToCheck) => particularsProblems(o, index).map((p) => p.field);
    expect(fields(outlet({ regionCode: '140821999' }))).toEqual(['regionCode']);
    expect(fields(outlet({ regionCode: '140821' }))).toEqual(['regionCode']);
    expect(fields(outlet({ location: { lat: 39.9, lng: 116.4 } }))).toEqual(['location']);
  });

  it('requires compartments on a smart locker and only there', () => {
    const fields = (o: ParticularsToCheck) => particularsProblems(o, index).map((p) => p.field);
    expect(fields(outlet({ kind: 'smart_locker' }))).toEqual(['compartments']);
    expect(fields(outlet({ kind: 'smart_locker', compartments: { small: 0, medium: 0, large: 0 } }))).toEqual(['compartments']);
    expect(fields(outlet({ kind: 'smart_locker', compartments: { small: 40, medium: 24, large: 8 } }))).toEqual([]);
    expect(fields(outlet({ compartments: { small: 1, medium: 0, large: 0 } }))).toEqual(['compartments']);
  });

  it('refuses the operator among the enterprises it shares with', () => {
    expect(particularsProblems(outlet({ sharedEnterpriseIds: [OTHER, OPERATOR] }), index)[0].field).toBe('sharedEnterpriseIds');
    expect(particularsProblems(outlet({ sharedEnterpriseIds: [OTHER] }), index)).toEqual([]);
  });

  it('checks the licence territory by region code prefix', () => {
    expect(inTerritory('140821100', ['14'])).toBe(true);
    expect(inTerritory('140821100', ['1401', '1408'])).toBe(true);
    expect(inTerritory('140821100', ['1401'])).toBe(false);
  });

  it('splits a code into county, township and village', () => {
    expect(regionParts('140821100201')).toEqual({ countyCode: '140821', townshipCode: '140821100', villageCode: '140821100201' });
    expect(regionParts('140821100')).toEqual({ countyCode: '140821', townshipCode: '140821100', villageCode: null });
  });
});

describe('branchServes: a branch runs outlets in its own city', () => {
  it('takes an outlet anywhere in the city of a branch registered in a county or township', () => {
    expect(branchServes('140821', '140821100')).toBe(true); // 临猗县 branch, an outlet in the county
    expect(branchServes('140821', '140802001')).toBe(true); // same city (运城), another county
    expect(branchServes('140821100', '140830101')).toBe(true);
    expect(branchServes('1408', '140821100')).toBe(true);
  });

  it('refuses an outlet in another city, and takes any in the province for a provincial branch', () => {
    expect(branchServes('140821', '140105001')).toBe(false); // 太原 outlet for a 运城 branch
    expect(branchServes('1401', '140821100')).toBe(false);
    expect(branchServes('14', '140821100')).toBe(true);
  });
});
