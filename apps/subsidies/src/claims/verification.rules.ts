import type { ClaimShortfallDto, Direction, ShortfallReason, Verification } from '@app/contracts';
import { type ClaimAmount, claimAmount, type PriorClaims } from './claims.rules.js';

/**
 * Verification of a claim's items, key by key. A key is a current count of the county:
 * (date, brand, direction). What a key verifies:
 *
 * - held by another claim that is not returned: nothing (`claimed_elsewhere`, naming it); the
 *   claim does not take the key, so an item is paid once across programmes and years;
 * - failing a logic check: nothing (`capacity_exceeded` when the items exceed the centre's
 *   declared daily capacity, else `logic_check_failed`);
 * - basis `counts`: the count;
 * - basis `waybills`: the smaller of the count and the waybills of that date, brand and
 *   direction uploaded by courier organisations (which may upload only their own brand), the
 *   rest `no_courier_waybills`.
 */
export interface CountKey {
  date: string;
  brand: string;
  direction: Direction;
  items: number;
  logicErrors: string[];
  /** waybills of the key uploaded by courier organisations */
  courierWaybills: number;
  /** a claim that is not returned and holds the key, other than the one being computed */
  heldBy: string | null;
}

export interface KeyVerdict {
  key: CountKey;
  /** the claim takes (holds) this key */
  taken: boolean;
  verified: number;
  shortfall: { reason: ShortfallReason; items: number; claimId?: string } | null;
}

export function verifyKey(key: CountKey, verification: Verification): KeyVerdict {
  if (key.heldBy) return { key, taken: false, verified: 0, shortfall: { reason: 'claimed_elsewhere', items: key.items, claimId: key.heldBy } };
  if (key.logicErrors.length > 0) {
    const reason: ShortfallReason = key.logicErrors.includes('above_capacity') ? 'capacity_exceeded' : 'logic_check_failed';
    return { key, taken: true, verified: 0, shortfall: key.items > 0 ? { reason, items: key.items } : null };
  }
  const verified = verification === 'counts' ? key.items : Math.min(key.items, key.courierWaybills);
  const missing = key.items - verified;
  return { key, taken: true, verified, shortfall: missing > 0 ? { reason: 'no_courier_waybills', items: missing } : null };
}

export interface DirectionItems {
  direction: Direction;
  reportedItems: number;
  items: number;
  shortfalls: ClaimShortfallDto[];
}

/** Per direction: reported items (every current count), verified items and the shortfalls by reason. */
export function directionItems(verdicts: KeyVerdict[], directions: Direction[]): DirectionItems[] {
  return directions.map((direction) => {
    const mine = verdicts.filter((v) => v.key.direction === direction);
    const byReason = new Map<ShortfallReason, ClaimShortfallDto>();
    for (const v of mine) {
      if (!v.shortfall) continue;
      const s = byReason.get(v.shortfall.reason) ?? { reason: v.shortfall.reason, items: 0 };
      s.items += v.shortfall.items;
      if (v.shortfall.claimId) s.claimIds = [...new Set([...(s.claimIds ?? []), v.shortfall.claimId])].sort();
      byReason.set(v.shortfall.reason, s);
    }
    return {
      direction,
      reportedItems: mine.reduce((a, v) => a + v.key.items, 0),
      items: mine.reduce((a, v) => a + v.verified, 0),
      shortfalls: [...byReason.values()],
    };
  });
}

export interface FilingProgramme {
  verification: Verification;
  directions: Direction[];
  avgCeilingFen: number;
  /** the county's rate of a direction, fen */
  rateFen(direction: Direction): number;
}

export interface Filing {
  verdicts: KeyVerdict[];
  byDirection: DirectionItems[];
  computed: ClaimAmount;
}

/**
 * A claim as filed: every count key of the period verified, the lines per direction, the
 * amount capped against the committed (approved and paid) claims of the programme and county
 * and the county's budget.
 */
export function fileClaim(keys: CountKey[], programme: FilingProgramme, committed: PriorClaims, budgetFen: number): Filing {
  const verdicts = keys.map((k) => verifyKey(k, programme.verification));
  const byDirection = directionItems(verdicts, programme.directions);
  const computed = claimAmount({
    lines: byDirection.map((d) => ({ direction: d.direction, rateFen: programme.rateFen(d.direction), reportedItems: d.reportedItems, items: d.items })),
    avgCeilingFen: programme.avgCeilingFen,
    prior: committed,
    budgetFen,
  });
  return { verdicts, byDirection, computed };
}
