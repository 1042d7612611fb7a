import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { GreenPeriod } from '@app/contracts';

/** A due date an administrator set for one year and period, overriding the configured rule. */
@Entity({ name: 'deadlines' })
export class GreenDeadline {
  @PrimaryColumn({ type: 'integer' }) year: number;
  @PrimaryColumn({ type: 'text' }) period: GreenPeriod;
  @Column({ name: 'due_date', type: 'date' }) dueDate: string;
  @Column({ name: 'set_by' }) setBy: string;
  @Column({ name: 'created_at', type: 'timestamptz', precision: 3, default: () => 'now()' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', precision: 3, default: () => 'now()' }) updatedAt: Date;
}
