import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { asNumber } from '@app/database';
import type { GreenPeriod, GreenReportStatus, GreenVersionStatus } from '@app/contracts';
import type { Flag, PlasticReduction, StatedFigures } from './green.rules.js';

/** A report of one enterprise for a year, period and region; its figures live in its versions. */
@Entity({ name: 'reports' })
@Index('ix_reports_created', ['createdAt', 'id'])
export class GreenReport {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'enterprise_id', type: 'uuid' }) enterpriseId: string;
  @Column({ name: 'enterprise_uscc', type: 'char', length: 18 }) enterpriseUscc: string;
  @Column({ name: 'enterprise_name' }) enterpriseName: string;
  @Column({ type: 'integer' }) year: number;
  @Column({ type: 'text' }) period: GreenPeriod;
  @Column({ name: 'region_code' }) regionCode: string;
  @Column({ type: 'text' }) status: GreenReportStatus;
  @Column({ name: 'current_version', type: 'integer' }) currentVersion: number;
  @Column({ name: 'filed_on', type: 'date' }) filedOn: string;
  @Column({ name: 'created_by' }) createdBy: string;
  @Column({ name: 'created_at', type: 'timestamptz', precision: 3, default: () => 'now()' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', precision: 3, default: () => 'now()' }) updatedAt: Date;
}

/** One filed version: the figures as filed and what was computed from them, never changed after. */
@Entity({ name: 'report_versions' })
export class GreenReportVersion {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'report_id', type: 'uuid' }) reportId: string;
  @Column({ type: 'integer' }) version: number;
  @Column({ type: 'text' }) status: GreenVersionStatus;
  @Column({ type: 'bigint', transformer: asNumber }) parcels: number;
  @Column({ name: 'e_waybills', type: 'bigint', transformer: asNumber }) eWaybills: number;
  @Column({ name: 'transit_bags_total', type: 'bigint', transformer: asNumber }) transitBagsTotal: number;
  @Column({ name: 'recyclable_transit_bags', type: 'bigint', transformer: asNumber }) recyclableTransitBags: number;
  @Column({ name: 'plastic_bags_used', type: 'bigint', transformer: asNumber }) plasticBagsUsed: number;
  @Column({ name: 'plastic_bags_recovered', type: 'bigint', transformer: asNumber }) plasticBagsRecovered: number;
  @Column({ name: 'single_use_plastic_items', type: 'bigint', nullable: true, transformer: asNumber }) singleUsePlasticItems: number | null;
  @Column({ name: 'recyclable_boxes', type: 'bigint', nullable: true, transformer: asNumber }) recyclableBoxes: number | null;
  @Column({ name: 'tape_meters', type: 'numeric', nullable: true, transformer: asNumber }) tapeMeters: number | null;
  @Column({ name: 'vehicles_total', type: 'integer' }) vehiclesTotal: number;
  @Column({ name: 'vehicles_new_energy', type: 'integer' }) vehiclesNewEnergy: number;
  @Column({ name: 'diesel_l', type: 'numeric', transformer: asNumber }) dieselL: number;
  @Column({ name: 'gasoline_l', type: 'numeric', transformer: asNumber }) gasolineL: number;
  @Column({ name: 'electricity_kwh', type: 'numeric', transformer: asNumber }) electricityKWh: number;
  @Column({ name: 'cng_m3', type: 'numeric', transformer: asNumber }) cngM3: number;
  @Column({ name: 'e_waybill_rate', type: 'numeric', nullable: true, transformer: asNumber }) eWaybillRate: number | null;
  @Column({ name: 'recyclable_bag_rate', type: 'numeric', nullable: true, transformer: asNumber }) recyclableBagRate: number | null;
  @Column({ name: 'new_energy_share', type: 'numeric', nullable: true, transformer: asNumber }) newEnergyShare: number | null;
  @Column({ name: 'plastic_recovery_rate', type: 'numeric', nullable: true, transformer: asNumber }) plasticRecoveryRate: number | null;
  @Column({ name: 'plastic_reduction', type: 'jsonb', nullable: true }) plasticReduction: PlasticReduction | null;
  @Column({ name: 'co2e_kg', type: 'numeric', transformer: asNumber }) co2eKg: number;
  @Column({ name: 'co2e_by_carrier', type: 'jsonb' }) co2eByCarrier: { diesel: number; gasoline: number; electricity: number; cng: number };
  @Column({ name: 'factor_set_id', type: 'uuid' }) factorSetId: string;
  @Column({ type: 'jsonb', nullable: true }) stated: StatedFigures | null;
  @Column({ type: 'jsonb' }) flags: Flag[];
  @Column({ type: 'text', nullable: true }) note: string | null;
  @Column({ name: 'submitted_by' }) submittedBy: string;
  @Column({ name: 'submitted_org', type: 'text', nullable: true }) submittedOrg: string | null;
  @Column({ name: 'submitted_at', type: 'timestamptz', precision: 3, default: () => 'now()' }) submittedAt: Date;
  @Column({ name: 'decided_by', type: 'text', nullable: true }) decidedBy: string | null;
  @Column({ name: 'decided_at', type: 'timestamptz', precision: 3, nullable: true }) decidedAt: Date | null;
  @Column({ name: 'decision_reason', type: 'text', nullable: true }) decisionReason: string | null;
  /** the client's Idempotency-Key: a retried filing finds its version instead of adding one */
  @Column({ name: 'idempotency_key', type: 'text', nullable: true }) idempotencyKey: string | null;
}
