import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const ORGANISATION_KINDS = ['postal_admin', 'county_centre', 'courier', 'cold_chain_operator'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

@Entity({ name: 'organisations' })
export class Organisation {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column() name: string;
  @Column({ type: 'text' }) kind: OrganisationKind;
  @Column({ name: 'region_code' }) regionCode: string;
  @Column({ type: 'text', nullable: true }) uscc: string | null;
  @Column({ name: 'created_by' }) createdBy: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 }) createdAt: Date;
}
