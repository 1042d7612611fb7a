import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/** An express enterprise with its business licence (快递企业及其经营许可). */
@Entity({ name: 'enterprises' })
@Index('ix_enterprises_created', ['createdAt', 'id'])
export class Enterprise {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column() name: string;
  @Column({ unique: true }) uscc: string;
  @Column() brand: string;
  @Column({ name: 'licence_number' }) licenceNumber: string;
  @Column({ name: 'licence_valid_from', type: 'date' }) licenceValidFrom: string;
  @Column({ name: 'licence_valid_to', type: 'date' }) licenceValidTo: string;
  @Column({ name: 'licence_scope' }) licenceScope: string;
  @Column({ name: 'licence_territory', type: 'text', array: true }) licenceTerritory: string[];
  @Column({ name: 'licence_issued_by' }) licenceIssuedBy: string;
  @Column({ name: 'licence_revoked_at', type: 'timestamptz', nullable: true }) licenceRevokedAt: Date | null;
  /** ended at the holder's request (注销), unlike a revocation (吊销) */
  @Column({ name: 'licence_cancelled_at', type: 'timestamptz', nullable: true }) licenceCancelledAt: Date | null;
  /** the last end of the licence announced to the outlets service (licenceLapse's key), so none is announced twice */
  @Column({ name: 'licence_lapse_announced', type: 'text', nullable: true }) licenceLapseAnnounced: string | null;
  @Column({ name: 'created_by' }) createdBy: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 }) updatedAt: Date;
  @VersionColumn() version: number;
}
