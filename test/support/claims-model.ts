import fc from 'fast-check';
import type { ClaimAction, ClaimStatus, Direction, Verification } from '@app/contracts';
import { stepRefusal } from '../../apps/subsidies/src/claims/claims.rules.js';
import { type CountKey, fileClaim } from '../../apps/subsidies/src/claims/verification.rules.js';

/**
 * An in-memory model of the subsidies service's claim decisions, built from the same pure
 * functions the service calls (fileClaim, stepRefusal) with the state the service keeps in
 * PostgreSQL held in maps: claims, the count keys each holds, and the committed (approved and
 * paid) sums read under the programme-and-county lock. Property tests drive it with random
 * sequences and check the money invariants after every step; the e2e property test drives
 * the real service with the same commands and compares it with this model.
 */
export const DIRECTIONS: Direction[] = ['upstream', 'downstream'];

export interface ModelProgramme {
  year: number;
  avgCeilingFen: number;
  rates: Record<Direction, number>;
  verification: Verification;
  budgets: Record<string, number>;
}

export interface ModelCount {
  county: string;
  /** day of the month, 1-based */
  day: number;
  direction: Direction;
  items: number;
  courierWaybills: number;
}

export interface ModelClaim {
  id: string;
  programme: number;
  county: string;
  from: number;
  to: number;
  status: ClaimStatus;
  items: number;
  amountFen: number;
  avgCeilingFen: number;
}

export type Command =
  | { kind: 'create'; programme: number; county: number; from: number; length: number }
  | { kind: 'step'; action: Exclude<ClaimAction, 'pay'>; claim: number }
  /** the claim's next workflow step: submit a draft, review, approve, pay the approved amount */
  | { kind: 'advance'; claim: number }
  | { kind: 'pay'; claim: number; off: number };

/** What a command came to: refused with a status and code, or done. */
export type Outcome = { ok: true; claim: ModelClaim } | { ok: false; status: number; code: string };

const keyOf = (county: string, day: number, direction: Direction) => `${county}|${day}|${direction}`;

export class ClaimsModel {
  readonly claims: ModelClaim[] = [];
  /** count key → claim holding it (not returned) */
  private readonly held = new Map<string, string>();
  private readonly heldBy = new Map<string, string[]>();

  constructor(
    readonly programmes: ModelProgramme[],
    readonly counties: string[],
    readonly counts: ModelCount[],
    /**
     * The rules before issue 11, to show the property test finds what they allowed: filing
     * counts every claim that is not returned (drafts lend headroom) and no step re-checks it.
     */
    private readonly legacy = false,
    private readonly newId: () => string = (() => {
      let n = 0;
      return () => `claim-${++n}`;
    })(),
  ) {}

  private prior(programme: number, county: string): { items: number; amountFen: number } {
    if (!this.legacy) return this.committed(programme, county, null);
    const open = this.claims.filter((c) => c.programme === programme && c.county === county && c.status !== 'returned');
    return { items: open.reduce((a, c) => a + c.items, 0), amountFen: open.reduce((a, c) => a + c.amountFen, 0) };
  }

  committed(programme: number, county: string, except: string | null): { items: number; amountFen: number } {
    const mine = this.claims.filter(
      (c) => c.programme === programme && c.county === county && c.id !== except && (c.status === 'approved' || c.status === 'paid'),
    );
    return { items: mine.reduce((a, c) => a + c.items, 0), amountFen: mine.reduce((a, c) => a + c.amountFen, 0) };
  }

  apply(command: Command): Outcome {
    return command.kind === 'create' ? this.create(command) : this.step(command);
  }

  /** The claim a step command names: its index taken modulo the claims filed so far. */
  target(index: number): ModelClaim | undefined {
    return this.claims.length === 0 ? undefined : this.claims[index % this.claims.length];
  }

