import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import {
  CreateFacilityRequest,
  DomainError,
  type FieldError,
  type ImportFacilitiesRequest,
  type Principal,
  type RejectedRowDto,
  Role,
  mayActIn,
  ZONE_KINDS,
  type ZoneKind,
} from '@app/contracts';
import { fieldErrors } from '@app/messaging';
import { aKind, facilityViolations, type ParentFacts, parentViolations, registrationStatusViolations, type RuleViolation } from './facility.rules.js';
import type { FacilityDraft } from './facility.store.js';
import type { Facility, TemperatureZone } from './facility.entity.js';
import { facilityDraft, regionNames } from './facility.view.js';

/**
 * The registry as a flat table, for CSV/XLSX import and export. One row per facility; the
 * temperature zones spread over a column group per zone kind (a group left empty means no
 * such zone); commodities are codes separated by `;` (also `,` `、` `；` `|`); the parent is
 * named by its registry code, which may be a facility already registered or another row of
 * the same file. Row numbers are the ones a spreadsheet shows: the header is row 1.
 */
const ZONE_PREFIX: Record<ZoneKind, string> = { frozen: 'frozen', chilled: 'chilled', controlled_atmosphere: 'ca', constant: 'constant' };

export const IMPORT_COLUMNS = [
  'code',
  'kind',
  'name',
  'operator',
  'operator_uscc',
  'region_code',
  'address',
  'lat',
  'lng',
  'capacity_tonnes',
  'volume_m3',
  'frozen_min_c',
  'frozen_max_c',
  'frozen_tonnes',
  'chilled_min_c',
  'chilled_max_c',
  'chilled_tonnes',
  'ca_min_c',
  'ca_max_c',
  'ca_tonnes',
  'ca_o2_pct',
  'ca_co2_pct',
  'constant_min_c',
  'constant_max_c',
  'constant_tonnes',
  'commodities',
  'status',
  'status_date',
  'designation_level',
  'designated_at',
  'parent_code',
] as const;
type ImportColumn = (typeof IMPORT_COLUMNS)[number];

const REQUIRED_COLUMNS: readonly ImportColumn[] = ['kind', 'name', 'operator', 'region_code', 'lat', 'lng', 'capacity_tonnes', 'commodities', 'status'];
/** Columns an export adds for people; an import accepts and ignores them, so an export can be edited and loaded back. */
const EXPORT_ONLY_COLUMNS = ['id', 'county_name', 'city_name'] as const;
export const EXPORT_COLUMNS = [...EXPORT_ONLY_COLUMNS, ...IMPORT_COLUMNS];

const FIELD_COLUMNS: Record<string, string> = {
  code: 'code',
  kind: 'kind',
  name: 'name',
  operator: 'operator',
  operatorUscc: 'operator_uscc',
  regionCode: 'region_code',
  address: 'address',
  location: 'lat',
  'location.lat': 'lat',
  'location.lng': 'lng',
  capacityTonnes: 'capacity_tonnes',
  volumeCubicMetres: 'volume_m3',
  temperatureZones: 'zones',
  commodities: 'commodities',
  status: 'status',
  statusDate: 'status_date',
  designationLevel: 'designation_level',
  designatedAt: 'designated_at',
  parentId: 'parent_code',
};
const ZONE_FIELD_SUFFIX: Record<string, string> = { minC: 'min_c', maxC: 'max_c', capacityTonnes: 'tonnes', zone: 'min_c' };

/** A row read from the sheet: its input, what is already wrong with it, and its keys. */
export interface ParsedRow {
  row: number;
  id: string;
  input: CreateFacilityRequest;
  code: string | null;
  parentCode: string | null;
  errors: FieldError[];
  /** the zone kind behind temperatureZones.<i>, to name columns */
  zoneOrder: ZoneKind[];
}

/** Refuses a sheet whose header the registry cannot read (400, the whole file). */
export function checkHeader(columns: string[]): Map<string, number> {
  const index = new Map<string, number>();
  const known = new Set<string>([...IMPORT_COLUMNS, ...EXPORT_ONLY_COLUMNS]);
  const problems: FieldError[] = [];
  columns.forEach((raw, i) => {
    const name = raw.trim().toLowerCase();
    if (name === '') return;
    if (!known.has(name)) problems.push({ field: raw, message: `unknown column; the columns are ${IMPORT_COLUMNS.join(', ')}` });
    else if (index.has(name)) problems.push({ field: raw, message: 'column appears twice' });
    else index.set(name, i);
  });
  for (const required of REQUIRED_COLUMNS) {
    if (!index.has(required)) problems.push({ field: required, message: 'required column is missing' });
  }
  if (problems.length > 0) {
    throw new DomainError(400, 'BAD_SHEET', `the sheet's header cannot be read: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`, problems);
  }
  return index;
}

