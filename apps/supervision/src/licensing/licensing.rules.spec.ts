import { WorkingCalendar } from '@app/contracts';
import { dueOn, fileTypeOf, grantedLicence, nextStatus } from './licensing.rules.js';

describe('material files are typed by content', () => {
  const bytes = (...b: number[]) => Uint8Array.from(b);
  it('knows PDF, JPEG and PNG by their magic bytes', () => {
    expect(fileTypeOf(Buffer.from('%PDF-1.7\n...'))).toBe('application/pdf');
    expect(fileTypeOf(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10))).toBe('image/jpeg');
    expect(fileTypeOf(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0))).toBe('image/png');
  });
  it('refuses anything else, whatever its name says: HTML, a ZIP, a truncated header, nothing', () => {
    expect(fileTypeOf(Buffer.from('<html>%PDF-</html>'))).toBeNull();
    expect(fileTypeOf(bytes(0x50, 0x4b, 0x03, 0x04))).toBeNull();
    expect(fileTypeOf(bytes(0x89, 0x50, 0x4e, 0x47))).toBeNull();
    expect(fileTypeOf(Buffer.from('%PDF'))).toBeNull();
    expect(fileTypeOf(bytes())).toBeNull();
  });
});

describe('licence application workflow', () => {
  const fresh = { status: 'submitted' as const, returnedOnce: false };
  it('accepts or returns a submitted application, grants only an accepted one', () => {
    expect(nextStatus(fresh, 'accept')).toBe('accepted');
    expect(nextStatus(fresh, 'return')).toBe('returned');
    expect(nextStatus(fresh, 'grant')).toBe('WRONG_STATUS');
    expect(nextStatus({ status: 'accepted', returnedOnce: false }, 'grant')).toBe('granted');
    expect(nextStatus({ status: 'accepted', returnedOnce: false }, 'refuse')).toBe('refused');
  });
  it('returns once only (一次性告知): a completed application is accepted or refused', () => {
    expect(nextStatus({ status: 'returned', returnedOnce: true }, 'resubmit')).toBe('submitted');
    expect(nextStatus({ status: 'submitted', returnedOnce: true }, 'return')).toBe('ALREADY_RETURNED');
    expect(nextStatus({ status: 'submitted', returnedOnce: true }, 'accept')).toBe('accepted');
  });
  it('takes no step on a decided application, and no resubmission of one not returned', () => {
    for (const status of ['granted', 'refused'] as const) {
      for (const step of ['accept', 'return', 'resubmit', 'grant', 'refuse'] as const)
        expect(nextStatus({ status, returnedOnce: false }, step)).toBe('WRONG_STATUS');
    }
    expect(nextStatus(fresh, 'resubmit')).toBe('WRONG_STATUS');
  });
});

describe('due dates in working days', () => {
  // 2026-09-28 is a Monday; an invented holiday year, so the test does not hang on the published one
  const calendar = new WorkingCalendar([
    { year: 2026, source: 'test calendar', rest: [{ name: '国庆节', from: '2026-10-01', to: '2026-10-07' }], workdays: ['2026-10-10'] },
  ]);
  const limits = { accept: 5, decide: 20, resubmit: 20 };
  it('skips weekends and holidays, counts declared working weekends', () => {
    // 29, 30, (1–7 rest), 8, 9, 10 (a Saturday worked): the 5th working day
    expect(dueOn('submitted', '2026-09-28', limits, calendar)).toBe('2026-10-10');
    // 9, 10 (Saturday worked), (11 Sunday), 12, 13, 14
    expect(dueOn('submitted', '2026-10-08', limits, calendar)).toBe('2026-10-14');
    expect(dueOn('returned', '2026-10-08', { ...limits, resubmit: 1 }, calendar)).toBe('2026-10-09');
  });
  it('has nothing due once decided', () => {
    expect(dueOn('granted', '2026-09-28', limits, calendar)).toBeNull();
    expect(dueOn('refused', '2026-09-28', limits, calendar)).toBeNull();
  });
});

describe('the licence a grant leaves', () => {
  const current = { number: '晋邮1', validFrom: '2023-01-01', validTo: '2027-12-31' };
  it('needs number and dates for a new licence and a renewal, keeps them on a change', () => {
    expect(grantedLicence('new', null, { validFrom: '2026-01-01', validTo: '2030-12-31' })).toBe('MISSING_LICENCE_TERMS');
    expect(grantedLicence('new', null, { licenceNumber: 'N', validFrom: '2026-01-01', validTo: '2030-12-31' })).toEqual({
      number: 'N',
      validFrom: '2026-01-01',
      validTo: '2030-12-31',
    });
    expect(grantedLicence('renewal', current, {})).toBe('MISSING_LICENCE_TERMS');
    expect(grantedLicence('renewal', current, { validFrom: '2028-01-01', validTo: '2032-12-31' })).toEqual({
      number: '晋邮1',
      validFrom: '2028-01-01',
      validTo: '2032-12-31',
    });
    expect(grantedLicence('change', current, {})).toEqual(current);
    expect(grantedLicence('new', null, { licenceNumber: 'N', validFrom: '2026-01-02', validTo: '2026-01-01' })).toBe('BAD_DATES');
    expect(grantedLicence('cancellation', current, {})).toBeNull();
  });
});
