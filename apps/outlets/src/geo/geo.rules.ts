/**
 * Shanxi's bounding box in WGS-84 degrees: the province spans about 34°34′–40°44′ N and
 * 110°14′–114°33′ E (山西省地理概况); the box rounds outwards to 34.5–40.8 N, 110.2–114.6 E.
 * A box is coarse (it takes in edges of the neighbouring provinces) but catches swapped
 * coordinates, GCJ/BD offsets gone wrong by degrees, and points elsewhere in China.
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

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres (haversine, mean Earth radius). */
export function distanceMetres(a: Point, b: Point): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A box that holds every point within `metres` of `p` (for an index prefilter). */
export function boxAround(p: Point, metres: number): { minLat: number; maxLat: number; minLng: number; maxLng: number } {
  const dLat = (metres / EARTH_RADIUS_M) * (180 / Math.PI);
  const dLng = dLat / Math.max(Math.cos(rad(p.lat)), 0.01);
  return { minLat: p.lat - dLat, maxLat: p.lat + dLat, minLng: p.lng - dLng, maxLng: p.lng + dLng };
}

/**
 * An address reduced for comparison: full-width forms folded (NFKC), whitespace and
 * punctuation dropped, Latin letters lower-cased. `临猗县 城关镇解放路１２号。` and
 * `临猗县城关镇解放路12号` give the same key.
 */
export function addressKey(address: string): string {
  return address
    .normalize('NFKC')
    .replace(/[\s\p{P}\p{S}]+/gu, '')
    .toLowerCase();
}

/**
 * Two addresses name the same place when their keys are equal or one ends with the other
 * (one writes the province, city or county in front, the other leaves it out).
 */
export function sameAddress(a: string, b: string): boolean {
  const ka = addressKey(a);
  const kb = addressKey(b);
  if (!ka || !kb) return false;
  return ka === kb || ka.endsWith(kb) || kb.endsWith(ka);
}
