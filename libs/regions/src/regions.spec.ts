import { ancestorCode, coverageRule, levelOfCode, provinceName, regions, regionsIfAny, townshipKind } from './index.js';

describe('Shanxi divisions', () => {
  const index = regions();

  it('holds the 2023 statistical divisions of Shanxi', () => {
    expect(index.get('14')?.name).toBe('山西省');
    expect(index.count('city')).toBe(11);
    expect(index.count('county')).toBe(121);
    expect(index.count('township')).toBe(1352);
    expect(index.count('village')).toBe(21895);
  });

  it('finds children, descendants and the path of a code', () => {
    expect(index.childrenOf('14').map((r) => r.name)).toContain('太原市');
    const linyi = index.descendants('14', 'county').find((r) => r.name === '临猗县');
    expect(linyi?.code).toBe('140821');
    expect(index.descendants('140821', 'township').length).toBe(index.childrenOf('140821').length);
    expect(index.path('140821').map((r) => r.level)).toEqual(['province', 'city', 'county']);
  });

  it('derives levels and ancestors from the code', () => {
    expect(levelOfCode('140821')).toBe('county');
    expect(levelOfCode('14082')).toBeNull();
    expect(ancestorCode('140821100', 'city')).toBe('1408');
    expect(index.has('140821', 'township')).toBe(false);
  });
});

describe('divisions of another province', () => {
  it('loads Hebei (13) from its own file: 11 cities', () => {
    const hebei = regions('13');
    expect(hebei.province).toBe('13');
    expect(hebei.get('13')?.name).toBe('河北省');
    expect(hebei.childrenOf('13').map((r) => r.name)).toEqual(expect.arrayContaining(['石家庄市', '张家口市', '承德市']));
    expect(hebei.count('city')).toBe(11);
    expect(hebei.has('140821')).toBe(false);
  });

  it('names every province and says how to get a province’s data when it is missing', () => {
    expect(provinceName('44')).toBe('广东省');
    expect(regionsIfAny('44')).toBeNull();
    expect(() => regions('44')).toThrow(/npm run regions/);
  });
});

describe('township kinds and what township coverage counts', () => {
  it('reads the kind from digits 7–9 of the statistical code', () => {
    expect(townshipKind('140105001')).toBe('subdistrict'); // 坞城街道
    expect(townshipKind('140821100')).toBe('town'); // 猗氏镇
    expect(townshipKind('140821204')).toBe('township'); // 北景乡
    expect(townshipKind('140171401')).toBe('other'); // a development zone's unit, though named 街道
  });

  it('agrees with the names of Shanxi’s divisions: 镇 are towns, 乡 townships, 街道 sub-districts (below 400)', () => {
    const mismatched = regions('14')
      .descendants('14', 'township')
      .filter((t) => townshipKind(t.code) !== 'other')
      .filter((t) => !({ subdistrict: /街道$/, town: /镇$/, township: /乡$/ } as Record<string, RegExp>)[townshipKind(t.code)].test(t.name));
    expect(mismatched).toEqual([]);
  });

  it('counts towns and townships, with every outlet kind by default', () => {
    expect(coverageRule()).toEqual({
      countedTownshipKinds: ['town', 'township'],
      outletKinds: ['terminal_outlet', 'smart_locker', 'public_service_station', 'village_post_station', 'village_service_point'],
    });
  });
});
