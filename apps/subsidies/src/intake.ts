import type { EntityManager } from 'typeorm';
import type { IntakeTalliedEvent } from '@app/contracts';

/** What one batch brought for one place (`county|date`). */
export interface Tally {
  received: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  /**
   * Change of the waybills courier organisations vouch for (COURIER_WAYBILLS) on this
   * county-day: what the cross-match compares with the centre's counts (0 for counts).
   */
  vouched: number;
}

/** The county-days of a batch's tallies. */
export function places(tallies: Map<string, Tally>): Array<{ countyCode: string; date: string }> {
  return [...tallies.keys()].map((p) => {
    const [countyCode, date] = p.split('|');
    return { countyCode, date };
  });
}

/**
 * Writes a batch's tallies by county and business date, for the validity and duplicate
 * indicators, and adds them to the county-days (`county_days`, with the courier-vouched
 * waybills). A place whose only change is a vouched waybill moving away from it (received 0)
 * writes no tally row. The county-days are written in key order, so concurrent batches lock
 * them in one order.
 */
export async function recordTallies(manager: EntityManager, source: 'counts' | 'waybills', batchId: string, tallies: Map<string, Tally>): Promise<void> {
  if (tallies.size === 0) return;
  const places = [...tallies.keys()].sort();
  const t = places.map((p) => tallies.get(p) as Tally);
  await manager.query(
    `INSERT INTO subsidies.intake_tallies (batch_id, source, county_code, date, received, accepted, duplicates, rejected)
     SELECT $1, $2, county_code, date, received, accepted, duplicates, rejected
     FROM unnest($3::text[], $4::date[], $5::int[], $6::int[], $7::int[], $8::int[]) AS t(county_code, date, received, accepted, duplicates, rejected)
     WHERE received > 0`,
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
  await manager.query(
    `INSERT INTO subsidies.county_days AS d (county_code, date, waybills, counts_received, counts_rejected, counts_duplicates,
                                            waybills_received, waybills_rejected, waybills_duplicates)
     SELECT county_code, date,
            vouched,
            CASE WHEN $1 = 'counts' THEN received ELSE 0 END,
            CASE WHEN $1 = 'counts' THEN rejected ELSE 0 END,
            CASE WHEN $1 = 'counts' THEN duplicates ELSE 0 END,
            CASE WHEN $1 = 'waybills' THEN received ELSE 0 END,
            CASE WHEN $1 = 'waybills' THEN rejected ELSE 0 END,
            CASE WHEN $1 = 'waybills' THEN duplicates ELSE 0 END
     FROM unnest($2::text[], $3::date[], $4::int[], $5::int[], $6::int[], $7::int[]) AS t(county_code, date, received, vouched, duplicates, rejected)
     ORDER BY county_code, date
     ON CONFLICT (county_code, date) DO UPDATE SET
       waybills = d.waybills + EXCLUDED.waybills,
       counts_received = d.counts_received + EXCLUDED.counts_received,
       counts_rejected = d.counts_rejected + EXCLUDED.counts_rejected,
       counts_duplicates = d.counts_duplicates + EXCLUDED.counts_duplicates,
       waybills_received = d.waybills_received + EXCLUDED.waybills_received,
       waybills_rejected = d.waybills_rejected + EXCLUDED.waybills_rejected,
       waybills_duplicates = d.waybills_duplicates + EXCLUDED.waybills_duplicates`,
    [
      source,
      places.map((p) => p.split('|')[0]),
      places.map((p) => p.split('|')[1]),
      t.map((x) => x.received),
      t.map((x) => x.vouched),
      t.map((x) => x.duplicates),
      t.map((x) => x.rejected),
    ],
  );
}

/** A batch's tallies as the `subsidies.intake.tallied` event tells them (places that received something, in key order). */
export function talliedEvent(source: 'counts' | 'waybills', batchId: string, tallies: Map<string, Tally>): IntakeTalliedEvent {
  return {
    source,
    batchId,
    tallies: [...tallies.keys()]
      .sort()
      .map((place) => ({ place, t: tallies.get(place) as Tally }))
      .filter(({ t }) => t.received > 0)
      .map(({ place, t }) => ({ countyCode: place.split('|')[0], date: place.split('|')[1], received: t.received, rejected: t.rejected })),
  };
}
