import type { EntityManager } from 'typeorm';
import { crossMatchComparedSql, crossMatchSql } from '@app/quality';

/**
 * `county_months` rows recomputed from the `county_days` rows given by `source` (a FROM
 * clause over `subsidies.county_days d`); $1 is the cross-match tolerance. A county-day is
 * compared when it has counts or waybills, and matched when |counted − waybills| ≤ tolerance
 * × the larger (in doubles, as the data-quality service judges a single day).
 */
export function monthsFromDays(source: string): string {
  return `
    INSERT INTO subsidies.county_months AS m (county_code, month, days_counted, counted_sum, counted_sum_sq, current_rows, logic_ok_rows,
      first_reports, first_reports_on_time, counts_received, counts_rejected, waybills_received, waybills_rejected, waybills_duplicates,
      compared, matched)
    SELECT d.county_code, date_trunc('month', d.date)::date,
           count(*) FILTER (WHERE d.counted IS NOT NULL), coalesce(sum(d.counted), 0), coalesce(sum(d.counted * d.counted), 0),
           sum(d.current_rows), sum(d.logic_ok_rows), sum(d.first_reports), sum(d.first_reports_on_time),
           sum(d.counts_received), sum(d.counts_rejected), sum(d.waybills_received), sum(d.waybills_rejected), sum(d.waybills_duplicates),
           count(*) FILTER (WHERE ${COMPARED}), count(*) FILTER (WHERE ${MATCHED})
    ${source}
    GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (county_code, month) DO UPDATE SET
      days_counted = EXCLUDED.days_counted, counted_sum = EXCLUDED.counted_sum, counted_sum_sq = EXCLUDED.counted_sum_sq,
      current_rows = EXCLUDED.current_rows, logic_ok_rows = EXCLUDED.logic_ok_rows, first_reports = EXCLUDED.first_reports,
      first_reports_on_time = EXCLUDED.first_reports_on_time, counts_received = EXCLUDED.counts_received,
      counts_rejected = EXCLUDED.counts_rejected, waybills_received = EXCLUDED.waybills_received,
      waybills_rejected = EXCLUDED.waybills_rejected, waybills_duplicates = EXCLUDED.waybills_duplicates,
      compared = EXCLUDED.compared, matched = EXCLUDED.matched`;
}

/** A county-day with centre counts or courier waybills (over `d`): the shared two-way match definition (libs/quality). */
export const COMPARED = crossMatchComparedSql('d.counted', 'd.waybills');
/** …whose counts and waybills agree within the tolerance $1 (a side with nothing against it does not). */
export const MATCHED = `(${crossMatchSql('d.counted', 'd.waybills', '$1')} IS TRUE)`;

/**
 * Recomputes the months of these county-days from their days. The month rows are locked
 * first (created when new, in key order), and only then read from the days in a statement
 * of its own, so a concurrent batch that changed another day of the month has committed and
 * is seen: no month is written from a stale snapshot.
 */
export async function summariseMonths(manager: EntityManager, places: Array<{ countyCode: string; date: string }>, tolerance: number): Promise<void> {
  const keys = [...new Set(places.map((p) => `${p.countyCode}|${p.date.slice(0, 7)}-01`))].sort();
  if (keys.length === 0) return;
  const counties = keys.map((k) => k.split('|')[0]);
  const months = keys.map((k) => k.split('|')[1]);
  await manager.query(
    `INSERT INTO subsidies.county_months (county_code, month, days_counted, counted_sum, counted_sum_sq, current_rows, logic_ok_rows,
       first_reports, first_reports_on_time, counts_received, counts_rejected, waybills_received, waybills_rejected, waybills_duplicates,
       compared, matched)
     SELECT county_code, month, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 FROM unnest($1::text[], $2::date[]) AS k(county_code, month)
     ORDER BY 1, 2 ON CONFLICT (county_code, month) DO NOTHING`,
    [counties, months],
  );
  await manager.query(
    `SELECT 1 FROM subsidies.county_months m JOIN unnest($1::text[], $2::date[]) AS k(county_code, month) USING (county_code, month)
     ORDER BY m.county_code, m.month FOR UPDATE OF m`,
    [counties, months],
  );
  await manager.query(
    monthsFromDays(`FROM subsidies.county_days d
      JOIN unnest($2::text[], $3::date[]) AS k(county_code, month)
        ON d.county_code = k.county_code AND d.date >= k.month AND d.date < (k.month + interval '1 month')::date`),
    [tolerance, counties, months],
  );
}
