import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { OutletKind, OutletStatus } from '@app/contracts';
import type { Compartments } from '../usage/usage.rules.js';

/** A terminal outlet or smart locker with its current filed particulars (末端网点). */
@Entity({ name: 'outlets' })
@Index('ix_outlets_created', ['createdAt', 'id'])
export class Outlet {
  @PrimaryGeneratedColumn('uuid') id: string;
  /** organisation that filed it; null when the provincial admin filed it */
  @Column({ name: 'owner_org_id', type: 'text', nullable: true }) ownerOrgId: string | null;
  @Column({ type: 'text' }) kind: OutletKind;
  @Column() name: string;
  @Column({ name: 'enterprise_id', type: 'uuid' }) enterpriseId: string;
  @Column({ name: 'enterprise_name' }) enterpriseName: string;
  @Column({ name: 'shared_enterprise_ids', type: 'uuid', array: true }) sharedEnterpriseIds: string[];
  @Column({ name: 'region_code' }) regionCode: string;
  @Column({ name: 'county_code' }) countyCode: string;
  @Column({ name: 'township_code' }) townshipCode: string;
  @Column({ name: 'village_code', type: 'text', nullable: true }) villageCode: string | null;
  @Column() address: string;
  @Column({ type: 'double precision' }) lat: number;
  @Column({ type: 'double precision' }) lng: number;
  @Column({ name: 'opening_hours', type: 'text', nullable: true }) openingHours: string | null;
  @Column({ name: 'person_in_charge', type: 'text', nullable: true }) personInCharge: string | null;
  @Column({ type: 'jsonb', nullable: true }) compartments: Compartments | null;
  /** the operator's branch or business office that runs it (分支机构、营业部) */
  @Column({ name: 'branch_id', type: 'uuid', nullable: true }) branchId: string | null;
  @Column({ name: 'opened_on', type: 'date' }) openedOn: string;
  @Column({ type: 'text' }) status: OutletStatus;
  @Column({ name: 'receipt_no', type: 'text', nullable: true }) receiptNo: string | null;
  /** version of the particulars on this row */
  @Column({ type: 'integer' }) version: number;
  /** version of a filing awaiting decision */
  @Column({ name: 'pending_version', type: 'integer', nullable: true }) pendingVersion: number | null;
  @Column({ name: 'filed_on', type: 'date', nullable: true }) filedOn: string | null;
  @Column({ name: 'closed_on', type: 'date', nullable: true }) closedOn: string | null;
  @Column({ name: 'created_by' }) createdBy: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 }) updatedAt: Date;
}
