import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Direction } from '@app/contracts';
import { asNumber } from '@app/database';

/** One version of a centre's daily count for a brand and direction (日寄递量，含更正版本). */
@Entity({ name: 'parcel_counts' })
export class ParcelCount {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'centre_id', type: 'uuid' }) centreId: string;
  @Column({ name: 'county_code' }) countyCode: string;
  @Column({ type: 'date' }) date: string;
  @Column() brand: string;
  @Column({ type: 'text' }) direction: Direction;
  @Column({ type: 'integer' }) items: number;
  @Column({ name: 'weight_kg', type: 'numeric', nullable: true, transformer: asNumber }) weightKg: number | null;
  @Column({ type: 'integer' }) version: number;
  @Column({ name: 'previous_items', type: 'integer', nullable: true }) previousItems: number | null;
  @Column({ type: 'text', nullable: true }) reason: string | null;
  @Column({ name: 'upload_id', type: 'uuid' }) uploadId: string;
  @Column({ name: 'reported_by' }) reportedBy: string;
  @Column({ name: 'reported_org', type: 'text', nullable: true }) reportedOrg: string | null;
  @Column({ name: 'logic_errors', type: 'text', array: true }) logicErrors: string[];
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 }) createdAt: Date;
  @Column({ name: 'superseded_at', type: 'timestamptz', precision: 3, nullable: true }) supersededAt: Date | null;
}
