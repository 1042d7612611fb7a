import {
  designationLevelOf,
  designationViolations,
  facilityViolations,
  locationViolations,
  parentViolations,
  regionViolations,
  registrationStatusViolations,
  statusChangeViolations,
  zoneViolations,
  ZoneFacts,
} from './facility.rules.js';

const codes = (v: Array<{ code: string }>) => v.map((x) => x.code);

describe('temperature zone ranges', () => {
  const ok: ZoneFacts[] = [
    { zone: 'frozen', minC: -25, maxC: -18, capacityTonnes: 400 },
    { zone: 'chilled', minC: 0, maxC: 4, capacityTonnes: 300 },
    { zone: 'controlled_atmosphere', minC: -1, maxC: 2, capacityTonnes: 200, oxygenPct: 2, carbonDioxidePct: 3 },
    { zone: 'constant', minC: 15, maxC: 20, capacityTonnes: 100 },
  ];

  it('accepts a zone of every kind inside its range, at the bounds too', () => {
    expect(zoneViolations(ok, 1000)).toEqual([]);
    expect(zoneViolations([{ zone: 'frozen', minC: -60, maxC: -18, capacityTonnes: 1 }], 1)).toEqual([]);
    expect(zoneViolations([{ zone: 'chilled', minC: 0, maxC: 8, capacityTonnes: 1 }], 1)).toEqual([]);
    expect(zoneViolations([{ zone: 'constant', minC: 10, maxC: 25, capacityTonnes: 1 }], 1)).toEqual([]);
  });

  it('refuses a frozen zone warmer than -18 °C and names the field', () => {
    const v = zoneViolations([{ zone: 'frozen', minC: -20, maxC: -10, capacityTonnes: 10 }], 10);
    expect(v).toEqual([expect.objectContaining({ code: 'TEMPERATURE_RANGE', field: 'temperatureZones.0.maxC' })]);
    expect(v[0].message).toMatch(/at most -18 °C; maxC -10 °C is warmer/);
  });

  it('refuses a chilled zone below 0 or above 8 °C, and a constant zone outside 10..25', () => {
    expect(codes(zoneViolations([{ zone: 'chilled', minC: -2, maxC: 4, capacityTonnes: 1 }], 1))).toEqual(['TEMPERATURE_RANGE']);
    expect(codes(zoneViolations([{ zone: 'chilled', minC: 2, maxC: 8.1, capacityTonnes: 1 }], 1))).toEqual(['TEMPERATURE_RANGE']);
    expect(zoneViolations([{ zone: 'constant', minC: 5, maxC: 30, capacityTonnes: 1 }], 1).map((x) => x.field)).toEqual([
      'temperatureZones.0.maxC',
      'temperatureZones.0.minC',
    ]);
  });

  it('refuses minC above maxC', () => {
    const v = zoneViolations([{ zone: 'chilled', minC: 6, maxC: 2, capacityTonnes: 1 }], 1);
    expect(v).toEqual([expect.objectContaining({ code: 'TEMPERATURE_RANGE', field: 'temperatureZones.0.minC', message: 'minC 6 °C is above maxC 2 °C' })]);
  });

  it('needs gas set points on a controlled-atmosphere zone and refuses them elsewhere', () => {
    const ca = zoneViolations([{ zone: 'controlled_atmosphere', minC: 0, maxC: 1, capacityTonnes: 1 }], 1);
    expect(ca.map((x) => x.field)).toEqual(['temperatureZones.0.oxygenPct', 'temperatureZones.0.carbonDioxidePct']);
    expect(codes(zoneViolations([{ zone: 'controlled_atmosphere', minC: 0, maxC: 1, capacityTonnes: 1, oxygenPct: 21, carbonDioxidePct: 1 }], 1))).toEqual([
      'GAS_CONTROL',
    ]);
    expect(codes(zoneViolations([{ zone: 'chilled', minC: 0, maxC: 1, capacityTonnes: 1, oxygenPct: 2 }], 1))).toEqual(['GAS_CONTROL']);
    expect(codes(zoneViolations([{ zone: 'controlled_atmosphere', minC: -1.5, maxC: 1, capacityTonnes: 1, oxygenPct: 2, carbonDioxidePct: 2 }], 1))).toEqual([
      'TEMPERATURE_RANGE',
    ]);
  });

  it('refuses zone capacities above the facility capacity, compared exactly in hundredths', () => {
    const zones: ZoneFacts[] = [
      { zone: 'chilled', minC: 0, maxC: 4, capacityTonnes: 0.1 },
      { zone: 'frozen', minC: -20, maxC: -18, capacityTonnes: 0.2 },
    ];
    expect(zoneViolations(zones, 0.3)).toEqual([]);
    const over = zoneViolations(zones, 0.29);
    expect(over).toEqual([expect.objectContaining({ code: 'ZONE_CAPACITY', field: 'temperatureZones' })]);
    expect(over[0].message).toBe("zone capacities add up to 0.3 t, more than the facility's capacity of 0.29 t");
  });

  it('refuses the same zone kind twice', () => {
    const v = zoneViolations(
      [
        { zone: 'frozen', minC: -30, maxC: -25, capacityTonnes: 1 },
        { zone: 'frozen', minC: -20, maxC: -18, capacityTonnes: 1 },
      ],
      2,
    );
    expect(v).toEqual([expect.objectContaining({ code: 'DUPLICATE_ZONE', field: 'temperatureZones.1.zone' })]);
  });
});

