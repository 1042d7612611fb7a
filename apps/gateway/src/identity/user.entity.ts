import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Role } from '@app/contracts';

@Entity({ name: 'users' })
export class User {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ unique: true }) username: string;
  @Column({ name: 'password_hash' }) passwordHash: string;
  @Column({ type: 'text' }) role: Role;
  @Column({ name: 'org_id', type: 'uuid', nullable: true }) orgId: string | null;
  @Column({ name: 'region_code' }) regionCode: string;
  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true }) disabledAt: Date | null;
  /** raised by a disable, a role, region or password change: tokens of an earlier version are refused */
  @Column({ name: 'token_version', type: 'integer' }) tokenVersion: number;
  @Column({ name: 'created_by' }) createdBy: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 }) createdAt: Date;
}
