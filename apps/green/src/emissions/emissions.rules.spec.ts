import { co2eOf } from './emissions.rules.js';

/**
 * Factor set cn-express-energy-co2 v1, as its migration derives it:
 *   diesel   0.84 kg/L × 42.652 MJ/kg × 74,100 kg/TJ ÷ 10^6 = 2.654831088 kg/L
 *   gasoline 0.73 kg/L × 43.070 MJ/kg × 69,300 kg/TJ ÷ 10^6 = 2.17886823 kg/L
 *   CNG      38.931 MJ/m³ × 56,100 kg/TJ ÷ 10^6            = 2.1840291 kg/m³
 *   electricity 0.5366 kg/kWh (MEE/NBS 2022 national average)
 */
const V1 = { diesel: 2.654831088, gasoline: 2.17886823, electricity: 0.5366, cng: 2.1840291 };

describe('CO2 from energy use', () => {
  it('derives the fuel factors from density, net calorific value and the IPCC factor', () => {
    expect((0.84 * 42.652 * 74100) / 1e6).toBeCloseTo(V1.diesel, 9);
    expect((0.73 * 43.07 * 69300) / 1e6).toBeCloseTo(V1.gasoline, 9);
    expect((38.931 * 56100) / 1e6).toBeCloseTo(V1.cng, 9);
  });

  it('gives the hand-worked figure for a known activity set', () => {
    // 12,000 L diesel   → 12,000 × 0.84 = 10,080 kg × 42.652 MJ/kg = 429,932.16 MJ = 0.42993216 TJ × 74,100 = 31,857.973056 kg
    //  3,000 L gasoline →  3,000 × 0.73 =  2,190 kg × 43.070 MJ/kg =  94,323.3 MJ  = 0.0943233 TJ  × 69,300 =  6,536.60469 kg
    // 50,000 kWh        → 50,000 × 0.5366                                                               = 26,830 kg
    //  1,500 m³ CNG     →  1,500 × 38.931 MJ/m³ = 58,396.5 MJ = 0.0583965 TJ × 56,100                   =  3,276.04365 kg
    // total 68,500.621396 kg → 68,500.621 kg
    const result = co2eOf({ dieselL: 12000, gasolineL: 3000, electricityKWh: 50000, cngM3: 1500 }, V1);
    expect(result.co2eKg).toBe(68500.621);
    expect(result.byCarrier).toEqual({ diesel: 31857.973, gasoline: 6536.605, electricity: 26830, cng: 3276.044 });
  });

  it('is zero without energy use and follows a new factor set, leaving the inputs alone', () => {
    expect(co2eOf({ dieselL: 0, gasolineL: 0, electricityKWh: 0, cngM3: 0 }, V1).co2eKg).toBe(0);
    const v2 = { ...V1, electricity: 0.5306 };
    expect(co2eOf({ dieselL: 0, gasolineL: 0, electricityKWh: 50000, cngM3: 0 }, v2).co2eKg).toBe(26530);
  });
});