describe('tier rules', () => {
  const backbone = { id: 'b', kind: 'national_backbone_base' as const, status: 'operating' as const, name: '晋中国家骨干冷链物流基地' };
  const provincial = { id: 'p', kind: 'provincial_base' as const, status: 'operating' as const, name: '省级基地' };
  const centre = { id: 'c', kind: 'origin_consolidation_centre' as const, status: 'building' as const, name: '临猗集配中心' };

  it('lets each kind hang under the kinds of the table, and a facility stand without a parent', () => {
    expect(parentViolations({ kind: 'provincial_base' }, backbone, [])).toEqual([]);
    expect(parentViolations({ kind: 'origin_consolidation_centre' }, backbone, [])).toEqual([]);
    expect(parentViolations({ kind: 'sales_consolidation_centre' }, provincial, ['b'])).toEqual([]);
    expect(parentViolations({ kind: 'origin_cold_storage' }, centre, ['b'])).toEqual([]);
    expect(parentViolations({ kind: 'origin_cold_storage' }, null, [])).toEqual([]);
    expect(parentViolations({ kind: 'national_backbone_base' }, null, [])).toEqual([]);
  });

  it('keeps the national backbone base at the root', () => {
    const v = parentViolations({ kind: 'national_backbone_base' }, provincial, []);
    expect(v).toEqual([expect.objectContaining({ code: 'TIER_RULE', field: 'parentId' })]);
    expect(v[0].message).toMatch(/root of the tier tree/);
  });

  it('refuses a parent of a kind the table does not allow', () => {
    expect(parentViolations({ kind: 'origin_cold_storage' }, provincial, [])[0].message).toBe(
      'an origin_cold_storage (农产品产地冷藏保鲜设施) hangs under origin_consolidation_centre, not under a provincial_base (省级冷链物流仓储基地)',
    );
    expect(codes(parentViolations({ kind: 'provincial_base' }, centre, []))).toEqual(['TIER_RULE']);
    expect(codes(parentViolations({ kind: 'origin_consolidation_centre' }, centre, []))).toEqual(['TIER_RULE']);
  });

  it('refuses a cycle before the kind rule: the facility itself, or one of its descendants, as parent', () => {
    expect(codes(parentViolations({ id: 'c', kind: 'origin_consolidation_centre' }, centre, ['b']))).toEqual(['TIER_CYCLE']);
    const storage = { id: 's', kind: 'origin_cold_storage' as const, status: 'operating' as const, name: '冷库' };
    expect(codes(parentViolations({ id: 'c', kind: 'origin_consolidation_centre' }, storage, ['c', 'b']))).toEqual(['TIER_CYCLE']);
  });

  it('refuses a closed parent', () => {
    expect(codes(parentViolations({ kind: 'origin_cold_storage' }, { ...centre, status: 'closed' }, []))).toEqual(['PARENT_CLOSED']);
  });
});

