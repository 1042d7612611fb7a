import { Role, type Principal } from '@app/contracts';
import { checkHeader, columnOf, IMPORT_COLUMNS, type ImportLookups, parseRow, type ParsedRow, resolveImport } from './facility.table.js';

const admin: Principal = { sub: 'admin', role: Role.Admin, orgId: null, regionCode: '14' };
const today = '2025-06-30';
const header = checkHeader([...IMPORT_COLUMNS]);
const none: ImportLookups = { parentsByCode: new Map(), takenCodes: new Set(), takenNames: new Set() };

let n = 0;
function cells(values: Partial<Record<(typeof IMPORT_COLUMNS)[number], string>>): string[] {
  const base: Partial<Record<(typeof IMPORT_COLUMNS)[number], string>> = {
    kind: 'origin_cold_storage',
    name: `冷库${(n += 1)}`,
    operator: '合作社',
    region_code: '140821',
    lat: '35.14',
    lng: '110.77',
    capacity_tonnes: '100',
    chilled_min_c: '0',
    chilled_max_c: '4',
    chilled_tonnes: '100',
    commodities: 'fruit',
    status: 'operating',
    status_date: '2024-01-01',
  };
  const merged = { ...base, ...values };
  return IMPORT_COLUMNS.map((c) => merged[c] ?? '');
}

async function rows(...list: Array<Parameters<typeof cells>[0]>): Promise<ParsedRow[]> {
  return Promise.all(list.map((values, i) => parseRow(header, i + 2, cells(values), `id-${i + 2}`)));
}

describe('reading a sheet', () => {
  it('refuses unknown, doubled and missing columns, accepting the export-only ones', () => {
    expect(() => checkHeader(['kind', 'name', 'nmae'])).toThrow(/nmae: unknown column/);
    expect(() => checkHeader([...IMPORT_COLUMNS, 'name'])).toThrow(/name: column appears twice/);
    expect(() => checkHeader(['kind', 'name'])).toThrow(/operator: required column is missing/);
    expect(checkHeader(['ID', 'county_name', ...IMPORT_COLUMNS]).get('kind')).toBe(3);
  });

  it('maps field paths to column names, zones by their kind', () => {
    expect(columnOf('temperatureZones.1.maxC', ['frozen', 'chilled'])).toBe('chilled_max_c');
    expect(columnOf('temperatureZones.0.capacityTonnes', ['controlled_atmosphere'])).toBe('ca_tonnes');
    expect(columnOf('temperatureZones.0.oxygenPct', ['controlled_atmosphere'])).toBe('ca_o2_pct');
    expect(columnOf('location.lat', [])).toBe('lat');
    expect(columnOf('regionCode', [])).toBe('region_code');
  });

  it('builds zones from the column groups that have values and splits commodities on ; , 、', async () => {
    const [row] = await rows({ frozen_min_c: '-25', frozen_max_c: '-18', frozen_tonnes: '50', capacity_tonnes: '150', commodities: 'Fruit、meat; vegetables' });
    expect(row.errors).toEqual([]);
    expect(row.input.temperatureZones).toEqual([
      { zone: 'frozen', minC: -25, maxC: -18, capacityTonnes: 50 },
      { zone: 'chilled', minC: 0, maxC: 4, capacityTonnes: 100 },
    ]);
    expect(row.input.commodities).toEqual(['fruit', 'meat', 'vegetables']);
  });

  it('names the column of every cell that is wrong', async () => {
    const [row] = await rows({ lat: 'north', chilled_max_c: '', capacity_tonnes: '1,000', status: 'open' });
    expect(row.errors).toEqual(
      expect.arrayContaining([
        { field: 'lat', message: '"north" is not a number' },
        expect.objectContaining({ field: 'chilled_max_c' }),
        expect.objectContaining({ field: 'status' }),
      ]),
    );
    expect(row.errors.map((e) => e.field)).not.toContain('capacity_tonnes');
  });
});

