import { readFileSync } from 'node:fs';
import { PROVINCE } from '@app/contracts';

export interface Point {
  lat: number;
  lng: number;
}

export interface Bounds {
  minLat: number;
  maxLat: number;
  minLng: number;
  maxLng: number;
}

interface BoundsFile {
  provinces: Record<string, Bounds & { source: string }>;
  china: Bounds & { source: string };
}

/**
 * The bounding box of a province in WGS-84 degrees (data/bounds.json: the extent its
 * government states, rounded outwards; see `source`), or China's extent for a province
 * without one. A box is coarse (it takes in edges of the neighbouring provinces) but catches
 * swapped coordinates, GCJ/BD offsets gone wrong by degrees, and points elsewhere in China;
 * the region code names the county.
 */
export function boundsOf(province: string): Bounds & { source: string; exact: boolean } {
  const file = JSON.parse(readFileSync(new URL('../data/bounds.json', import.meta.url), 'utf8')) as BoundsFile;
  const own = file.provinces[province];
  return own ? { ...own, exact: true } : { ...file.china, exact: false };
}

/** The box of this deployment's province (PROVINCE_CODE). */
export const PROVINCE_BOUNDS: Readonly<Bounds> = (({ minLat, maxLat, minLng, maxLng }) => ({ minLat, maxLat, minLng, maxLng }))(boundsOf(PROVINCE));

export function within(p: Point, b: Bounds): boolean {
  return p.lat >= b.minLat && p.lat <= b.maxLat && p.lng >= b.minLng && p.lng <= b.maxLng;
}

/** Does the point lie in the box of this deployment's province? */
export function withinProvince(p: Point): boolean {
  return within(p, PROVINCE_BOUNDS);
}

export type RegionLevel = 'province' | 'city' | 'county' | 'township' | 'village';
export const REGION_LEVELS: readonly RegionLevel[] = ['province', 'city', 'county', 'township', 'village'];

export interface Region {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
}

const CODE_LENGTH: Record<RegionLevel, number> = { province: 2, city: 4, county: 6, township: 9, village: 12 };
const LEVEL_BY_LENGTH = new Map<number, RegionLevel>(REGION_LEVELS.map((l) => [CODE_LENGTH[l], l]));

interface DivisionFile {
  source: string;
  province: [string, string];
  cities: [string, string][];
  counties: [string, string][];
  townships: [string, string][];
  villages: [string, string][];
}

/** Level implied by a code's length, or null for a malformed code. */
export function levelOfCode(code: string): RegionLevel | null {
  return /^\d+$/.test(code) ? (LEVEL_BY_LENGTH.get(code.length) ?? null) : null;
}

/** The code of the region containing `code` at `level` (a prefix), or null when above it. */
export function ancestorCode(code: string, level: RegionLevel): string | null {
  const length = CODE_LENGTH[level];
  return code.length >= length ? code.slice(0, length) : null;
}

function parentOf(code: string): string | null {
  const level = levelOfCode(code);
  if (!level || level === 'province') return null;
  return code.slice(0, CODE_LENGTH[REGION_LEVELS[REGION_LEVELS.indexOf(level) - 1]]);
}

/** In-memory index of a province's divisions (Shanxi: about 23,000 regions, Hebei about 57,000). */
export class RegionIndex {
  private readonly byCode = new Map<string, Region>();
  private readonly children = new Map<string, Region[]>();
  /** The code of the province the index holds. */
  readonly province: string;

  constructor(
    readonly source: string,
    rows: Array<[string, string]>,
  ) {
    this.province = rows.find(([code]) => code.length === 2)?.[0] ?? '';
    for (const [code, name] of rows) {
      const region: Region = { code, name, level: levelOfCode(code) as RegionLevel, parentCode: parentOf(code) };
      this.byCode.set(code, region);
      if (region.parentCode) {
        const list = this.children.get(region.parentCode) ?? [];
        list.push(region);
        this.children.set(region.parentCode, list);
      }
    }
  }

  get(code: string): Region | undefined {
    return this.byCode.get(code);
  }

  has(code: string, ...levels: RegionLevel[]): boolean {
    const region = this.byCode.get(code);
    return !!region && (levels.length === 0 || levels.includes(region.level));
  }

