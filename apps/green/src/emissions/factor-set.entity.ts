import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { EnergyCarrier } from '@app/contracts';
import { asNumber } from '@app/database';

/** A named, versioned set of emission factors; rows are added by migrations, never changed. */
@Entity({ name: 'factor_sets' })
export class FactorSet {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column() name: string;
  @Column({ type: 'integer' }) version: number;
  @Column({ name: 'effective_from', type: 'date' }) effectiveFrom: string;
  @Column() gases: string;
  @Column() description: string;
  @Column({ name: 'created_at', type: 'timestamptz', precision: 3, default: () => 'now()' }) createdAt: Date;
}

@Entity({ name: 'emission_factors' })
export class EmissionFactor {
  @PrimaryColumn({ name: 'factor_set_id', type: 'uuid' }) factorSetId: string;
  @PrimaryColumn({ type: 'text' }) carrier: EnergyCarrier;
  @Column() unit: string;
  @Column({ name: 'kg_co2e_per_unit', type: 'numeric', transformer: asNumber }) kgCo2ePerUnit: number;
  @Column() derivation: string;
  @Column() source: string;
}
