import { readFileSync } from 'node:fs';

/**
 * Shanxi's bounding box in WGS-84 degrees: the province spans about 34°34′–40°44′ N and
 * 110°14′–114°33′ E (山西省地理概况); the box rounds outwards to 34.5–40.8 N, 110.2–114.6 E.
 * A box is coarse (it takes in edges of the neighbouring provinces) but catches swapped
 * coordinates, GCJ/BD offsets gone wrong by degrees, and points elsewhere in China; the
 * region code names the county.
 */
export const SHANXI_BOUNDS = { minLat: 34.5, maxLat: 40.8, minLng: 110.2, maxLng: 114.6 } as const;

export interface Point {
  lat: number;
  lng: number;
}

export function withinShanxi(p: Point): boolean {
  const b = SHANXI_BOUNDS;
  return p.lat >= b.minLat && p.lat <= b.maxLat && p.lng >= b.minLng && p.lng <= b.maxLng;
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

/** In-memory index of Shanxi's divisions (about 23,000 regions). */
export class RegionIndex {
  private readonly byCode = new Map<string, Region>();
  private readonly children = new Map<string, Region[]>();

  constructor(readonly source: string, rows: Array<[string, string]>) {
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

let shared: RegionIndex | undefined;

/** The divisions of Shanxi, loaded once per process from the data file beside this lib. */
export function regions(): RegionIndex {
  if (!shared) {
    const file = JSON.parse(readFileSync(new URL('../data/shanxi.json', import.meta.url), 'utf8')) as DivisionFile;
    shared = new RegionIndex(file.source, [
      file.province,
      ...file.cities,
      ...file.counties,
      ...file.townships,
      ...file.villages,
    ]);
  }
  return shared;
}
