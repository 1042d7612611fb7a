import { ENERGY_CARRIERS, type FactorSetDto, type FactorSetRefDto } from '@app/contracts';
import type { EmissionFactor, FactorSet } from './factor-set.entity.js';

/** A factor set as a report names it. */
export function refOf(s: FactorSet): FactorSetRefDto {
  return { id: s.id, name: s.name, version: s.version };
}

/** A factor set with its factors in carrier order; `rows` may hold other sets' factors too. */
export function factorSetDto(s: FactorSet, rows: EmissionFactor[], current: boolean): FactorSetDto {
  return {
    ...refOf(s),
    effectiveFrom: s.effectiveFrom,
    gases: s.gases,
    description: s.description,
    current,
    factors: rows
      .filter((r) => r.factorSetId === s.id)
      .sort((a, b) => ENERGY_CARRIERS.indexOf(a.carrier) - ENERGY_CARRIERS.indexOf(b.carrier))
      .map((r) => ({ carrier: r.carrier, unit: r.unit, kgCo2ePerUnit: r.kgCo2ePerUnit, derivation: r.derivation, source: r.source })),
  };
}
