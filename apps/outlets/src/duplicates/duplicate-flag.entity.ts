import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { DuplicateStatus } from '@app/contracts';

/** Two outlets of different operators at the same address, close together (疑似重复备案). */
@Entity({ name: 'duplicate_flags' })
export class DuplicateFlag {
  @PrimaryGeneratedColumn('uuid') id: string;
  /** the outlet whose filing raised the flag */
  @Column({ name: 'outlet_id', type: 'uuid' }) outletId: string;
  @Column({ name: 'other_outlet_id', type: 'uuid' }) otherOutletId: string;
  @Column({ name: 'distance_m', type: 'double precision' }) distanceM: number;
  @Column({ type: 'text' }) status: DuplicateStatus;
  @Column({ type: 'text', nullable: true }) note: string | null;
  @Column({ name: 'reviewed_by', type: 'text', nullable: true }) reviewedBy: string | null;
  @Column({ name: 'reviewed_at', type: 'timestamptz', nullable: true }) reviewedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 }) createdAt: Date;
}
