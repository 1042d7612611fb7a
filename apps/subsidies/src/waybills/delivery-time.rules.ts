/**
 * Delivery time limits (寄递时限) of a waybill with a pick-up (揽收) and a delivery (投递) time,
 * for the plan's goal (seed 001 一(二)): “全省快递实现市域城市‘半日达’、县域城市‘次日达’”.
 * The plan names the two limits but does not define them; these definitions are this
 * platform's own:
 * - half day (半日达): delivered at most 12 hours after pick-up (exactly 12 h counts);
 * - next day (次日达): delivered before the end of the calendar day after the day of pick-up,
 *   both days in Asia/Shanghai (picked up on 1 June at any hour: delivered by 2 June 23:59:59.999).
 * Every half-day delivery is also a next-day one (12 h after the last instant of a day is
 * still the next day), so halfDay ≤ nextDay ≤ timed in every aggregate.
 */

export const HALF_DAY_MS = 12 * 3_600_000;
const DAY_MS = 86_400_000;
/** Asia/Shanghai has kept UTC+8 without daylight saving since 1991. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** RFC 3339 date-time with an explicit offset (Z or ±hh:mm); seconds and up to 3 fraction digits optional. */
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(?:Z|([+-])(\d{2}):(\d{2}))$/;

/**
 * Milliseconds since the epoch of an RFC 3339 date-time with an offset (`2023-06-01T08:30:00+08:00`,
 * `2023-06-01T00:30Z`), or null when the text is not one or names no real time (30 February,
 * 24:00, an offset past ±14:00). A time without an offset is refused: it would be ambiguous.
 */
export function parseInstant(text: string): number | null {
  const m = INSTANT.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0));
  const fraction = m[7] ? Number(m[7].padEnd(3, '0')) : 0;
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  let offset = 0;
  if (m[8]) {
    const oh = Number(m[9]);
    const om = Number(m[10]);
    if (oh > 14 || om > 59) return null;
    offset = (m[8] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, fraction) - offset;
}

/** The Asia/Shanghai calendar day (YYYY-MM-DD) of an instant. */
export function shanghaiDay(ms: number): string {
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The first instant after the calendar day following the Asia/Shanghai day of `pickedUp`. */
export function nextDayDeadline(pickedUp: number): number {
  const startOfDay = Math.floor((pickedUp + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS - SHANGHAI_OFFSET_MS;
  return startOfDay + 2 * DAY_MS;
}

export interface DeliveryTime {
  halfDay: boolean;
  nextDay: boolean;
}

/** Whether a delivery at `delivered` met each limit for a pick-up at `pickedUp` (both ms; delivered ≥ pickedUp). */
export function deliveryTime(pickedUp: number, delivered: number): DeliveryTime {
  return { halfDay: delivered - pickedUp <= HALF_DAY_MS, nextDay: delivered < nextDayDeadline(pickedUp) };
}

/** Waybills with both times of a county and pick-up day, and how many of them met each limit. */
export interface DeliveryDay {
  countyCode: string;
  /** pick-up day, Asia/Shanghai */
  date: string;
  timed: number;
  halfDay: number;
  nextDay: number;
}

/**
 * Sums stored waybills with both a pick-up and a delivery time by county and pick-up day
 * (Asia/Shanghai). `pickedUpAt`/`deliveredAt` are ms or null per row; rows at `skipAt`
 * (province duplicates, not stored) are left out.
 */
export function deliveryDays(
  rows: { countyCode: string[]; pickedUpAt: Array<number | null>; deliveredAt: Array<number | null> },
  skipAt: readonly number[],
): DeliveryDay[] {
  const skip = new Set(skipAt);
  const days = new Map<string, DeliveryDay>();
  for (let i = 0; i < rows.countyCode.length; i++) {
    const p = rows.pickedUpAt[i];
    const d = rows.deliveredAt[i];
    if (p === null || d === null || skip.has(i)) continue;
    const date = shanghaiDay(p);
    const key = `${rows.countyCode[i]}|${date}`;
    let day = days.get(key);
    if (!day) days.set(key, (day = { countyCode: rows.countyCode[i], date, timed: 0, halfDay: 0, nextDay: 0 }));
    const t = deliveryTime(p, d);
    day.timed++;
    if (t.halfDay) day.halfDay++;
    if (t.nextDay) day.nextDay++;
  }
  return [...days.values()];
}
