import { PROVINCE } from '@app/contracts';
import { type CappedBy, type ClaimAction, type ClaimStatus, type Direction, type Principal, Role, type SubsidiesErrorCode } from '@app/contracts';

/**
 * The money rules of a subsidy claim, exact in integer fen.
 *
 * - gross = Σ over directions of verified items × the county's rate for that direction.
 * - Ceiling: over the programme (one year) and county, Σ amounts ÷ Σ items ≤ avgCeilingFen,
 *   counting the committed claims of that programme and county (approved and paid): drafts,
 *   submitted, reviewed and returned claims lend no headroom. So this claim may take at most
 *   avgCeilingFen × (committed items + its items) − committed amounts.
 * - Budget: this claim may take at most the county's budget − committed amounts.
 * - The same two caps are checked again (`headroomProblem`) against the committed state at
 *   submit, review, approve and pay, so a claim computed against headroom that another claim
 *   took since is refused rather than paid.
 * - amount = min(gross, ceiling headroom, budget headroom), never below 0. All three are
 *   whole fen (rates, ceiling and budgets are whole fen), so the caps need no rounding.
 *   cappedBy is null when amount = gross, else 'ceiling' when the ceiling headroom is the
 *   smaller cap (ties go to the ceiling), else 'budget'.
 * - Rounding happens in two places only, both stated in the API docs:
 *   the split of the amount over directions (each line gets ⌊amount × lineGross ÷ gross⌋,
 *   the fen left over go one each to the lines with the largest remainders, earlier lines
 *   first on ties; the lines add up to the amount exactly), and the average shown as avgFen
 *   (amount ÷ items rounded down to 0.01 fen). Checks never use the rounded average.
 */
interface ClaimLineInput {
  direction: Direction;
  rateFen: number;
  reportedItems: number;
  items: number;
}

export interface PriorClaims {
  /** Σ items of the programme's other committed (approved or paid) claims for the county */
  items: number;
  /** Σ amounts of those claims, fen */
  amountFen: number;
}

export interface ClaimAmountInput {
  lines: ClaimLineInput[];
  avgCeilingFen: number;
  prior: PriorClaims;
  /** the county's budget in the programme, fen */
  budgetFen: number;
}

interface ClaimLineResult extends ClaimLineInput {
  grossFen: number;
  amountFen: number;
}

export interface ClaimAmount {
  reportedItems: number;
  items: number;
  grossFen: number;
  amountFen: number;
  avgFen: number;
  cappedBy: CappedBy;
  /** most this claim could take under the ceiling */
  ceilingHeadroomFen: number;
  /** most this claim could take under the budget */
  budgetHeadroomFen: number;
  lines: ClaimLineResult[];
}

