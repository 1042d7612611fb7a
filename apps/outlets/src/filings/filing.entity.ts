import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { OperatorCredit } from '../supervision/licence.gate.js';
import type { FilingStatus, FilingType, OutletKind } from '@app/contracts';
import type { Compartments } from '../usage/usage.rules.js';

/** The outlet's particulars as one version filed them. */
export interface Particulars {
  kind: OutletKind;
  name: string;
  enterpriseId: string;
  enterpriseName: string;
  sharedEnterpriseIds: string[];
  regionCode: string;
  address: string;
  location: { lat: number; lng: number };
  openingHours: string | null;
  personInCharge: string | null;
  compartments: Compartments | null;
  /** the branch or business office of the operator that runs it (分支机构、营业部); absent in filings before branches existed */
  branchId?: string | null;
}

/** One filing version of an outlet (备案版本): first filing, change or closure. */
@Entity({ name: 'filings' })
export class Filing {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'outlet_id', type: 'uuid' }) outletId: string;
  @Column({ type: 'integer' }) version: number;
  @Column({ type: 'text' }) type: FilingType;
  @Column({ type: 'text' }) status: FilingStatus;
  @Column({ type: 'jsonb' }) particulars: Particulars;
  @Column({ name: 'effective_on', type: 'date' }) effectiveOn: string;
  /** the operator's credit standing when this version was filed (null: filed before credit was consulted, or a closure) */
  @Column({ name: 'operator_credit', type: 'jsonb', nullable: true }) operatorCredit: OperatorCredit | null;
  @Column({ name: 'submitted_on', type: 'date' }) submittedOn: string;
  @Column({ name: 'due_on', type: 'date' }) dueOn: string;
  @Column({ name: 'decision_due_on', type: 'date', nullable: true }) decisionDueOn: string | null;
  @Column({ name: 'notice_due_on', type: 'date', nullable: true }) noticeDueOn: string | null;
  @Column({ name: 'notice_on', type: 'date', nullable: true }) noticeOn: string | null;
  @Column({ name: 'missing_items', type: 'text', array: true }) missingItems: string[];
  @Column({ name: 'decided_on', type: 'date', nullable: true }) decidedOn: string | null;
  @Column({ name: 'decided_by', type: 'text', nullable: true }) decidedBy: string | null;
  @Column({ type: 'text', nullable: true }) reason: string | null;
  @Column({ name: 'submitted_by' }) submittedBy: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 }) createdAt: Date;
}
