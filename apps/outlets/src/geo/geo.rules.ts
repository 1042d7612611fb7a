import type { Point } from '@app/regions';

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