/** Column name for a field path of CreateFacilityRequest, e.g. temperatureZones.1.maxC → chilled_max_c. */
export function columnOf(field: string, zoneOrder: ZoneKind[]): string {
  const zone = /^temperatureZones\.(\d+)\.(\w+)$/.exec(field);
  if (zone) {
    const kind = zoneOrder[Number(zone[1])];
    if (zone[2] === 'oxygenPct') return 'ca_o2_pct';
    if (zone[2] === 'carbonDioxidePct') return 'ca_co2_pct';
    return kind ? `${ZONE_PREFIX[kind]}_${ZONE_FIELD_SUFFIX[zone[2]] ?? zone[2]}` : 'zones';
  }
  return FIELD_COLUMNS[field] ?? field;
}

/** Reads one row into a create request; cells that are not numbers where numbers belong are errors here. */
export async function parseRow(header: Map<string, number>, row: number, cells: string[], id: string): Promise<ParsedRow> {
  const errors: FieldError[] = [];
  const cell = (column: ImportColumn): string => {
    const i = header.get(column);
    return i === undefined ? '' : (cells[i] ?? '').trim();
  };
  const text = (column: ImportColumn): string | undefined => cell(column) || undefined;
  const number = (column: ImportColumn): number | undefined => {
    const value = cell(column);
    if (value === '') return undefined;
    const parsed = Number(value.replace(/,/g, ''));
    if (!Number.isFinite(parsed)) {
      errors.push({ field: column, message: `"${value}" is not a number` });
      return undefined;
    }
    return parsed;
  };
  const zoneOrder: ZoneKind[] = [];
  const temperatureZones = ZONE_KINDS.flatMap((zone) => {
    const p = ZONE_PREFIX[zone];
    const columns = [`${p}_min_c`, `${p}_max_c`, `${p}_tonnes`, ...(zone === 'controlled_atmosphere' ? ['ca_o2_pct', 'ca_co2_pct'] : [])] as ImportColumn[];
    if (columns.every((c) => cell(c) === '')) return [];
    zoneOrder.push(zone);
    const z: Record<string, unknown> = {
      zone,
      minC: number(columns[0]),
      maxC: number(columns[1]),
      capacityTonnes: number(columns[2]),
    };
    if (zone === 'controlled_atmosphere') {
      z.oxygenPct = number('ca_o2_pct');
      z.carbonDioxidePct = number('ca_co2_pct');
    }
    return [z];
  });
  const lat = number('lat');
  const lng = number('lng');
  const plain: Record<string, unknown> = {
    kind: text('kind')?.toLowerCase(),
    code: text('code'),
    name: text('name'),
    operator: text('operator'),
    operatorUscc: text('operator_uscc')?.toUpperCase(),
    regionCode: text('region_code'),
    address: text('address'),
    location: { lat, lng },
    capacityTonnes: number('capacity_tonnes'),
    volumeCubicMetres: number('volume_m3'),
    temperatureZones,
    commodities: cell('commodities')
      .split(/[;,、；|]/)
      .map((c) => c.trim().toLowerCase())
      .filter((c) => c !== ''),
    status: text('status')?.toLowerCase(),
    statusDate: text('status_date'),
    designationLevel: text('designation_level')?.toLowerCase(),
    designatedAt: text('designated_at'),
  };
  for (const key of Object.keys(plain)) if (plain[key] === undefined) delete plain[key];
  const input = plainToInstance(CreateFacilityRequest, plain);
  const failed = new Set(errors.map((e) => e.field));
  for (const e of fieldErrors(await validate(input, { whitelist: true, forbidNonWhitelisted: true }))) {
    const column = columnOf(e.field, zoneOrder);
    if (!failed.has(column)) errors.push({ field: column, message: e.message });
  }
  return { row, id, input, code: text('code') ?? null, parentCode: text('parent_code') ?? null, errors, zoneOrder };
}

/** What the database knows about the keys a sheet uses. */
export interface ImportLookups {
  /** facilities already registered, by code, that rows name as parent */
  parentsByCode: Map<string, ParentFacts>;
  /** codes of the sheet already registered */
  takenCodes: Set<string>;
  /** `kind|regionCode|name` of the sheet already registered */
  takenNames: Set<string>;
}

export const nameKey = (f: { kind: string; regionCode: string; name: string }) => `${f.kind}|${f.regionCode}|${f.name}`;

/**
 * Decides every row: a row is stored when it passes the same rules as a single
 * registration, its keys are free, it lies in the principal's scope and its parent (if
 * any) is registered or is a good row of the sheet. Returns the drafts in sheet order and
 * the rejected rows with their errors.
 */
