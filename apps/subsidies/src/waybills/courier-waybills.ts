import type { EntityManager } from 'typeorm';

/**
 * The waybills courier organisations vouch for, as an SQL subquery with the columns
 * (waybill_no, county_code, date, brand, direction): the independent evidence that verifies a
 * centre's counts and that the data-quality cross-match compares them with.
 *
 * A waybill number is stored once in the province, by whoever uploaded it first. When a centre
 * (or the admin) uploaded it first, a courier's later upload of the same number is recorded as
 * a province duplicate; that record vouches for the parcel, with the courier's own fields. So a
 * waybill counts here as the courier-stored row, else as the earliest courier duplicate of it:
 * each number once, whoever uploaded first, and a centre's own uploads never. The stored row of
 * a number is found through `waybill_numbers`, whose date names the one monthly partition
 * that holds it.
 */
export const COURIER_WAYBILLS = `(
  SELECT w.waybill_no, w.county_code, w.date, w.brand, w.direction
  FROM subsidies.waybills w JOIN subsidies.waybill_batches b ON b.id = w.batch_id
  WHERE b.role = 'courier'
  UNION ALL
  SELECT d.waybill_no, d.county_code, d.date, d.brand, d.direction
  FROM subsidies.waybill_duplicates d JOIN subsidies.waybill_batches b ON b.id = d.batch_id
  WHERE d.kind = 'province' AND b.role = 'courier'
    AND NOT EXISTS (
      SELECT 1 FROM subsidies.waybill_numbers sn
      JOIN subsidies.waybills sw ON sw.waybill_no = sn.waybill_no AND sw.date = sn.date
      JOIN subsidies.waybill_batches sb ON sb.id = sw.batch_id
      WHERE sn.waybill_no = d.waybill_no AND sb.role = 'courier')
    AND NOT EXISTS (
      SELECT 1 FROM subsidies.waybill_duplicates e JOIN subsidies.waybill_batches eb ON eb.id = e.batch_id
      WHERE e.waybill_no = d.waybill_no AND e.kind = 'province' AND eb.role = 'courier'
        AND (e.created_at, e.batch_id) < (d.created_at, d.batch_id))
)`;

/**
 * How a courier batch's province duplicates change COURIER_WAYBILLS per county-day (the
 * batch's stored rows each add one where they are): a duplicate of a number no courier
 * stored vouches for it (+1 on its own county-day) unless an earlier courier duplicate of
 * the number already does; when the one that did is later than this batch's (a concurrent
 * batch locked first), that one stops counting (−1 on its county-day) and this one counts.
 * Only a number whose stored row another role uploaded can change anything, so those are
 * found first (a stored row and its batch never change once committed, and a number this
 * batch found taken is committed): a courier duplicating couriers, the common case, costs one
 * look-up per duplicate and locks nothing. Those numbers (`waybill_numbers`) are then locked,
 * in key order, so batches duplicating the same numbers take turns and each sees the others'
 * duplicates committed: every number is counted once, as the earliest courier duplicate, the
 * same as a recomputation from COURIER_WAYBILLS. Set-based, in the ingest transaction, before
 * the county-days are written.
 */
export async function vouchedByDuplicates(
  manager: EntityManager,
  batchId: string,
  waybillNos: string[],
): Promise<Array<{ countyCode: string; date: string; change: number }>> {
  if (waybillNos.length === 0) return [];
  // one look-up per number, in this order whatever the statistics say (each LATERAL … LIMIT 1
  // reads one table by key): its claim, the stored row in the one monthly partition the
  // claim's date names (pruned at run time), that row's batch
  const storedByOthers: Array<{ waybill_no: string }> = await manager.query(
    `SELECT n.waybill_no FROM unnest($1::text[]) AS n(waybill_no)
     CROSS JOIN LATERAL (SELECT sn.date FROM subsidies.waybill_numbers sn WHERE sn.waybill_no = n.waybill_no LIMIT 1) sn
     CROSS JOIN LATERAL (SELECT w.batch_id FROM subsidies.waybills w WHERE w.waybill_no = n.waybill_no AND w.date = sn.date LIMIT 1) w
     CROSS JOIN LATERAL (SELECT b.role FROM subsidies.waybill_batches b WHERE b.id = w.batch_id LIMIT 1) b
     WHERE b.role IS DISTINCT FROM 'courier'`,
    [waybillNos],
  );
  if (storedByOthers.length === 0) return [];
  const numbers = storedByOthers.map((r) => r.waybill_no);
  await manager.query(`SELECT 1 FROM subsidies.waybill_numbers WHERE waybill_no = ANY($1::text[]) ORDER BY waybill_no FOR UPDATE`, [numbers]);
  return manager.query(
    `WITH mine AS (
       SELECT d.waybill_no, d.county_code, d.date, d.created_at
       FROM unnest($2::text[]) AS n(waybill_no)
       JOIN subsidies.waybill_duplicates d ON d.waybill_no = n.waybill_no AND d.batch_id = $1 AND d.kind = 'province'
     ), earliest AS (
       SELECT DISTINCT ON (e.waybill_no) e.waybill_no, e.county_code, e.date, e.created_at, e.batch_id
       FROM mine m
       JOIN subsidies.waybill_duplicates e ON e.waybill_no = m.waybill_no AND e.kind = 'province' AND e.batch_id <> $1
       JOIN subsidies.waybill_batches eb ON eb.id = e.batch_id AND eb.role = 'courier'
       ORDER BY e.waybill_no, e.created_at, e.batch_id
     ), changes AS (
       SELECT m.county_code, m.date, 1 AS change FROM mine m LEFT JOIN earliest e USING (waybill_no)
       WHERE e.waybill_no IS NULL OR (m.created_at, $1::uuid) < (e.created_at, e.batch_id)
       UNION ALL
       SELECT e.county_code, e.date, -1 FROM mine m JOIN earliest e USING (waybill_no)
       WHERE (m.created_at, $1::uuid) < (e.created_at, e.batch_id)
     )
     SELECT county_code AS "countyCode", to_char(date, 'YYYY-MM-DD') AS date, sum(change)::int AS change
     FROM changes GROUP BY county_code, date HAVING sum(change) <> 0`,
    [batchId, numbers],
  );
}
