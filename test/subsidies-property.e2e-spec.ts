import fc from 'fast-check';
import { TestPlatform } from './support/platform.js';
import { actionOf, arbitraries, ClaimsModel, type Command, type ModelCount, type ModelProgramme } from './support/claims-model.js';
import { COUNTY_A, COUNTY_B, dbQuery, type SubsidyActors, subsidyActors, waybills } from './support/subsidies.js';

/**
 * The property test of claims/claims.property.spec.ts through the real service: random
 * sequences of create, return, submit, review, approve and pay over two counties and two or
 * three programmes, each command sent through the gateway and to the in-memory model built
 * from the service's decision functions. After every step the service must have answered as
 * the model did (same refusal code, same items and amount) and the invariant must hold in
 * PostgreSQL. Few sequences (each is ~40 HTTP requests on a shared machine); the 600 pure
 * sequences of the unit test cover the space, this one proves the service is that model.
 */
const COUNTIES = [COUNTY_A, COUNTY_B];
const DAYS = 3;
const RUNS = 12;

describe('claims through the real service follow the model and keep the invariant (fast-check)', () => {
  const platform = new TestPlatform({ apps: ['supervision', 'subsidies', 'gateway'] });
  let s: SubsidyActors;
  let run = 0;

  beforeAll(async () => {
    await platform.start();
    s = await subsidyActors(platform);
  }, 180_000);

  afterAll(() => platform.stop());

  /** Breaches of the invariant in the database, per programme and county and per year and county. */
  async function breaches(): Promise<unknown[]> {
    const rows = await dbQuery<{
      programme_id: string;
      year: number;
      county_code: string;
      amount: string;
      items: string;
      ceiling: number;
      budgets: Array<{ countyCode: string; amountFen: number }>;
    }>(
      platform,
      `SELECT c.programme_id, c.year, c.county_code, sum(c.amount_fen) AS amount, sum(c.items) AS items, p.avg_ceiling_fen AS ceiling, p.budgets
       FROM subsidies.claims c JOIN subsidies.programmes p ON p.id = c.programme_id
       WHERE c.status IN ('approved', 'paid') GROUP BY c.programme_id, c.year, c.county_code, p.avg_ceiling_fen, p.budgets`,
    );
    const out: unknown[] = rows.filter(
      (r) => Number(r.amount) > r.ceiling * Number(r.items) || Number(r.amount) > (r.budgets.find((b) => b.countyCode === r.county_code)?.amountFen ?? 0),
    );
    const byYear = new Map<string, { amount: number; items: number }>();
    for (const r of rows) {
      const k = `${r.year}|${r.county_code}`;
      const t = byYear.get(k) ?? { amount: 0, items: 0 };
      byYear.set(k, { amount: t.amount + Number(r.amount), items: t.items + Number(r.items) });
    }
    for (const [k, t] of byYear) if (t.amount > 50 * t.items) out.push({ year: k, ...t });
    return out;
  }

  async function seed(date: (day: number) => string, counts: ModelCount[]): Promise<void> {
    for (const county of COUNTIES) {
      const mine = counts.filter((c) => c.county === county);
      const centre = county === COUNTY_A ? s.centreA : s.centreB;
      const posted = await centre
        .post('/parcel-counts')
        .send({ reports: mine.map((c) => ({ date: date(c.day), brand: 'ZTO', direction: c.direction, items: c.items })) });
      expect(posted.body).toMatchObject({ accepted: mine.length, rejected: [] });
      const bills = mine.flatMap((c) =>
        waybills(`P${run}X${county.slice(4)}${c.day}${c.direction[0].toUpperCase()}`, c.courierWaybills, {
          brand: 'ZTO',
          date: date(c.day),
          direction: c.direction,
          countyCode: county,
        }),
      );
      if (bills.length > 0) expect((await s.courier.post('/waybills').send(bills)).body).toMatchObject({ accepted: bills.length, rejected: [] });
    }
  }

  async function sequence(programmes: ModelProgramme[], counts: ModelCount[], commands: Command[]): Promise<void> {
    run++;
    // each sequence has days of its own: nine sequences a month, three days each
    const date = (day: number) => `2023-${String(1 + Math.floor((run - 1) / 9)).padStart(2, '0')}-${String(((run - 1) % 9) * 3 + day).padStart(2, '0')}`;
    await seed(date, counts);
    const programmeIds: string[] = [];
    for (const [i, p] of programmes.entries()) {
      const res = await s.admin.post('/subsidy-programmes').send({
        year: p.year,
        name: `性质测试${run}-${i}`,
        directions: ['upstream', 'downstream'],
        rates: [
          { direction: 'upstream', rateFen: p.rates.upstream },
          { direction: 'downstream', rateFen: p.rates.downstream },
        ],
        avgCeilingFen: p.avgCeilingFen,
        verification: p.verification,
        budgets: Object.entries(p.budgets).map(([countyCode, amountFen]) => ({ countyCode, amountFen })),
      });
      expect(res.status).toBe(201);
      programmeIds.push(res.body.id);
    }
    const model = new ClaimsModel(programmes, COUNTIES, counts);
    const ids = new Map<string, string>();
    for (const command of commands) {
      let res: { status: number; body: { code?: string; id?: string; items?: number; amountFen?: number; status?: string } };
      if (command.kind === 'create') {
        const county = COUNTIES[command.county % COUNTIES.length];
        const outcome = model.apply(command);
        res = await (county === COUNTY_A ? s.centreA : s.centreB).post('/subsidy-claims').send({
          programmeId: programmeIds[command.programme % programmeIds.length],
          countyCode: county,
          periodStart: date(command.from),
          periodEnd: date(command.from + command.length),
        });
        if (outcome.ok) {
          expect({ status: res.status, items: res.body.items, amountFen: res.body.amountFen }).toEqual({
            status: 201,
            items: outcome.claim.items,
            amountFen: outcome.claim.amountFen,
          });
          ids.set(outcome.claim.id, res.body.id as string);
        } else expect({ status: res.status, code: res.body.code }).toEqual({ status: outcome.status, code: outcome.code });
      } else {
        const target = model.target(command.claim);
        if (!target) continue;
        const action = actionOf(command, target.status);
        // a voucher is never negative (400 at the edge); only an approved claim's voucher matters, and its amount is ≥ 1
        const amount = Math.max(0, target.amountFen + (command.kind === 'pay' ? command.off : 0));
        const outcome = model.apply(command);
        const body =
          action === 'return'
            ? { reason: '性质测试退回' }
            : action === 'pay'
              ? { voucherNo: `V${run}-${target.id}`, paidOn: '2023-12-31', amountFen: amount }
              : {};
        res = await s.admin.post(`/subsidy-claims/${ids.get(target.id)}/${action}`).send(body);
        if (outcome.ok) expect({ status: res.status, to: res.body.status }).toEqual({ status: 200, to: outcome.claim.status });
        else expect({ status: res.status, code: res.body.code }).toEqual({ status: outcome.status, code: outcome.code });
      }
      expect(model.violations()).toEqual([]);
      expect(await breaches()).toEqual([]);
    }
  }

  it(`answers as the model and keeps the invariant after every step of ${RUNS} random sequences`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(arbitraries.programme(COUNTIES, 3_000), { minLength: 2, maxLength: 3 }),
        arbitraries.counts(COUNTIES, DAYS, 40),
        fc.array(arbitraries.command(3, COUNTIES.length, DAYS), { minLength: 15, maxLength: 25 }),
        (programmes, counts, commands) => sequence(programmes, counts, commands),
      ),
      { numRuns: RUNS, endOnFailure: true },
    );
    const [{ approved }] = await dbQuery<{ approved: string }>(
      platform,
      `SELECT count(*) AS approved FROM subsidies.claims WHERE status IN ('approved', 'paid')`,
    );
    expect(Number(approved)).toBeGreaterThan(0);
  }, 300_000);
});
