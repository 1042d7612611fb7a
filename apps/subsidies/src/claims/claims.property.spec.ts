import fc from 'fast-check';
import { arbitraries, ClaimsModel, type Command, type ModelProgramme } from '../../../../test/support/claims-model.js';

/**
 * The money invariants over random sequences of create, return, submit, review, approve and
 * pay across three counties and two or three programmes of one year, run against the
 * service's own decision functions (fileClaim, stepRefusal) in an in-memory model of its
 * state (test/support/claims-model.ts). After every step: per programme and county, approved +
 * paid ≤ ceiling × their verified items and ≤ the budget; per year and county the same average
 * across programmes; a count is held by one claim that is not returned; no claim paying
 * nothing is past draft. test/subsidies-property.e2e-spec.ts runs fewer sequences through the
 * real service and compares it with the same model.
 */
const COUNTIES = ['140821', '140822', '140823'];
const DAYS = 6;
const RUNS = 600;

const scenario = fc.record({
  programmes: fc.array(arbitraries.programme(COUNTIES), { minLength: 2, maxLength: 3 }),
  counts: arbitraries.counts(COUNTIES, DAYS),
  commands: fc.array(arbitraries.command(3, COUNTIES.length, DAYS), { minLength: 20, maxLength: 60 }),
});

function run(programmes: ModelProgramme[], counts: ClaimsModel['counts'], commands: Command[], legacy = false) {
  const model = new ClaimsModel(programmes, COUNTIES, counts, legacy);
  const seen = { steps: 0, approved: 0, paid: 0, shrunk: 0, claimedElsewhere: 0 };
  for (const command of commands) {
    const outcome = model.apply(command);
    seen.steps++;
    if (outcome.ok && outcome.claim.status === 'approved') seen.approved++;
    if (outcome.ok && outcome.claim.status === 'paid') seen.paid++;
    if (!outcome.ok && outcome.code === 'HEADROOM_SHRUNK') seen.shrunk++;
    const broken = model.violations();
    if (broken.length > 0) return { seen, broken };
  }
  return { seen, broken: [] as string[] };
}

describe('claim money invariants under random sequences (fast-check)', () => {
  it(`holds after every step of ${RUNS} sequences over several counties and programmes`, () => {
    const total = { sequences: 0, steps: 0, approved: 0, paid: 0, shrunk: 0 };
    fc.assert(
      fc.property(scenario, ({ programmes, counts, commands }) => {
        const { seen, broken } = run(programmes, counts, commands);
        total.sequences++;
        total.steps += seen.steps;
        total.approved += seen.approved;
        total.paid += seen.paid;
        total.shrunk += seen.shrunk;
        expect(broken).toEqual([]);
      }),
      { numRuns: RUNS },
    );
    // the sequences reach the money: approvals, payments and refusals for shrunk headroom
    expect(total.sequences).toBeGreaterThanOrEqual(500);
    expect(total.approved).toBeGreaterThan(300);
    expect(total.paid).toBeGreaterThan(200);
    expect(total.shrunk).toBeGreaterThan(20);
  });

  it('finds the breach the rules before issue 11 allowed (drafts lending headroom, approval not re-checked)', () => {
    // a claimant who knows the rules: one rate under the 50 fen ceiling and one over it, and
    // claims of one county and programme filed, returned and advanced
    const programme: fc.Arbitrary<ModelProgramme> = fc.record({
      year: fc.constant(2023),
      avgCeilingFen: fc.constant(50),
      rates: fc.record({ upstream: fc.integer({ min: 0, max: 49 }), downstream: fc.integer({ min: 51, max: 120 }) }),
      verification: fc.constant('counts' as const),
      budgets: fc.constant(Object.fromEntries(COUNTIES.map((c) => [c, 1e9]))),
    });
    const adversary = fc.record({
      programmes: fc.tuple(programme),
      counts: arbitraries.counts(COUNTIES, DAYS),
      commands: fc.array(
        fc.oneof(
          fc.record({
            kind: fc.constant('create' as const),
            programme: fc.constant(0),
            county: fc.constant(0),
            from: fc.integer({ min: 1, max: DAYS }),
            length: fc.constant(0),
          }),
          fc.record({ kind: fc.constant('advance' as const), claim: fc.nat(30) }),
          fc.record({ kind: fc.constant('step' as const), action: fc.constant('return' as const), claim: fc.nat(30) }),
        ),
        { minLength: 20, maxLength: 60 },
      ),
    });
    let breached = 0;
    fc.assert(
      fc.property(adversary, ({ programmes, counts, commands }) => {
        if (run(programmes, counts, commands, true).broken.length > 0) breached++;
        // the same sequences under the rules of the service hold
        expect(run(programmes, counts, commands).broken).toEqual([]);
      }),
      { numRuns: 500 },
    );
    // about one sequence in twenty breaks the old rules: hundreds of runs always find some
    expect(breached).toBeGreaterThan(0);
  });

  it('keeps the issue’s sequence to 50 fen per item: A at 40 fen, B at 70 fen capped, A returned, B paid', () => {
    const programme: ModelProgramme = {
      year: 2023,
      avgCeilingFen: 50,
      rates: { upstream: 40, downstream: 70 },
      verification: 'counts',
      budgets: { '140821': 10_000_000 },
    };
    const counts = [
      { county: '140821', day: 1, direction: 'upstream' as const, items: 1000, courierWaybills: 1000 },
      { county: '140821', day: 2, direction: 'downstream' as const, items: 1000, courierWaybills: 1000 },
    ];
    const sequence: Command[] = [
      { kind: 'create', programme: 0, county: 0, from: 1, length: 0 },
      { kind: 'create', programme: 0, county: 0, from: 2, length: 0 },
      { kind: 'step', action: 'return', claim: 0 },
      { kind: 'step', action: 'submit', claim: 1 },
      { kind: 'step', action: 'review', claim: 1 },
      { kind: 'step', action: 'approve', claim: 1 },
      { kind: 'pay', claim: 1, off: 0 },
    ];
    const model = new ClaimsModel([programme], ['140821'], counts);
    for (const c of sequence) expect(model.apply(c).ok).toBe(true);
    expect(model.claims[1]).toMatchObject({ status: 'paid', items: 1000, amountFen: 50_000 });
    const legacy = new ClaimsModel([programme], ['140821'], counts, true);
    for (const c of sequence) legacy.apply(c);
    expect(legacy.claims[1]).toMatchObject({ status: 'paid', amountFen: 60_000 });
    expect(legacy.violations()).toEqual(['programme 0 county 140821: 60000 fen > 50 × 1000 items', 'year 2023 county 140821: 60000 fen > 50 × 1000']);
  });
});