function assertWholeNonNegative(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a whole number ≥ 0, got ${value}`);
}

export function claimAmount(input: ClaimAmountInput): ClaimAmount {
  assertWholeNonNegative('avgCeilingFen', input.avgCeilingFen);
  assertWholeNonNegative('budgetFen', input.budgetFen);
  assertWholeNonNegative('prior.items', input.prior.items);
  assertWholeNonNegative('prior.amountFen', input.prior.amountFen);
  for (const line of input.lines) {
    assertWholeNonNegative(`${line.direction} rateFen`, line.rateFen);
    assertWholeNonNegative(`${line.direction} items`, line.items);
    assertWholeNonNegative(`${line.direction} reportedItems`, line.reportedItems);
  }
  const grossByLine = input.lines.map((l) => BigInt(l.items) * BigInt(l.rateFen));
  const gross = grossByLine.reduce((a, b) => a + b, 0n);
  const items = input.lines.reduce((a, l) => a + l.items, 0);
  const reportedItems = input.lines.reduce((a, l) => a + l.reportedItems, 0);
  const ceilingHeadroom = max0(BigInt(input.avgCeilingFen) * BigInt(input.prior.items + items) - BigInt(input.prior.amountFen));
  const budgetHeadroom = max0(BigInt(input.budgetFen) - BigInt(input.prior.amountFen));
  let amount = gross;
  let cappedBy: CappedBy = null;
  if (ceilingHeadroom < amount && ceilingHeadroom <= budgetHeadroom) {
    amount = ceilingHeadroom;
    cappedBy = 'ceiling';
  } else if (budgetHeadroom < amount) {
    amount = budgetHeadroom;
    cappedBy = 'budget';
  }
  const shares = allocate(amount, grossByLine);
  return {
    reportedItems,
    items,
    grossFen: toNumber(gross),
    amountFen: toNumber(amount),
    avgFen: averageFen(toNumber(amount), items),
    cappedBy,
    ceilingHeadroomFen: toNumber(ceilingHeadroom),
    budgetHeadroomFen: toNumber(budgetHeadroom),
    lines: input.lines.map((l, i) => ({ ...l, grossFen: toNumber(grossByLine[i]), amountFen: toNumber(shares[i]) })),
  };
}

export interface Headroom {
  ceilingHeadroomFen: number;
  budgetHeadroomFen: number;
}

/**
 * The headroom a claim may use given the committed claims of its programme and county
 * (approved and paid, itself excluded): ceiling × (committed items + its items) − committed
 * amounts, and budget − committed amounts, never below 0.
 */
export function headroom(claimItems: number, committed: PriorClaims, avgCeilingFen: number, budgetFen: number): Headroom {
  const ceiling = max0(BigInt(avgCeilingFen) * BigInt(committed.items + claimItems) - BigInt(committed.amountFen));
  const budget = max0(BigInt(budgetFen) - BigInt(committed.amountFen));
  return { ceilingHeadroomFen: toNumber(ceiling), budgetHeadroomFen: toNumber(budget) };
}

/**
 * Why a claim may not move on towards money (null when it may): its amount no longer fits the
 * ceiling or the budget headroom left by the committed claims (`HEADROOM_SHRUNK`).
 */
export function headroomProblem(
  claim: { items: number; amountFen: number },
  committed: PriorClaims,
  avgCeilingFen: number,
  budgetFen: number,
): (Headroom & { cap: 'ceiling' | 'budget' }) | null {
  const room = headroom(claim.items, committed, avgCeilingFen, budgetFen);
  if (claim.amountFen > room.ceilingHeadroomFen) return { ...room, cap: 'ceiling' };
  if (claim.amountFen > room.budgetHeadroomFen) return { ...room, cap: 'budget' };
  return null;
}

/** A claim that pays nothing (no verified items or amount 0) is no claim: it cannot be submitted. */
export function paysNothing(claim: { items: number; amountFen: number }): boolean {
  return claim.items === 0 || claim.amountFen === 0;
}

export interface StepRefusal {
  status: 400 | 422;
  code: SubsidiesErrorCode;
  detail: string;
  field?: string;
}

export interface StepContext {
  /** approved and paid claims of the programme and county, the claim itself excluded */
  committed: PriorClaims;
  /** the county's budget in the programme, fen */
  budgetFen: number;
  /** the voucher, for pay */
  payment?: { amountFen: number };
  /** the reason, for return */
  reason?: string;
}

/**
 * The money decision of a workflow step, after the caller's right to take it (403) and, for
 * approval, the stale check: whether the status allows it (ILLEGAL_TRANSITION), a return has
 * its reason and a payment its voucher (400), a claim paying nothing is not submitted
 * (NOTHING_TO_PAY), the amount still fits the headroom the committed claims leave
 * (HEADROOM_SHRUNK, for every step towards money), and the voucher pays the approved amount
 * (PAYMENT_AMOUNT_MISMATCH). Null when the step may be taken. The service takes it under the
 * lock of the programme and county, with `committed` read under that lock.
 */
export function stepRefusal(
  claim: { status: ClaimStatus; items: number; amountFen: number; avgCeilingFen: number },
  action: ClaimAction,
  ctx: StepContext,
): StepRefusal | null {
  if (action === 'return' && !ctx.reason) return { status: 400, code: 'VALIDATION_FAILED', detail: 'a returned claim needs a reason', field: 'reason' };
  if (action === 'pay' && !ctx.payment) return { status: 400, code: 'VALIDATION_FAILED', detail: 'a payment needs its voucher', field: 'payment' };
  if (!nextStatus(claim.status, action)) return { status: 422, code: 'ILLEGAL_TRANSITION', detail: `a ${claim.status} claim cannot be ${PAST[action]}` };
  if (action === 'return') return null;
  if (action === 'submit' && paysNothing(claim)) {
    return {
      status: 422,
      code: 'NOTHING_TO_PAY',
      detail: `the claim has ${claim.items} verified items and an amount of ${claim.amountFen} fen: nothing to pay, so it cannot be submitted (its lines say why items were not verified)`,
    };
  }
  const problem = headroomProblem(claim, ctx.committed, claim.avgCeilingFen, ctx.budgetFen);
  if (problem) {
    const left = problem.cap === 'ceiling' ? problem.ceilingHeadroomFen : problem.budgetHeadroomFen;
    return {
      status: 422,
      code: 'HEADROOM_SHRUNK',
      detail: `the ${problem.cap} headroom left by the approved and paid claims of the programme and county is now ${left} fen, less than this claim's ${claim.amountFen} fen; return it and file again`,
    };
  }
  if (action === 'pay' && ctx.payment && ctx.payment.amountFen !== claim.amountFen) {
    return {
      status: 422,
      code: 'PAYMENT_AMOUNT_MISMATCH',
      detail: `the voucher pays ${ctx.payment.amountFen} fen; the approved amount is ${claim.amountFen} fen`,
      field: 'amountFen',
    };
  }
  return null;
}

