/**
 * The waybills courier organisations vouch for, as an SQL subquery with the columns
 * (waybill_no, county_code, date, brand, direction): the independent evidence that verifies a
 * centre's counts and that the data-quality cross-match compares them with.
 *
 * A waybill number is stored once in the province, by whoever uploaded it first. When a centre
 * (or the admin) uploaded it first, a courier's later upload of the same number is recorded as
 * a province duplicate; that record vouches for the parcel, with the courier's own fields. So a
 * waybill counts here as the courier-stored row, else as the earliest courier duplicate of it:
 * each number once, whoever uploaded first, and a centre's own uploads never.
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
      SELECT 1 FROM subsidies.waybills sw JOIN subsidies.waybill_batches sb ON sb.id = sw.batch_id
      WHERE sw.waybill_no = d.waybill_no AND sb.role = 'courier')
    AND NOT EXISTS (
      SELECT 1 FROM subsidies.waybill_duplicates e JOIN subsidies.waybill_batches eb ON eb.id = e.batch_id
      WHERE e.waybill_no = d.waybill_no AND e.kind = 'province' AND eb.role = 'courier'
        AND (e.created_at, e.batch_id) < (d.created_at, d.batch_id))
)`;