export function resolveImport(
  rows: ParsedRow[],
  lookups: ImportLookups,
  principal: Principal,
  today: string,
): { drafts: Array<{ row: number; draft: FacilityDraft }>; rejected: RejectedRowDto[] } {
  const byCode = new Map<string, ParsedRow>();
  const byName = new Map<string, ParsedRow>();
  for (const r of rows) {
    const add = (e: RuleViolation | FieldError) => r.errors.push({ field: columnOf(e.field, r.zoneOrder), message: e.message });
    if (r.errors.length === 0) {
      const statusDate = r.input.statusDate ?? today;
      facilityViolations(r.input, today).forEach(add);
      registrationStatusViolations(r.input.status, statusDate, today).forEach(add);
      if (principal.role !== Role.Admin && !mayActIn(principal, r.input.regionCode)) {
        add({ field: 'regionCode', message: `region ${r.input.regionCode} is outside your region scope ${principal.regionCode}` });
      }
      const key = nameKey(r.input);
      if (lookups.takenNames.has(key))
        add({ field: 'name', message: `${aKind(r.input.kind)} named ${r.input.name} is already registered in ${r.input.regionCode}` });
      else if (byName.has(key)) add({ field: 'name', message: `same kind, region and name as row ${byName.get(key)?.row}` });
      else byName.set(key, r);
    }
    if (r.code !== null) {
      if (lookups.takenCodes.has(r.code)) add({ field: 'code', message: `code ${r.code} is already registered` });
      else if (byCode.has(r.code)) add({ field: 'code', message: `code ${r.code} is also on row ${byCode.get(r.code)?.row}` });
      else byCode.set(r.code, r);
    }
  }

  const state = new Map<ParsedRow, 'visiting' | 'good' | 'bad'>();
  const parentOf = new Map<ParsedRow, string>();
  const resolve = (r: ParsedRow): 'good' | 'bad' | 'visiting' => {
    const known = state.get(r);
    if (known) return known;
    state.set(r, 'visiting');
    if (r.parentCode !== null && r.errors.length === 0) {
      const inSheet = byCode.get(r.parentCode);
      const registered = lookups.parentsByCode.get(r.parentCode);
      let parent: ParentFacts | null = null;
      if (inSheet === r) {
        r.errors.push({ field: 'parent_code', message: 'a facility cannot be its own parent' });
      } else if (inSheet) {
        const outcome = resolve(inSheet);
        if (outcome === 'visiting') r.errors.push({ field: 'parent_code', message: `rows ${r.row} and ${inSheet.row} name each other as parents (a cycle)` });
        else if (outcome === 'bad') r.errors.push({ field: 'parent_code', message: `the parent on row ${inSheet.row} was rejected` });
        else parent = { id: inSheet.id, kind: inSheet.input.kind, status: inSheet.input.status, name: inSheet.input.name };
      } else if (registered) {
        parent = registered;
      } else {
        r.errors.push({ field: 'parent_code', message: `no registered facility and no row of this sheet has code ${r.parentCode}` });
      }
      if (parent) {
        for (const v of parentViolations({ kind: r.input.kind }, parent, [], 'parent_code')) r.errors.push({ field: v.field, message: v.message });
        if (r.errors.length === 0) parentOf.set(r, parent.id);
      }
    }
    const outcome = r.errors.length === 0 ? 'good' : 'bad';
    state.set(r, outcome);
    return outcome;
  };

  const drafts: Array<{ row: number; draft: FacilityDraft }> = [];
  const rejected: RejectedRowDto[] = [];
  for (const r of rows) {
    if (resolve(r) === 'bad') {
      rejected.push({ row: r.row, errors: r.errors });
      continue;
    }
    drafts.push({
      row: r.row,
      draft: facilityDraft(r.input, { id: r.id, code: r.code, statusDate: r.input.statusDate ?? today, parentId: parentOf.get(r) ?? null }),
    });
  }
  return { drafts, rejected };
}

/** Reads the request's header and rows; the sheet as a whole must be readable. */
export async function parseSheet(request: ImportFacilitiesRequest, newId: () => string): Promise<ParsedRow[]> {
  const header = checkHeader(request.columns);
  const seen = new Set<number>();
  const rows: ParsedRow[] = [];
  for (const r of request.rows) {
    if (seen.has(r.row)) throw new DomainError(400, 'BAD_SHEET', `row number ${r.row} appears twice`);
    seen.add(r.row);
    rows.push(await parseRow(header, r.row, r.cells, newId()));
  }
  return rows;
}

/** One facility as an export row, in EXPORT_COLUMNS order. */
export function exportRow(f: Facility, zones: TemperatureZone[], parentCode: string | null): Array<string | number | null> {
  const zone = (kind: ZoneKind) => zones.find((z) => z.facilityId === f.id && z.zone === kind);
  const zoneCells = (kind: ZoneKind) => {
    const z = zone(kind);
    return [z?.minC ?? null, z?.maxC ?? null, z?.capacityTonnes ?? null];
  };
  const ca = zone('controlled_atmosphere');
  const names = regionNames(f.countyCode);
  return [
    f.id,
    names.countyName,
    names.cityName,
    f.code,
    f.kind,
    f.name,
    f.operator,
    f.operatorUscc,
    f.regionCode,
    f.address,
    f.lat,
    f.lng,
    f.capacityTonnes,
    f.volumeCubicMetres,
    ...zoneCells('frozen'),
    ...zoneCells('chilled'),
    ...zoneCells('controlled_atmosphere'),
    ca?.oxygenPct ?? null,
    ca?.carbonDioxidePct ?? null,
    ...zoneCells('constant'),
    f.commodities.join(';'),
    f.status,
    f.statusSince,
    f.designationLevel,
    f.designatedAt,
    parentCode,
  ];
}
