import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { asNumber } from '@app/database';
import type { Commodity, DesignationLevel, FacilityKind, FacilityStatus, ZoneKind } from '@app/contracts';

/** A cold-chain facility of the registry (冷链设施). Written by FacilityStore in set-based SQL. */
@Entity({ name: 'facilities' })
@Index('ix_facilities_created', ['createdAt', 'id'])
export class Facility {
  @PrimaryColumn('uuid') id: string;
  @Column() code: string;
  @Column({ type: 'text' }) kind: FacilityKind;
  @Column() name: string;
  @Column() operator: string;
  @Column({ name: 'operator_uscc', type: 'char', length: 18, nullable: true }) operatorUscc: string | null;
  @Column({ name: 'region_code' }) regionCode: string;
  @Column({ name: 'county_code', insert: false, update: false }) countyCode: string;
  @Column({ type: 'text', nullable: true }) address: string | null;
  @Column({ type: 'numeric', transformer: asNumber }) lat: number;
  @Column({ type: 'numeric', transformer: asNumber }) lng: number;
  @Column({ name: 'capacity_tonnes', type: 'numeric', transformer: asNumber }) capacityTonnes: number;
  @Column({ name: 'volume_m3', type: 'numeric', nullable: true, transformer: asNumber }) volumeCubicMetres: number | null;
  @Column({ type: 'text', array: true }) commodities: Commodity[];
  @Column({ type: 'text' }) status: FacilityStatus;
  @Column({ name: 'status_since', type: 'date' }) statusSince: string;
  @Column({ name: 'designation_level', type: 'text', nullable: true }) designationLevel: DesignationLevel | null;
  @Column({ name: 'designated_at', type: 'date', nullable: true }) designatedAt: string | null;
  @Column({ name: 'parent_id', type: 'uuid', nullable: true }) parentId: string | null;
  @Column({ name: 'created_by' }) createdBy: string;
  @Column({ name: 'created_at', type: 'timestamptz', precision: 3, insert: false, update: false }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', precision: 3 }) updatedAt: Date;
  @Column() version: number;
  /** the client's Idempotency-Key of the registration: a retried registration finds this facility */
  @Column({ name: 'idempotency_key', type: 'text', nullable: true }) idempotencyKey: string | null;
}

/** A temperature zone of a facility (温区); one row per zone kind. */
@Entity({ name: 'temperature_zones' })
export class TemperatureZone {
  @PrimaryColumn({ name: 'facility_id', type: 'uuid' }) facilityId: string;
  @PrimaryColumn({ type: 'text' }) zone: ZoneKind;
  @Column({ name: 'min_c', type: 'numeric', transformer: asNumber }) minC: number;
  @Column({ name: 'max_c', type: 'numeric', transformer: asNumber }) maxC: number;
  @Column({ name: 'capacity_tonnes', type: 'numeric', transformer: asNumber }) capacityTonnes: number;
  @Column({ name: 'oxygen_pct', type: 'numeric', nullable: true, transformer: asNumber }) oxygenPct: number | null;
  @Column({ name: 'co2_pct', type: 'numeric', nullable: true, transformer: asNumber }) carbonDioxidePct: number | null;
}

/** One dated row of a facility's status history (状态历史); the registration is the first. */
@Entity({ name: 'status_history' })
export class StatusChange {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) seq: string;
  @Column({ name: 'facility_id', type: 'uuid' }) facilityId: string;
  @Column({ name: 'from_status', type: 'text', nullable: true }) fromStatus: FacilityStatus | null;
  @Column({ name: 'to_status', type: 'text' }) toStatus: FacilityStatus;
  @Column({ name: 'effective_date', type: 'date' }) effectiveDate: string;
  @Column({ type: 'text', nullable: true }) reason: string | null;
  @Column({ name: 'recorded_by' }) recordedBy: string;
  /** the client's Idempotency-Key: a retried change finds this row instead of failing as unchanged */
  @Column({ name: 'idempotency_key', type: 'text', nullable: true }) idempotencyKey: string | null;
  @Column({ name: 'created_at', type: 'timestamptz', precision: 3, insert: false, update: false }) createdAt: Date;
}
