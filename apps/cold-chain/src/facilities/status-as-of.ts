/**
 * SQL for a facility's status on a date: the latest row of its status history dated on or
 * before it (same-day changes in the order recorded); NULL before its first row. `f` is the
 * facilities alias, `dateParam` the date placeholder.
 */
export function statusAsOfSql(dateParam: string): string {
  return `(SELECT h.to_status FROM cold_chain.status_history h
           WHERE h.facility_id = f.id AND h.effective_date <= ${dateParam}
           ORDER BY h.effective_date DESC, h.seq DESC LIMIT 1)`;
}

/** SQL for the first day a facility was operating, on or before a date (NULL if never). */
export function firstOperatingSql(dateParam: string): string {
  return `(SELECT min(h.effective_date)::text FROM cold_chain.status_history h
           WHERE h.facility_id = f.id AND h.to_status = 'operating' AND h.effective_date <= ${dateParam})`;
}
