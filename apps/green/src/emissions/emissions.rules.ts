import type { EnergyCarrier } from '@app/contracts';

/** kg CO2 per activity unit of each carrier: per litre of diesel and gasoline, per kWh, per m³ of CNG. */
export type CarrierFactors = Record<EnergyCarrier, number>;

export interface EnergyUse {
  dieselL: number;
  gasolineL: number;
  electricityKWh: number;
  cngM3: number;
}

export interface Co2e {
  co2eKg: number;
  byCarrier: Record<EnergyCarrier, number>;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/**
 * CO2 from energy use: activity × factor for each carrier, to the gram. The total is
 * rounded once from the unrounded parts, so it can differ from the sum of the rounded parts
 * by a gram.
 */
export function co2eOf(energy: EnergyUse, factors: CarrierFactors): Co2e {
  const raw: Record<EnergyCarrier, number> = {
    diesel: energy.dieselL * factors.diesel,
    gasoline: energy.gasolineL * factors.gasoline,
    electricity: energy.electricityKWh * factors.electricity,
    cng: energy.cngM3 * factors.cng,
  };
  return {
    co2eKg: round3(raw.diesel + raw.gasoline + raw.electricity + raw.cng),
    byCarrier: { diesel: round3(raw.diesel), gasoline: round3(raw.gasoline), electricity: round3(raw.electricity), cng: round3(raw.cng) },
  };
}
