import { TestPlatform } from './support/platform.js';
import { api } from './support/http.js';
import { facilityInput, PLACES } from './support/cold-chain.js';
import { eventually } from './support/outlets.js';

type Client = ReturnType<ReturnType<typeof api>['as']>;
type Target = {
  key: string;
  targetYear: number;
  targetValue: number;
  currentValue: number;
  met: boolean;
  share: number;
  quote: string;
  document: string;
  clause: string;
};

const chilled = (capacityTonnes: number) => [{ zone: 'chilled', minC: 0, maxC: 6, capacityTonnes }];
const frozen = (capacityTonnes: number) => [{ zone: 'frozen', minC: -25, maxC: -18, capacityTonnes }];

describe('cold-chain progress against the plan, major counties, capacity map and gap list', () => {
  const platform = new TestPlatform({ apps: ['cold-chain', 'supervision', 'gateway'] });
  let admin: Client;
  let staff: Client;

  async function register(overrides: Record<string, unknown>, history: Array<[string, string]> = []): Promise<string> {
    const res = await admin.post('/cold-chain/facilities').send(facilityInput(overrides));
    if (res.status !== 201) throw new Error(`registration failed: ${JSON.stringify(res.body)}`);
    for (const [status, date] of history) {
      const moved = await admin.post(`/cold-chain/facilities/${res.body.id}/status`).send({ status, date });
      if (moved.status !== 200) throw new Error(`status change failed: ${JSON.stringify(moved.body)}`);
    }
    return res.body.id;
  }

  const ids: Record<string, string> = {};

  beforeAll(async () => {
    await platform.start();
    admin = api(platform).as({ token: await platform.adminToken() });
    const org = await admin.post('/organisations').send({ name: '山西省邮政管理局', kind: 'postal_admin', regionCode: '14' });
    await admin.post('/users').send({ username: 'sx.staff', password: 'a-long-password-1', role: 'staff', orgId: org.body.id });
    staff = api(platform).as({ token: await platform.login('sx.staff', 'a-long-password-1') });

    const base = (name: string, extra: Record<string, unknown>) => ({
      kind: 'provincial_base',
      name,
      ...PLACES.xiaodian,
      capacityTonnes: 50000,
      temperatureZones: frozen(30000),
      commodities: ['meat', 'dairy'],
      ...extra,
    });
    ids.p1 = await register(base('省级基地一', { designationLevel: 'provincial', designatedAt: '2023-03-01', status: 'operating', statusDate: '2022-06-01' }));
    ids.p2 = await register(base('省级基地二', { designationLevel: 'provincial', designatedAt: '2023-11-20', status: 'building', statusDate: '2023-05-01' }));
    ids.p3 = await register(base('省级基地三', { designationLevel: 'provincial', designatedAt: '2024-04-01', status: 'planned', statusDate: '2024-01-10' }));
    ids.p4 = await register(base('省级基地四', { designationLevel: 'provincial', designatedAt: '2023-02-01', status: 'operating', statusDate: '2021-01-01' }), [
      ['closed', '2024-06-30'],
    ]);
    ids.p5 = await register(base('省级基地五（候选）', { status: 'planned', statusDate: '2024-01-01' }));

    const centre = (name: string, place: object, commodities: string[], extra: Record<string, unknown>) => ({
      kind: 'origin_consolidation_centre',
      name,
      ...place,
      capacityTonnes: 10000,
      temperatureZones: chilled(8000),
      commodities,
      ...extra,
    });
    ids.c1 = await register(centre('临猗产地集配中心', PLACES.linyi, ['fruit'], { status: 'building', statusDate: '2023-03-01' }), [
      ['operating', '2024-05-01'],
    ]);
    ids.c2 = await register(centre('清徐产地集配中心', PLACES.qingxu, ['vegetables', 'fruit'], { status: 'planned', statusDate: '2024-02-01' }), [
      ['building', '2024-06-01'],
      ['operating', '2025-03-15'],
    ]);
    ids.c3 = await register(centre('盐湖粮食集配中心', PLACES.yanhu, ['grain'], { status: 'operating', statusDate: '2023-01-01' }));

    const storage = (name: string, place: object, capacityTonnes: number, commodities: string[], extra: Record<string, unknown>) => ({
      name,
      ...place,
      capacityTonnes,
      temperatureZones: chilled(capacityTonnes),
      commodities,
      ...extra,
    });
    ids.s1 = await register(storage('盐湖肉类冷库', PLACES.yanhu, 5000, ['meat'], { temperatureZones: frozen(5000), statusDate: '2022-05-01' }));
    ids.s2 = await register(storage('临猗苹果冷库', PLACES.linyi, 1200.5, ['fruit'], { statusDate: '2023-07-01' }));
    ids.s3 = await register(storage('临猗蔬菜冷库', PLACES.linyiTown, 800, ['vegetables', 'fruit'], { status: 'building', statusDate: '2023-09-01' }), [
      ['operating', '2024-03-01'],
    ]);
    ids.s4 = await register(storage('临猗旧冷库', PLACES.linyi, 300, ['fruit'], { statusDate: '2023-04-01' }), [['closed', '2024-10-01']]);
    ids.s5 = await register(storage('清徐果蔬冷库', PLACES.qingxu, 600, ['vegetables'], { status: 'planned', statusDate: '2024-01-01' }));
  }, 120_000);

  afterAll(() => platform.stop());

  async function progress(year: number): Promise<{
    body: {
      year: number;
      asOf: string;
      targets: Target[];
      majorCounties: Array<{ code: string; covered: boolean; centreIds: string[]; namedInPlan: boolean }>;
    };
  }> {
    const res = await staff.get(`/cold-chain/progress?year=${year}`);
    expect(res.status).toBe(200);
    return res;
  }
  const target = (targets: Target[], key: string) => targets.find((t) => t.key === key) as Target;

  /** The supervision overview's consolidation-centre figure equals the cold-chain progress for each year (polled: it follows events). */
  async function supervisionAgrees(years: number[]): Promise<void> {
    for (const year of years) {
      const expected = target((await progress(year)).body.targets, 'origin_consolidation_centre_counties').currentValue;
      await eventually(async () => {
        const overview = await admin.get(`/supervision/overview?year=${year}&regionCode=14`);
        const figure = (overview.body.indicators as Array<{ key: string; value: number | null }>).find((i) => i.key === 'origin_consolidation_centre_counties');
        expect({ year, value: figure?.value }).toEqual({ year, value: expected });
      }, 20_000);
    }
  }

  it('gives the supervision overview the same consolidation-centre figure: the plan’s major counties only, not every county with a centre', async () => {
    // 盐湖's grain centre (operating since 2023) is in no major county of the plan's list
    expect(target((await progress(2025)).body.targets, 'origin_consolidation_centre_counties').currentValue).toBe(2);
    await supervisionAgrees([2023, 2024, 2025]);
  });

  it('reports each target with its source sentence and the figure as of the year end, across years', async () => {
    const y2023 = (await progress(2023)).body;
    expect(y2023).toMatchObject({ year: 2023, asOf: '2023-12-31' });
    expect(y2023.targets.map((t) => t.key)).toEqual([
      'provincial_cold_chain_bases',
      'origin_consolidation_centre_counties',
      'origin_cold_storage_facilities',
      'origin_cold_storage_new_capacity',
    ]);
    expect(target(y2023.targets, 'provincial_cold_chain_bases')).toMatchObject({
      targetYear: 2023,
      targetValue: 8,
      currentValue: 3,
      met: false,
      share: 0.375,
      quote: '省级冷链物流仓储基地达到8个',
      clause: '一(二)',
      document: expect.stringContaining('晋政办发〔2023〕10号'),
    });
    expect(target(y2023.targets, 'origin_consolidation_centre_counties')).toMatchObject({
      targetYear: 2025,
      targetValue: 10,
      currentValue: 0,
      quote: '全省10个果蔬生产大县(运城临猗、太原清徐等)每县建设1个产地集配中心',
    });
    expect(target(y2023.targets, 'origin_cold_storage_facilities')).toMatchObject({ targetValue: 1500, currentValue: 2 });
    expect(target(y2023.targets, 'origin_cold_storage_new_capacity')).toMatchObject({
      targetValue: 500000,
      currentValue: 1500.5,
      quote: '新增冷藏保鲜能力50万吨以上',
    });

    const y2024 = (await progress(2024)).body;
    expect(target(y2024.targets, 'provincial_cold_chain_bases')).toMatchObject({ targetYear: 2024, targetValue: 12, currentValue: 3 });
    expect(target(y2024.targets, 'origin_consolidation_centre_counties').currentValue).toBe(1);
    expect(target(y2024.targets, 'origin_cold_storage_facilities').currentValue).toBe(2);
    expect(target(y2024.targets, 'origin_cold_storage_new_capacity').currentValue).toBe(2000.5);
    expect(y2024.majorCounties).toEqual([
      expect.objectContaining({ code: '140821', namedInPlan: true, covered: true, centreIds: [ids.c1] }),
      expect.objectContaining({ code: '140121', namedInPlan: true, covered: false, centreIds: [] }),
    ]);

    const y2025 = (await progress(2025)).body;
    expect(target(y2025.targets, 'provincial_cold_chain_bases')).toMatchObject({ targetYear: 2025, targetValue: 20, currentValue: 3, share: 0.15 });
    expect(target(y2025.targets, 'origin_consolidation_centre_counties')).toMatchObject({ currentValue: 2, share: 0.2, met: false });
  });

  it('lets admin set the full list of major counties, keeping the ones the plan names', async () => {
    const listed = await staff.get('/cold-chain/major-counties');
    expect(listed.body).toMatchObject({
      targetCount: 10,
      items: [
        { code: '140821', name: '临猗县', cityName: '运城市', namedInPlan: true },
        { code: '140121', name: '清徐县', cityName: '太原市', namedInPlan: true },
      ],
    });
    expect((await staff.put('/cold-chain/major-counties').send({ counties: ['140821', '140121', '140802'] })).status).toBe(403);
    const dropped = await admin.put('/cold-chain/major-counties').send({ counties: ['140821', '140802'] });
    expect(dropped.status).toBe(422);
    expect(dropped.body.code).toBe('PLAN_NAMED_COUNTY');
    expect(dropped.body.detail).toMatch(/清徐县 \(140121\)/);
    const unknown = await admin.put('/cold-chain/major-counties').send({ counties: ['140821', '140121', '140899'] });
    expect(unknown.body).toMatchObject({ code: 'UNKNOWN_COUNTY', errors: [{ field: 'counties.2', message: '140899 is not a county of the province' }] });
    const eleven = ['140821', '140121', '140802', '140822', '140823', '140824', '140825', '140826', '140827', '140828', '140829'];
    expect((await admin.put('/cold-chain/major-counties').send({ counties: eleven })).body.code).toBe('TOO_MANY_COUNTIES');

    const set = await admin.put('/cold-chain/major-counties').send({ counties: ['140821', '140121', '140802', '140822'] });
    expect(set.status).toBe(200);
    expect(set.body.items.map((c: { code: string; namedInPlan: boolean }) => [c.code, c.namedInPlan])).toEqual([
      ['140821', true],
      ['140121', true],
      ['140802', false],
      ['140822', false],
    ]);
    const narrowed = await admin.put('/cold-chain/major-counties').send({ counties: ['140821', '140121', '140802'] });
    expect(narrowed.body.items.map((c: { code: string }) => c.code)).toEqual(['140821', '140121', '140802']);

    const y2023 = (await progress(2023)).body;
    expect(target(y2023.targets, 'origin_consolidation_centre_counties').currentValue).toBe(1);
    expect(y2023.majorCounties.find((c) => c.code === '140802')).toMatchObject({ covered: true, centreIds: [ids.c3], namedInPlan: false });
    expect(target((await progress(2025)).body.targets, 'origin_consolidation_centre_counties').currentValue).toBe(3);

    const audit = await admin.get('/audit?service=cold-chain&objectType=major-counties');
    expect(audit.body.items[0]).toMatchObject({ before: ['140821', '140121', '140802', '140822'], after: ['140821', '140121', '140802'] });
    // the changed list reaches the supervision overview: 盐湖 counts there too now
    await supervisionAgrees([2023, 2025]);
  });

  it('maps operating capacity by county and commodity on a date', async () => {
    const map = await staff.get('/cold-chain/capacity-map?asOf=2025-12-31');
    expect(map.status).toBe(200);
    const county = (code: string) => map.body.counties.find((c: { countyCode: string }) => c.countyCode === code);
    expect(map.body.counties.map((c: { countyCode: string }) => c.countyCode)).toEqual(['140105', '140121', '140802', '140821']);
    expect(county('140105')).toMatchObject({ countyName: '小店区', facilities: 1, capacityTonnes: 50000 });
    expect(county('140821')).toMatchObject({
      countyName: '临猗县',
      cityName: '运城市',
      facilities: 3,
      capacityTonnes: 12000.5,
      byCommodity: [
        { commodity: 'fruit', facilities: 3, capacityTonnes: 12000.5 },
        { commodity: 'vegetables', facilities: 1, capacityTonnes: 800 },
      ],
    });
    expect(county('140802').byCommodity).toEqual([
      { commodity: 'grain', facilities: 1, capacityTonnes: 10000 },
      { commodity: 'meat', facilities: 1, capacityTonnes: 5000 },
    ]);
    expect(map.body).toMatchObject({ facilities: 7, capacityTonnes: 87000.5 });
    expect(map.body.byCommodity.find((c: { commodity: string }) => c.commodity === 'fruit')).toEqual({
      commodity: 'fruit',
      facilities: 4,
      capacityTonnes: 22000.5,
    });

    const earlier = await staff.get('/cold-chain/capacity-map?asOf=2023-12-31&regionCode=1408');
    expect(earlier.body.counties.map((c: { countyCode: string; capacityTonnes: number }) => [c.countyCode, c.capacityTonnes])).toEqual([
      ['140802', 15000],
      ['140821', 1500.5],
    ]);
  });

  it('lists the counties with fruit or vegetable output but no operating cold storage, with their pipeline', async () => {
    const gaps2024 = await staff.get('/cold-chain/capacity-gaps?asOf=2024-12-31');
    expect(gaps2024.status).toBe(200);
    expect(gaps2024.body.basis).toMatch(/major fruit and vegetable counties/);
    expect(gaps2024.body.counties.map((g: { countyCode: string }) => g.countyCode)).toEqual(['140121', '140802']);
    const qingxu = gaps2024.body.counties[0];
    expect(qingxu).toMatchObject({ countyName: '清徐县', namedInPlan: true, otherOperatingFacilities: 0 });
    expect(qingxu.pipeline.map((f: { id: string; status: string }) => [f.id, f.status])).toEqual([
      [ids.c2, 'building'],
      [ids.s5, 'planned'],
    ]);
    expect(gaps2024.body.counties[1]).toMatchObject({ countyName: '盐湖区', otherOperatingFacilities: 2, pipeline: [] });

    const gaps2025 = await staff.get('/cold-chain/capacity-gaps?asOf=2025-12-31');
    expect(gaps2025.body.counties.map((g: { countyCode: string }) => g.countyCode)).toEqual(['140802']);
  });
});