describe('status history rules', () => {
  const today = '2025-06-30';
  it('follows the transition table', () => {
    expect(statusChangeViolations({ status: 'planned', since: '2023-01-01' }, { status: 'building', date: '2023-05-01' }, today)).toEqual([]);
    expect(statusChangeViolations({ status: 'building', since: '2023-05-01' }, { status: 'operating', date: '2023-05-01' }, today)).toEqual([]);
    expect(statusChangeViolations({ status: 'suspended', since: '2024-01-01' }, { status: 'operating', date: '2024-02-01' }, today)).toEqual([]);
    expect(codes(statusChangeViolations({ status: 'planned', since: '2023-01-01' }, { status: 'operating', date: '2023-05-01' }, today))).toEqual([
      'STATUS_TRANSITION',
    ]);
    const closed = statusChangeViolations({ status: 'closed', since: '2023-01-01' }, { status: 'operating', date: '2023-05-01' }, today);
    expect(closed[0].message).toBe('a closed facility cannot change status');
    expect(codes(statusChangeViolations({ status: 'operating', since: '2023-01-01' }, { status: 'operating', date: '2023-05-01' }, today))).toEqual([
      'STATUS_UNCHANGED',
    ]);
  });

  it('keeps dates in order and not in the future', () => {
    expect(codes(statusChangeViolations({ status: 'building', since: '2024-05-01' }, { status: 'operating', date: '2024-04-30' }, today))).toEqual([
      'STATUS_DATE',
    ]);
    expect(codes(statusChangeViolations({ status: 'building', since: '2024-05-01' }, { status: 'operating', date: '2025-07-01' }, today))).toEqual([
      'DATE_IN_FUTURE',
    ]);
  });

  it('registers in any status but closed, not dated in the future', () => {
    expect(registrationStatusViolations('operating', '2020-01-01', today)).toEqual([]);
    expect(codes(registrationStatusViolations('closed', '2020-01-01', today))).toEqual(['STATUS_AT_REGISTRATION']);
    expect(codes(registrationStatusViolations('planned', '2025-07-01', today))).toEqual(['DATE_IN_FUTURE']);
  });
});

describe('region, location and designation', () => {
  it('takes a real county, township or village, not a city or a code that does not exist', () => {
    expect(regionViolations('140821')).toEqual([]);
    expect(regionViolations('140121')).toEqual([]);
    expect(regionViolations('140105001')).toEqual([]);
    expect(regionViolations('1408')[0].message).toMatch(/is a city/);
    expect(codes(regionViolations('149999'))).toEqual(['UNKNOWN_REGION']);
  });

  it('keeps locations within Shanxi', () => {
    expect(locationViolations({ lat: 37.69, lng: 112.75 })).toEqual([]);
    expect(codes(locationViolations({ lat: 39.9, lng: 116.4 }))).toEqual(['OUTSIDE_SHANXI']);
    expect(codes(locationViolations({ lat: 30.5, lng: 112 }))).toEqual(['OUTSIDE_SHANXI']);
  });

  it('fixes the designation level of the backbone and provincial bases, and needs level and date together', () => {
    expect(designationViolations('provincial_base', 'provincial', '2023-03-01', '2025-01-01')).toEqual([]);
    expect(codes(designationViolations('provincial_base', 'city', '2023-03-01', '2025-01-01'))).toEqual(['DESIGNATION_LEVEL']);
    expect(codes(designationViolations('national_backbone_base', 'provincial', '2023-03-01', '2025-01-01'))).toEqual(['DESIGNATION_LEVEL']);
    expect(designationViolations('origin_cold_storage', 'county', '2023-03-01', '2025-01-01')).toEqual([]);
    expect(codes(designationViolations('origin_cold_storage', 'county', undefined, '2025-01-01'))).toEqual(['DESIGNATION_INCOMPLETE']);
    expect(codes(designationViolations('provincial_base', 'provincial', '2025-02-01', '2025-01-01'))).toEqual(['DATE_IN_FUTURE']);
  });

  it('takes the level from a kind that fixes it when only designatedAt is sent (issue 17)', () => {
    expect(designationViolations('provincial_base', undefined, '2023-03-01', '2025-01-01')).toEqual([]);
    expect(designationLevelOf('provincial_base', undefined, '2023-03-01')).toBe('provincial');
    expect(designationLevelOf('national_backbone_base', null, '2023-03-01')).toBe('national');
    expect(designationLevelOf('provincial_base', undefined, undefined)).toBeNull();
    expect(codes(designationViolations('origin_consolidation_centre', undefined, '2023-03-01', '2025-01-01'))).toEqual(['DESIGNATION_INCOMPLETE']);
  });

  it('gathers every violation of a facility', () => {
    const v = facilityViolations(
      {
        kind: 'origin_cold_storage',
        regionCode: '1408',
        location: { lat: 10, lng: 10 },
        capacityTonnes: 10,
        temperatureZones: [{ zone: 'frozen', minC: -20, maxC: -5, capacityTonnes: 20 }],
      },
      '2025-01-01',
    );
    expect(codes(v)).toEqual(['UNKNOWN_REGION', 'OUTSIDE_SHANXI', 'TEMPERATURE_RANGE', 'ZONE_CAPACITY']);
  });
});
