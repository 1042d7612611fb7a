import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ENERGY_CARRIERS, FactorSetListDto, FactorSetRefDto, shanghaiToday } from '@app/contracts';
import { EmissionFactor, FactorSet } from './factor-set.entity.js';
import { CarrierFactors } from './emissions.rules.js';
import { factorSetDto, refOf } from './factor-set.view.js';

export interface CurrentFactorSet {
  ref: FactorSetRefDto;
  factors: CarrierFactors;
}

/**
 * Emission factor sets. New reports are computed with the set in effect today (latest
 * effective date, then highest version); a report keeps the set it was computed with.
 */
@Injectable()
export class FactorSetsService {
  constructor(
    @InjectRepository(FactorSet) private readonly sets: Repository<FactorSet>,
    @InjectRepository(EmissionFactor) private readonly factors: Repository<EmissionFactor>,
  ) {}

  async current(): Promise<CurrentFactorSet> {
    const set = await this.sets
      .createQueryBuilder('s')
      .where('s.effective_from <= :today', { today: shanghaiToday() })
      .orderBy('s.effective_from', 'DESC')
      .addOrderBy('s.version', 'DESC')
      .getOne();
    if (!set) throw new Error('no emission factor set is in effect; the green migrations seed one');
    const rows = await this.factors.findBy({ factorSetId: set.id });
    const factors = Object.fromEntries(rows.map((r) => [r.carrier, r.kgCo2ePerUnit])) as Partial<CarrierFactors>;
    const missing = ENERGY_CARRIERS.filter((c) => factors[c] === undefined);
    if (missing.length) throw new Error(`factor set ${set.name} v${set.version} lacks ${missing.join(', ')}`);
    return { ref: refOf(set), factors: factors as CarrierFactors };
  }

  /** id → name and version of every set (a handful of rows). */
  async refs(): Promise<Map<string, FactorSetRefDto>> {
    const all = await this.sets.find();
    return new Map(all.map((s) => [s.id, refOf(s)]));
  }

  async list(): Promise<FactorSetListDto> {
    const [all, rows, current] = await Promise.all([
      this.sets.find({ order: { effectiveFrom: 'DESC', version: 'DESC' } }),
      this.factors.find(),
      this.current(),
    ]);
    const items = all.map((s) => factorSetDto(s, rows, s.id === current.ref.id));
    return { items };
  }
}
