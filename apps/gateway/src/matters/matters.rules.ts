import type { MatterDto } from '@app/contracts';

/** Earliest due first; matters without a due date after all dated ones; ties by title, so the order is stable. */
export function byDueDate(a: MatterDto, b: MatterDto): number {
  if (a.dueOn !== b.dueOn) {
    if (a.dueOn === null) return 1;
    if (b.dueOn === null) return -1;
    return a.dueOn < b.dueOn ? -1 : 1;
  }
  return a.title < b.title ? -1 : a.title > b.title ? 1 : 0;
}

/**
 * The green reports a courier still owes: each annual report of the deadlines given, while
 * no version of it was filed or its current version was returned for correction. Quarterly
 * reports are voluntary (DESIGN: "may report quarterly"): not owed.
 */
export function greenReportsOwed(
  deadlines: Array<{ year: number; period: string; dueDate: string }>,
  filed: Array<{ id: string; year: number; period: string; status: string }>,
): Array<{ year: number; period: string; dueDate: string; returnedId: string | null }> {
  const owed: Array<{ year: number; period: string; dueDate: string; returnedId: string | null }> = [];
  for (const d of deadlines) {
    if (d.period !== 'annual') continue;
    const reports = filed.filter((r) => r.year === d.year && r.period === d.period);
    if (reports.length === 0) owed.push({ ...d, returnedId: null });
    else {
      const returned = reports.find((r) => r.status === 'returned');
      if (returned && !reports.some((r) => r.status !== 'returned')) owed.push({ ...d, returnedId: returned.id });
    }
  }
  return owed;
}
