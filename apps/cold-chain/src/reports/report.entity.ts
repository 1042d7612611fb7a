import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ZoneKind } from '@app/contracts';
import { asNumber } from '@app/database';

/** A monthly operating report (月度运营报告); a correction is the next version of the month. */
@Entity({ name: 'operating_reports' })
export class OperatingReport {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'facility_id', type: 'uuid' }) facilityId: string;
  /** first day of the month reported */
  @Column({ type: 'date' }) month: string;
  @Column() version: number;
  @Column({ name: 'throughput_tonnes', type: 'numeric', transformer: asNumber }) throughputTonnes: number;
  @Column({ name: 'avg_utilisation_pct', type: 'numeric', transformer: asNumber }) avgUtilisationPct: number;
  @Column({ type: 'jsonb' }) excursions: Array<{ zone: ZoneKind; count: number; longestMinutes: number }>;
  @Column({ name: 'excursion_count' }) excursionCount: number;
  @Column({ name: 'longest_excursion_minutes' }) longestExcursionMinutes: number;
  @Column({ name: 'correction_reason', type: 'text', nullable: true }) correctionReason: string | null;
  @Column({ name: 'filed_by' }) filedBy: string;
  /** the client's Idempotency-Key: a retried filing finds this version instead of adding one */
  @Column({ name: 'idempotency_key', type: 'text', nullable: true }) idempotencyKey: string | null;
  @Column({ name: 'created_at', type: 'timestamptz', precision: 3, insert: false, update: false }) createdAt: Date;
}
