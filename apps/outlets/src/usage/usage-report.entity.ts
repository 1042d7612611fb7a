import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { OutletKind } from '@app/contracts';

/** One day of an outlet's parcels (日业务量); a second report of the day replaces the first. */
@Entity({ name: 'usage_reports' })
export class UsageReport {
  @PrimaryColumn({ name: 'outlet_id', type: 'uuid' }) outletId: string;
  @PrimaryColumn({ type: 'date' }) date: string;
  @Column({ type: 'text' }) kind: OutletKind;
  @Column({ name: 'county_code' }) countyCode: string;
  @Column({ name: 'township_code' }) townshipCode: string;
  /** the locker's compartments on that day (0 for other kinds) */
  @Column({ type: 'integer' }) compartments: number;
  @Column({ name: 'parcels_in', type: 'integer' }) parcelsIn: number;
  @Column({ name: 'parcels_collected', type: 'integer' }) parcelsCollected: number;
  @Column({ name: 'parcels_delivered', type: 'integer' }) parcelsDelivered: number;
  @Column({ name: 'reported_by' }) reportedBy: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 }) updatedAt: Date;
}
