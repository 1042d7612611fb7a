import { headroom, headroomProblem, paysNothing, stepRefusal } from './claims.rules.js';
import { reconcile } from './claims.service.js';
import { type CountKey, directionItems, fileClaim, verifyKey } from './verification.rules.js';
import { ceilingFor } from '../programmes/programmes.service.js';

const none = { items: 0, amountFen: 0 };
const key = (over: Partial<CountKey> = {}): CountKey => ({
  date: '2023-06-01',
  brand: 'ZTO',
  direction: 'upstream',
  items: 100,
  logicErrors: [],
  courierWaybills: 100,
  heldBy: null,
  ...over,
});

describe('headroom against the committed claims', () => {
  it('is ceiling × (committed + own items) − committed amounts, and budget − committed amounts, never below 0', () => {
    expect(headroom(1000, { items: 1000, amountFen: 40_000 }, 50, 1_000_000)).toEqual({ ceilingHeadroomFen: 60_000, budgetHeadroomFen: 960_000 });
    expect(headroom(10, { items: 100, amountFen: 6_000 }, 50, 5_000)).toEqual({ ceilingHeadroomFen: 0, budgetHeadroomFen: 0 });
  });

  it('refuses an amount over either cap, naming the cap; exactly at the cap is fine', () => {
    expect(headroomProblem({ items: 1000, amountFen: 50_000 }, none, 50, 50_000)).toBeNull();
    expect(headroomProblem({ items: 1000, amountFen: 50_001 }, none, 50, 1e9)).toMatchObject({ cap: 'ceiling', ceilingHeadroomFen: 50_000 });
    expect(headroomProblem({ items: 1000, amountFen: 30_000 }, { items: 1000, amountFen: 50_000 }, 50, 60_000)).toMatchObject({
      cap: 'budget',
      budgetHeadroomFen: 10_000,
    });
  });

  it('calls a claim with no items or no amount one that pays nothing', () => {
    expect(paysNothing({ items: 0, amountFen: 0 })).toBe(true);
    expect(paysNothing({ items: 10, amountFen: 0 })).toBe(true);
    expect(paysNothing({ items: 10, amountFen: 1 })).toBe(false);
  });
});

describe('stepRefusal: the money decision of each workflow step', () => {
  const claim = { status: 'draft' as const, items: 1000, amountFen: 50_000, avgCeilingFen: 50 };
  const ctx = { committed: none, budgetFen: 1_000_000 };

  it('refuses a step the status does not allow, and return without a reason or pay without a voucher (400)', () => {
    expect(stepRefusal(claim, 'approve', ctx)?.code).toBe('ILLEGAL_TRANSITION');
    expect(stepRefusal(claim, 'return', ctx)).toMatchObject({ status: 400, field: 'reason' });
    expect(stepRefusal({ ...claim, status: 'approved' }, 'pay', ctx)).toMatchObject({ status: 400, field: 'payment' });
    expect(stepRefusal(claim, 'return', { ...ctx, reason: '重报' })).toBeNull();
  });

  it('keeps a claim paying nothing from submission', () => {
    expect(stepRefusal({ ...claim, items: 0, amountFen: 0 }, 'submit', ctx)).toMatchObject({ status: 422, code: 'NOTHING_TO_PAY' });
    expect(stepRefusal({ ...claim, amountFen: 0 }, 'submit', ctx)?.code).toBe('NOTHING_TO_PAY');
    expect(stepRefusal(claim, 'submit', ctx)).toBeNull();
  });

  it('re-checks the headroom at submit, review, approve and pay, but lets a claim be returned whatever it is', () => {
    const taken = { committed: { items: 1000, amountFen: 60_000 }, budgetFen: 1_000_000 };
    expect(stepRefusal(claim, 'submit', taken)?.code).toBe('HEADROOM_SHRUNK');
    expect(stepRefusal({ ...claim, status: 'submitted' }, 'review', taken)?.code).toBe('HEADROOM_SHRUNK');
    expect(stepRefusal({ ...claim, status: 'reviewed' }, 'approve', taken)?.detail).toMatch(/ceiling headroom .* is now 40000 fen/);
    expect(stepRefusal({ ...claim, status: 'approved' }, 'pay', { ...taken, payment: { amountFen: 50_000 } })?.code).toBe('HEADROOM_SHRUNK');
    expect(stepRefusal({ ...claim, status: 'reviewed' }, 'return', { ...taken, reason: '额度不足' })).toBeNull();
    expect(stepRefusal({ ...claim, status: 'reviewed' }, 'approve', { committed: none, budgetFen: 49_999 })?.detail).toMatch(/budget headroom/);
  });

  it('pays exactly the approved amount', () => {
    const approved = { ...claim, status: 'approved' as const };
    expect(stepRefusal(approved, 'pay', { ...ctx, payment: { amountFen: 50_001 } })).toMatchObject({
      status: 422,
      code: 'PAYMENT_AMOUNT_MISMATCH',
      field: 'amountFen',
    });
    expect(stepRefusal(approved, 'pay', { ...ctx, payment: { amountFen: 50_000 } })).toBeNull();
  });
});