  childrenOf(code: string): Region[] {
    return this.children.get(code) ?? [];
  }

  /** Every region at `level` inside `code` (the region itself when it is at that level). */
  descendants(code: string, level: RegionLevel): Region[] {
    const root = this.byCode.get(code);
    if (!root) return [];
    const target = CODE_LENGTH[level];
    if (root.code.length === target) return [root];
    if (root.code.length > target) return [];
    let frontier = [root];
    while (frontier.length > 0 && frontier[0].code.length < target) {
      frontier = frontier.flatMap((r) => this.childrenOf(r.code));
    }
    return frontier;
  }

  /** Province, city, county … down to the region itself. */
  path(code: string): Region[] {
    const out: Region[] = [];
    for (let c: string | null = code; c; c = parentOf(c)) {
      const region = this.byCode.get(c);
      if (region) out.unshift(region);
    }
    return out;
  }

  count(level: RegionLevel): number {
    let n = 0;
    for (const r of this.byCode.values()) if (r.level === level) n++;
    return n;
  }
}

const loaded = new Map<string, RegionIndex>();

/**
 * The divisions of a province (default this deployment's, PROVINCE_CODE), loaded once per
 * process from data/<code>.json beside this lib (`npm run regions -- --province <code>`
 * writes it).
 */
export function regions(province: string = PROVINCE): RegionIndex {
  let shared = loaded.get(province);
  if (!shared) {
    const url = new URL(`../data/${province}.json`, import.meta.url);
    let text: string;
    try {
      text = readFileSync(url, 'utf8');
    } catch {
      throw new Error(`no region data for province ${province}: run PROVINCE_CODE=${province} npm run regions (writes libs/regions/data/${province}.json)`);
    }
    const file = JSON.parse(text) as DivisionFile;
    shared = new RegionIndex(file.source, [file.province, ...file.cities, ...file.counties, ...file.townships, ...file.villages]);
    loaded.set(province, shared);
  }
  return shared;
}

/** The divisions of a province when its data file is there (the national view has only some), else null. */
export function regionsIfAny(province: string): RegionIndex | null {
  try {
    return regions(province);
  } catch {
    return null;
  }
}

let provinceNames: Map<string, string> | undefined;

/** Every province by code with its name (data/provinces.json), for the national view. */
export function provinces(): ReadonlyMap<string, string> {
  provinceNames ??= new Map(
    (JSON.parse(readFileSync(new URL('../data/provinces.json', import.meta.url), 'utf8')) as { provinces: Array<[string, string]> }).provinces,
  );
  return provinceNames;
}

/** The name of a province by its code. */
export function provinceName(code: string): string | undefined {
  return provinces().get(code);
}

/**
 * The kind of a township-level division, from digits 7–9 of its statistical code (统计用区划代码):
 * 001–099 街道 (urban sub-district), 100–199 镇 (town), 200–399 乡 (township, 民族乡 included),
 * 400 and above 类似乡级单位 (development zones, farms, mines and the like).
 */
export type TownshipKind = 'subdistrict' | 'town' | 'township' | 'other';
const TOWNSHIP_KINDS: readonly TownshipKind[] = ['subdistrict', 'town', 'township', 'other'];

export function townshipKind(code: string): TownshipKind {
  const n = Number(code.slice(6, 9));
  return n < 100 ? 'subdistrict' : n < 200 ? 'town' : n < 400 ? 'township' : 'other';
}

/** What township coverage counts (data/coverage.json): the township kinds of the denominator and the outlet kinds that cover. */
export interface CoverageRule {
  countedTownshipKinds: TownshipKind[];
  outletKinds: string[];
}

let rule: CoverageRule | undefined;

export function coverageRule(): CoverageRule {
  if (!rule) {
    const file = JSON.parse(readFileSync(new URL('../data/coverage.json', import.meta.url), 'utf8')) as CoverageRule;
    const unknown = file.countedTownshipKinds.filter((k) => !TOWNSHIP_KINDS.includes(k));
    if (unknown.length > 0) throw new Error(`libs/regions/data/coverage.json: unknown township kinds ${unknown.join(', ')}`);
    rule = { countedTownshipKinds: file.countedTownshipKinds, outletKinds: file.outletKinds };
  }
  return rule;
}