  private create(c: Extract<Command, { kind: 'create' }>): Outcome {
    const programme = this.programmes[c.programme % this.programmes.length];
    const programmeIndex = c.programme % this.programmes.length;
    const county = this.counties[c.county % this.counties.length];
    const from = c.from;
    const to = c.from + c.length;
    if (!(county in programme.budgets)) return { ok: false, status: 422, code: 'NO_BUDGET' };
    const overlap = this.claims.some((o) => o.programme === programmeIndex && o.county === county && o.status !== 'returned' && o.from <= to && o.to >= from);
    if (overlap) return { ok: false, status: 409, code: 'CLAIM_PERIOD_OVERLAP' };
    const keys: CountKey[] = this.counts
      .filter((k) => k.county === county && k.day >= from && k.day <= to)
      .map((k) => ({
        date: String(k.day),
        brand: 'ZTO',
        direction: k.direction,
        items: k.items,
        logicErrors: [],
        courierWaybills: k.courierWaybills,
        heldBy: this.held.get(keyOf(county, k.day, k.direction)) ?? null,
      }));
    if (keys.length === 0) return { ok: false, status: 422, code: 'NOTHING_TO_CLAIM' };
    const filing = fileClaim(
      keys,
      { verification: programme.verification, directions: DIRECTIONS, avgCeilingFen: programme.avgCeilingFen, rateFen: (d) => programme.rates[d] },
      this.prior(programmeIndex, county),
      programme.budgets[county],
    );
    const claim: ModelClaim = {
      id: this.newId(),
      programme: programmeIndex,
      county,
      from,
      to,
      status: 'draft',
      items: filing.computed.items,
      amountFen: filing.computed.amountFen,
      avgCeilingFen: programme.avgCeilingFen,
    };
    this.claims.push(claim);
    const taken = filing.verdicts.filter((v) => v.taken).map((v) => keyOf(county, Number(v.key.date), v.key.direction));
    for (const k of taken) this.held.set(k, claim.id);
    this.heldBy.set(claim.id, taken);
    return { ok: true, claim };
  }

  private step(c: Exclude<Command, { kind: 'create' }>): Outcome {
    const claim = this.target(c.claim);
    if (!claim) return { ok: false, status: 404, code: 'NOT_FOUND' };
    const action = actionOf(c, claim.status);
    const refusal = stepRefusal(claim, action, {
      committed: this.legacy ? { items: claim.items, amountFen: 0 } : this.committed(claim.programme, claim.county, claim.id),
      budgetFen: this.legacy ? Number.MAX_SAFE_INTEGER : this.programmes[claim.programme].budgets[claim.county],
      payment: action === 'pay' ? { amountFen: claim.amountFen + (c.kind === 'pay' ? c.off : 0) } : undefined,
      reason: action === 'return' ? '退回' : undefined,
    });
    if (refusal) return { ok: false, status: refusal.status, code: refusal.code };
    const next: Record<ClaimAction, ClaimStatus> = { submit: 'submitted', review: 'reviewed', approve: 'approved', pay: 'paid', return: 'returned' };
    claim.status = next[action];
    if (action === 'return') {
      for (const k of this.heldBy.get(claim.id) ?? []) this.held.delete(k);
      this.heldBy.set(claim.id, []);
    }
    return { ok: true, claim };
  }