describe('verification of count keys', () => {
  it('takes the smaller of the count and the courier waybills (basis waybills), the count itself (basis counts)', () => {
    expect(verifyKey(key({ courierWaybills: 60 }), 'waybills')).toMatchObject({
      taken: true,
      verified: 60,
      shortfall: { reason: 'no_courier_waybills', items: 40 },
    });
    expect(verifyKey(key({ courierWaybills: 500 }), 'waybills')).toMatchObject({ verified: 100, shortfall: null });
    expect(verifyKey(key({ courierWaybills: 0 }), 'counts')).toMatchObject({ verified: 100, shortfall: null });
  });

  it('verifies nothing of a count failing a logic check, naming capacity apart', () => {
    expect(verifyKey(key({ logicErrors: ['above_capacity'] }), 'counts')).toMatchObject({
      taken: true,
      verified: 0,
      shortfall: { reason: 'capacity_exceeded', items: 100 },
    });
    expect(verifyKey(key({ logicErrors: ['weight_per_item_out_of_range'] }), 'waybills').shortfall?.reason).toBe('logic_check_failed');
  });

  it('leaves a count held by another claim out and names that claim', () => {
    expect(verifyKey(key({ heldBy: 'c-1' }), 'counts')).toMatchObject({
      taken: false,
      verified: 0,
      shortfall: { reason: 'claimed_elsewhere', items: 100, claimId: 'c-1' },
    });
  });

  it('sums per direction with the shortfalls by reason', () => {
    const verdicts = [
      key({ heldBy: 'c-2' }),
      key({ date: '2023-06-02', heldBy: 'c-1' }),
      key({ date: '2023-06-03', courierWaybills: 30 }),
      key({ direction: 'downstream', items: 50, courierWaybills: 50 }),
    ].map((k) => verifyKey(k, 'waybills'));
    expect(directionItems(verdicts, ['upstream', 'downstream'])).toEqual([
      {
        direction: 'upstream',
        reportedItems: 300,
        items: 30,
        shortfalls: [
          { reason: 'claimed_elsewhere', items: 200, claimIds: ['c-1', 'c-2'] },
          { reason: 'no_courier_waybills', items: 70 },
        ],
      },
      { direction: 'downstream', reportedItems: 50, items: 50, shortfalls: [] },
    ]);
  });

  it('files a claim capped against the committed claims only', () => {
    const programme = { verification: 'counts' as const, directions: ['downstream' as const], avgCeilingFen: 50, rateFen: () => 70 };
    const keys = [key({ direction: 'downstream', items: 1000 })];
    expect(fileClaim(keys, programme, none, 1e9).computed).toMatchObject({ items: 1000, grossFen: 70_000, amountFen: 50_000, cappedBy: 'ceiling' });
    expect(fileClaim(keys, programme, { items: 1000, amountFen: 40_000 }, 1e9).computed.amountFen).toBe(60_000);
  });
});

describe('programme ceilings follow the policy', () => {
  it('refuses a 2023 ceiling above 50 fen, citing the target, and fills in its basis', () => {
    expect(() => ceilingFor({ year: 2023, avgCeilingFen: 80 })).toThrow(/二\(二\)9: 单件补助平均不高于0\.5元/);
    expect(ceilingFor({ year: 2023, avgCeilingFen: 50 })).toEqual({ document: expect.stringContaining('晋政办发〔2023〕10号'), clause: '二(二)9' });
    expect(ceilingFor({ year: 2023, avgCeilingFen: 40, basis: { document: '市级细则', clause: '三' } })).toEqual({ document: '市级细则', clause: '三' });
  });

  it('makes other years state their basis and inherit nothing from 2023', () => {
    expect(() => ceilingFor({ year: 2024, avgCeilingFen: 50 })).toThrow(expect.objectContaining({ code: 'CEILING_BASIS_REQUIRED' }));
    expect(ceilingFor({ year: 2024, avgCeilingFen: 80, basis: { document: '2024年办法', clause: '第五条' } })).toEqual({
      document: '2024年办法',
      clause: '第五条',
    });
  });
});

describe('reconciliation', () => {
  it('groups approved and paid claims per county with approved, paid and unpaid totals', () => {
    const row = (county: string, status: 'approved' | 'paid', amount: number, voucher: string | null) => ({
      id: `${county}-${amount}`,
      programme_id: 'p',
      programme_name: '项目',
      county_code: county,
      period_start: '2023-06-01',
      period_end: '2023-06-30',
      status,
      items: '1000',
      amount_fen: String(amount),
      paid_amount_fen: status === 'paid' ? String(amount) : null,
      voucher_no: voucher,
      paid_on: voucher ? '2023-07-01' : null,
    });
    const r = reconcile(
      2023,
      '1408',
      [row('140821', 'paid', 500, 'V1'), row('140821', 'approved', 300, null), row('140822', 'paid', 200, 'V2')],
      (c) => `县${c}`,
    );
    expect(r).toMatchObject({ approvedFen: 1000, paidFen: 700, unpaidFen: 300 });
    expect(r.counties.map((c) => [c.countyCode, c.countyName, c.approvedFen, c.paidFen, c.unpaidFen, c.claims.map((x) => x.voucherNo)])).toEqual([
      ['140821', '县140821', 800, 500, 300, ['V1', null]],
      ['140822', '县140822', 200, 200, 0, ['V2']],
    ]);
  });
});
