import { boundsOf, within, type Point } from '@app/regions';

const withinShanxi = (p: Point) => within(p, boundsOf('14'));
const withinHebei = (p: Point) => within(p, boundsOf('13'));
import { addressKey, boxAround, distanceMetres, sameAddress } from './geo.rules.js';

describe('geo rules', () => {
  it('accepts points inside Shanxi and refuses points outside or with swapped coordinates', () => {
    expect(withinShanxi({ lat: 37.87, lng: 112.55 })).toBe(true); // Taiyuan
    expect(withinShanxi({ lat: 35.14, lng: 110.77 })).toBe(true); // Linyi county, Yuncheng
    expect(withinShanxi({ lat: 39.9, lng: 116.4 })).toBe(false); // Beijing
    expect(withinShanxi({ lat: 112.55, lng: 37.87 })).toBe(false); // swapped
    expect(withinShanxi({ lat: 34.4, lng: 111 })).toBe(false); // south of the Yellow River bend
  });

  it('has a box for Hebei from its stated extent, and China’s extent for a province without one', () => {
    expect(withinHebei({ lat: 38.04, lng: 114.51 })).toBe(true); // Shijiazhuang
    expect(withinHebei({ lat: 41.77, lng: 117.6 })).toBe(true); // Weichang county, Chengde
    expect(withinHebei({ lat: 37.87, lng: 112.55 })).toBe(false); // Taiyuan
    expect(boundsOf('13').exact).toBe(true);
    expect(boundsOf('44')).toMatchObject({ exact: false, minLat: 3.8, maxLng: 135.1 });
  });

  it('measures great-circle distances in metres', () => {
    // Taiyuan to Datong, about 257 km apart
    const d = distanceMetres({ lat: 37.8706, lng: 112.5489 }, { lat: 40.0768, lng: 113.3001 });
    expect(d).toBeGreaterThan(250_000);
    expect(d).toBeLessThan(260_000);
    // 0.0003° of latitude is about 33 m
    expect(distanceMetres({ lat: 35.1, lng: 110.7 }, { lat: 35.1003, lng: 110.7 })).toBeCloseTo(33.4, 0);
    expect(distanceMetres({ lat: 35.1, lng: 110.7 }, { lat: 35.1, lng: 110.7 })).toBe(0);
  });

  it('builds a box that contains every point within the distance', () => {
    const p = { lat: 38, lng: 112 };
    const box = boxAround(p, 100);
    const east = { lat: 38, lng: box.maxLng };
    const north = { lat: box.maxLat, lng: 112 };
    expect(distanceMetres(p, east)).toBeCloseTo(100, 0);
    expect(distanceMetres(p, north)).toBeCloseTo(100, 0);
  });

  it('compares addresses after folding width, spaces and punctuation', () => {
    expect(addressKey('临猗县 城关镇解放路１２号。')).toBe('临猗县城关镇解放路12号');
    expect(sameAddress('临猗县城关镇解放路12号', '临猗县 城关镇 解放路１２号')).toBe(true);
    expect(sameAddress('山西省运城市临猗县城关镇解放路12号', '临猗县城关镇解放路12号')).toBe(true);
    expect(sameAddress('临猗县城关镇解放路12号', '临猗县城关镇解放路14号')).toBe(false);
    expect(sameAddress('。', '临猗县城关镇解放路12号')).toBe(false);
  });
});