export const PAST: Record<ClaimAction, string> = { submit: 'submitted', review: 'reviewed', approve: 'approved', return: 'returned', pay: 'paid' };

/**
 * Splits `amount` over lines in proportion to their weights by largest remainder: each gets
 * the floor of its exact share, the fen left go one each to the largest remainders (earlier
 * lines first on ties). The parts add up to `amount`; with all weights 0, all parts are 0.
 */
export function allocate(amount: bigint, weights: bigint[]): bigint[] {
  const total = weights.reduce((a, b) => a + b, 0n);
  if (total === 0n) return weights.map(() => 0n);
  const parts = weights.map((w) => (amount * w) / total);
  const remainders = weights.map((w, i) => ({ i, r: (amount * w) % total }));
  let left = amount - parts.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left === 0n) break;
    parts[i] += 1n;
    left -= 1n;
  }
  return parts;
}

/** amount ÷ items rounded down to 0.01 fen (0 without items). */
export function averageFen(amountFen: number, items: number): number {
  if (items === 0) return 0;
  return Number((BigInt(amountFen) * 100n) / BigInt(items)) / 100;
}

function max0(v: bigint): bigint {
  return v < 0n ? 0n : v;
}

function toNumber(v: bigint): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`amount ${v} fen is beyond safe integers`);
  return Number(v);
}

// ---------------------------------------------------------------------------------------
// Workflow: draft → submitted (county) → reviewed (city) → approved (province) → paid,
// or returned with a reason by whoever holds the claim.

const NEXT: Record<Exclude<ClaimAction, 'return'>, { from: ClaimStatus; to: ClaimStatus }> = {
  submit: { from: 'draft', to: 'submitted' },
  review: { from: 'submitted', to: 'reviewed' },
  approve: { from: 'reviewed', to: 'approved' },
  pay: { from: 'approved', to: 'paid' },
};

/** Statuses a claim may be returned from. */
const RETURNABLE: readonly ClaimStatus[] = ['draft', 'submitted', 'reviewed'];

/** The status an action leads to from `status`, or null when the step is not allowed. */
export function nextStatus(status: ClaimStatus, action: ClaimAction): ClaimStatus | null {
  if (action === 'return') return RETURNABLE.includes(status) ? 'returned' : null;
  return NEXT[action].from === status ? NEXT[action].to : null;
}

/** Who holds a claim at each level, for a claim of `countyCode`. */
const level = {
  /** the county's own centre */
  county: (p: Principal, countyCode: string) => p.role === Role.CountyCentre && p.regionCode === countyCode,
  /** postal staff of the city that contains the county */
  city: (p: Principal, countyCode: string) => p.role === Role.Staff && p.regionCode.length === 4 && countyCode.startsWith(p.regionCode),
  /** province: staff scoped to the province (PROVINCE_CODE) as a whole */
  province: (p: Principal) => p.role === Role.Staff && p.regionCode === PROVINCE,
};

/** May the principal see claims (and counts) of this county? Invisible claims answer 404. */
export function canSeeCounty(p: Principal, countyCode: string): boolean {
  switch (p.role) {
    case Role.Admin:
      return true;
    case Role.Staff:
    case Role.Auditor:
      return countyCode.startsWith(p.regionCode);
    case Role.CountyCentre:
      return p.regionCode === countyCode;
    default:
      return false;
  }
}

/**
 * May the principal take `action` on a claim of `countyCode` in `status`? The admin may
 * take every step; otherwise submit is the county's, review the city's, approve and pay the
 * province's, and return belongs to whoever holds the claim in its current status (the
 * county for a draft, the city or province for a submitted claim, the province for a
 * reviewed one).
 */
export function mayAct(p: Principal, action: ClaimAction, status: ClaimStatus, countyCode: string): boolean {
  if (p.role === Role.Admin) return true;
  switch (action) {
    case 'submit':
      return level.county(p, countyCode);
    case 'review':
      return level.city(p, countyCode);
    case 'approve':
    case 'pay':
      return level.province(p);
    case 'return':
      if (status === 'draft') return level.county(p, countyCode);
      if (status === 'submitted') return level.city(p, countyCode) || level.province(p);
      return level.province(p);
  }
}