describe('deciding the rows', () => {
  it('stores good rows, resolving parents in the sheet in any order and among registered facilities', async () => {
    const parsed = await rows(
      { kind: 'origin_cold_storage', parent_code: 'C-2' },
      { code: 'C-2', kind: 'origin_consolidation_centre', capacity_tonnes: '5000', parent_code: 'BB' },
    );
    const lookups: ImportLookups = {
      ...none,
      parentsByCode: new Map([['BB', { id: 'backbone', kind: 'national_backbone_base', status: 'operating', name: '晋中' }]]),
    };
    const { drafts, rejected } = resolveImport(parsed, lookups, admin, today);
    expect(rejected).toEqual([]);
    expect(drafts.map((d) => [d.row, d.draft.parentId])).toEqual([
      [2, 'id-3'],
      [3, 'backbone'],
    ]);
    expect(drafts[0].draft).toMatchObject({ status: 'operating', statusDate: '2024-01-01', code: null });
  });

  it('applies the registration rules per row, naming columns', async () => {
    const parsed = await rows({ chilled_max_c: '9' }, { region_code: '1408' }, { status: 'closed' }, { status_date: '2025-07-01' });
    const { drafts, rejected } = resolveImport(parsed, none, admin, today);
    expect(drafts).toEqual([]);
    expect(rejected.map((r) => [r.row, r.errors.map((e) => e.field)])).toEqual([
      [2, ['chilled_max_c']],
      [3, ['region_code']],
      [4, ['status']],
      [5, ['status_date']],
    ]);
  });

  it('refuses taken keys, duplicates within the sheet, wrong parents and cycles', async () => {
    const parsed = await rows(
      { code: 'TAKEN' },
      { name: '已登记冷库' },
      { code: 'X1', kind: 'origin_consolidation_centre', capacity_tonnes: '500' },
      { code: 'X1' },
      { name: '同名', region_code: '140821' },
      { name: '同名', region_code: '140821' },
      { code: 'A1', kind: 'origin_consolidation_centre', parent_code: 'B1' },
      { code: 'B1', kind: 'origin_consolidation_centre', parent_code: 'A1' },
      { code: 'SELF', parent_code: 'SELF' },
      { parent_code: 'S1' },
      { code: 'S1' },
    );
    const lookups: ImportLookups = { ...none, takenCodes: new Set(['TAKEN']), takenNames: new Set(['origin_cold_storage|140821|已登记冷库']) };
    const { drafts, rejected } = resolveImport(parsed, lookups, admin, today);
    expect(drafts.map((d) => d.row)).toEqual([4, 6, 12]);
    const byRow = Object.fromEntries(rejected.map((r) => [r.row, r.errors.map((e) => e.message)]));
    expect(byRow[2]).toEqual(['code TAKEN is already registered']);
    expect(byRow[3]).toEqual(['an origin_cold_storage (农产品产地冷藏保鲜设施) named 已登记冷库 is already registered in 140821']);
    expect(byRow[5]).toEqual(['code X1 is also on row 4']);
    expect(byRow[7]).toEqual(['same kind, region and name as row 6']);
    expect(byRow[9]).toEqual(['rows 9 and 8 name each other as parents (a cycle)']);
    expect(byRow[8]).toEqual(['the parent on row 9 was rejected']);
    expect(byRow[10]).toEqual(['a facility cannot be its own parent']);
    expect(byRow[11][0]).toMatch(/hangs under origin_consolidation_centre, not under an origin_cold_storage/);
  });

  it('keeps staff to their region', async () => {
    const staff: Principal = { sub: 's', role: Role.Staff, orgId: 'o', regionCode: '1408' };
    const parsed = await rows({ region_code: '140821' }, { region_code: '140121', lat: '37.61', lng: '112.36' });
    const { drafts, rejected } = resolveImport(parsed, none, staff, today);
    expect(drafts.map((d) => d.row)).toEqual([2]);
    expect(rejected).toEqual([{ row: 3, errors: [{ field: 'region_code', message: 'region 140121 is outside your region scope 1408' }] }]);
  });
});