  /** Every broken invariant, described; empty when all hold. */
  violations(): string[] {
    const out: string[] = [];
    this.programmes.forEach((p, i) => {
      for (const county of this.counties) {
        const { items, amountFen } = this.committed(i, county, null);
        if (BigInt(amountFen) > BigInt(p.avgCeilingFen) * BigInt(items))
          out.push(`programme ${i} county ${county}: ${amountFen} fen > ${p.avgCeilingFen} × ${items} items`);
        if (amountFen > (p.budgets[county] ?? 0)) out.push(`programme ${i} county ${county}: ${amountFen} fen > budget ${p.budgets[county]}`);
      }
    });
    // across programmes of a year each item counts once, so the year's average holds too
    for (const year of new Set(this.programmes.map((p) => p.year))) {
      const ceiling = Math.max(...this.programmes.filter((p) => p.year === year).map((p) => p.avgCeilingFen));
      for (const county of this.counties) {
        const mine = this.claims.filter(
          (c) => c.county === county && this.programmes[c.programme].year === year && (c.status === 'approved' || c.status === 'paid'),
        );
        const amount = mine.reduce((a, c) => a + c.amountFen, 0);
        const items = mine.reduce((a, c) => a + c.items, 0);
        if (amount > ceiling * items) out.push(`year ${year} county ${county}: ${amount} fen > ${ceiling} × ${items}`);
      }
    }
    const owners = new Map<string, string>();
    for (const claim of this.claims) {
      if (claim.status === 'returned') continue;
      for (const k of this.heldBy.get(claim.id) ?? []) {
        if (owners.has(k)) out.push(`count ${k} held by ${owners.get(k)} and ${claim.id}`);
        owners.set(k, claim.id);
      }
      if (claim.status !== 'draft' && (claim.items === 0 || claim.amountFen === 0)) out.push(`${claim.id} is ${claim.status} but pays nothing`);
    }
    return out;
  }
}

const ADVANCE: Partial<Record<ClaimStatus, ClaimAction>> = { draft: 'submit', submitted: 'review', reviewed: 'approve', approved: 'pay' };

/** The action a step command takes on a claim in `status`. */
export function actionOf(c: Exclude<Command, { kind: 'create' }>, status: ClaimStatus): ClaimAction {
  if (c.kind === 'pay') return 'pay';
  if (c.kind === 'advance') return ADVANCE[status] ?? 'submit';
  return c.action;
}

/** Random programmes (ceilings within the policy), counts and command sequences. */
export const arbitraries = {
  programme: (counties: string[], maxBudget = 150_000) =>
    fc.record({
      year: fc.constant(2023),
      avgCeilingFen: fc.integer({ min: 10, max: 50 }),
      rates: fc.record({ upstream: fc.integer({ min: 0, max: 120 }), downstream: fc.integer({ min: 0, max: 120 }) }),
      verification: fc.constantFrom<Verification>('counts', 'waybills'),
      budgets: fc.record(Object.fromEntries(counties.map((c) => [c, fc.integer({ min: 0, max: maxBudget })])) as Record<string, fc.Arbitrary<number>>),
    }),
  counts: (counties: string[], days: number, maxItems = 2000) =>
    fc.tuple(
      ...counties.flatMap((county) =>
        Array.from({ length: days }, (_, d) =>
          DIRECTIONS.map((direction) =>
            fc.record({
              county: fc.constant(county),
              day: fc.constant(d + 1),
              direction: fc.constant(direction),
              items: fc.integer({ min: 0, max: maxItems }),
              courierWaybills: fc.integer({ min: 0, max: maxItems }),
            }),
          ),
        ).flat(),
      ),
    ),
  command: (programmes: number, counties: number, days: number): fc.Arbitrary<Command> =>
    fc.oneof(
      {
        weight: 3,
        arbitrary: fc
          .record({
            kind: fc.constant('create' as const),
            programme: fc.nat(programmes - 1),
            county: fc.nat(counties - 1),
            from: fc.integer({ min: 1, max: days }),
            length: fc.nat(2),
          })
          .map((c) => ({ ...c, length: Math.min(c.length, days - c.from) })),
      },
      { weight: 8, arbitrary: fc.record({ kind: fc.constant('advance' as const), claim: fc.nat(30) }) },
      {
        weight: 3,
        arbitrary: fc.record({
          kind: fc.constant('step' as const),
          action: fc.constantFrom('submit', 'review', 'approve', 'return') as fc.Arbitrary<Exclude<ClaimAction, 'pay'>>,
          claim: fc.nat(30),
        }),
      },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('pay' as const), claim: fc.nat(30), off: fc.constantFrom(0, 1, -1) }) },
    ),
};
