import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Direction, Verification } from '@app/contracts';

export interface ProgrammeRate {
  direction: Direction;
  countyCode?: string;
  rateFen: number;
}

export interface ProgrammeBudget {
  countyCode: string;
  amountFen: number;
}

/** A subsidy programme (补助项目): every figure is data. */
@Entity({ name: 'programmes' })
export class Programme {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'integer' }) year: number;
  @Column() name: string;
  @Column({ type: 'text', array: true }) directions: Direction[];
  @Column({ type: 'jsonb' }) rates: ProgrammeRate[];
  @Column({ name: 'avg_ceiling_fen', type: 'integer' }) avgCeilingFen: number;
  @Column({ name: 'ceiling_document', type: 'text', nullable: true }) ceilingDocument: string | null;
  @Column({ name: 'ceiling_clause', type: 'text', nullable: true }) ceilingClause: string | null;
  @Column({ type: 'text' }) verification: Verification;
  @Column({ type: 'jsonb' }) budgets: ProgrammeBudget[];
  @Column({ name: 'created_by' }) createdBy: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 }) createdAt: Date;
}

/** The rate of a direction for a county: its own rate if the programme sets one, else the default. */
export function rateFor(programme: Programme, direction: Direction, countyCode: string): number | null {
  const own = programme.rates.find((r) => r.direction === direction && r.countyCode === countyCode);
  const fallback = programme.rates.find((r) => r.direction === direction && !r.countyCode);
  return (own ?? fallback)?.rateFen ?? null;
}

/** The ceiling's basis as shown (null only for programmes filed before bases were recorded). */
export function ceilingBasis(p: { ceilingDocument: string | null; ceilingClause: string | null }): { document: string; clause: string } | null {
  return p.ceilingDocument && p.ceilingClause ? { document: p.ceilingDocument, clause: p.ceilingClause } : null;
}
