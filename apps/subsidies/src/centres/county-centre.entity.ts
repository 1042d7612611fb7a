import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A county logistics centre (县级寄递物流中心), one per county, tied to its organisation. */
@Entity({ name: 'county_centres' })
export class CountyCentre {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column() name: string;
  @Column({ name: 'county_code' }) countyCode: string;
  @Column({ name: 'org_id', type: 'uuid' }) orgId: string;
  @Column({ name: 'daily_capacity', type: 'integer', nullable: true }) dailyCapacity: number | null;
  @Column({ name: 'created_by' }) createdBy: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 }) createdAt: Date;
}
