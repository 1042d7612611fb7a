import type { EntityManager } from 'typeorm';

/** What one batch brought for one place (`county|date`). */
export interface Tally {
  received: number;
  accepted: number;
  duplicates: number;
  rejected: number;
}

/** Writes a batch's tallies by county and business date, for the validity and duplicate indicators. */
export async function recordTallies(manager: EntityManager, source: 'counts' | 'waybills', batchId: string, tallies: Map<string, Tally>): Promise<void> {
  if (tallies.size === 0) return;
  const places = [...tallies.keys()];
  const t = places.map((p) => tallies.get(p) as Tally);
  await manager.query(
    `INSERT INTO subsidies.intake_tallies (batch_id, source, county_code, date, received, accepted, duplicates, rejected)
     SELECT $1, $2, county_code, date, received, accepted, duplicates, rejected
     FROM unnest($3::text[], $4::date[], $5::int[], $6::int[], $7::int[], $8::int[]) AS t(county_code, date, received, accepted, duplicates, rejected)`,
    [
      batchId,
      source,
      places.map((p) => p.split('|')[0]),
      places.map((p) => p.split('|')[1]),
      t.map((x) => x.received),
      t.map((x) => x.accepted),
      t.map((x) => x.duplicates),
      t.map((x) => x.rejected),
    ],
  );
}
