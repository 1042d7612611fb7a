import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { CappedBy, ClaimLineDto, ClaimStatus, Verification } from '@app/contracts';
import { asNumber } from '@app/database';

/** A subsidy claim (补助申请) with the amounts computed when it was filed. */
@Entity({ name: 'claims' })
export class Claim {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'programme_id', type: 'uuid' }) programmeId: string;
  @Column({ type: 'integer' }) year: number;
  @Column({ name: 'county_code' }) countyCode: string;
  @Column({ name: 'period_start', type: 'date' }) periodStart: string;
  @Column({ name: 'period_end', type: 'date' }) periodEnd: string;
  @Column({ type: 'text' }) status: ClaimStatus;
  @Column({ name: 'reported_items', type: 'bigint', transformer: asNumber }) reportedItems: number;
  @Column({ type: 'bigint', transformer: asNumber }) items: number;
  @Column({ name: 'gross_fen', type: 'bigint', transformer: asNumber }) grossFen: number;
  @Column({ name: 'amount_fen', type: 'bigint', transformer: asNumber }) amountFen: number;
  @Column({ name: 'avg_fen', type: 'numeric', transformer: asNumber }) avgFen: number;
  @Column({ name: 'capped_by', type: 'text', nullable: true }) cappedBy: CappedBy;
  @Column({ name: 'avg_ceiling_fen', type: 'integer' }) avgCeilingFen: number;
  @Column({ name: 'ceiling_document', type: 'text', nullable: true }) ceilingDocument: string | null;
  @Column({ name: 'ceiling_clause', type: 'text', nullable: true }) ceilingClause: string | null;
  @Column({ type: 'text' }) verification: Verification;
  @Column({ type: 'jsonb' }) lines: ClaimLineDto[];
  @Column({ name: 'voucher_no', type: 'text', nullable: true }) voucherNo: string | null;
  @Column({ name: 'paid_on', type: 'date', nullable: true }) paidOn: string | null;
  @Column({ name: 'paid_amount_fen', type: 'bigint', nullable: true, transformer: asNumber }) paidAmountFen: number | null;
  @Column({ name: 'return_reason', type: 'text', nullable: true }) returnReason: string | null;
  @Column({ name: 'created_by' }) createdBy: string;
  @Column({ name: 'org_id', type: 'text', nullable: true }) orgId: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 }) updatedAt: Date;
}
