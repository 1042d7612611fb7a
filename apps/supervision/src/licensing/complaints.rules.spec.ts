import { complaintNext, complaintRiskWeight } from './complaints.rules.js';

describe('complaint workflow', () => {
  it('assigns (again, to another region), answers and closes', () => {
    expect(complaintNext('received', 'assign')).toBe('assigned');
    expect(complaintNext('assigned', 'assign')).toBe('assigned');
    expect(complaintNext('assigned', 'respond')).toBe('responded');
    expect(complaintNext('responded', 'close')).toBe('closed');
  });
  it('needs an assignment before an answer or a closure', () => {
    expect(complaintNext('received', 'respond')).toBeNull();
    expect(complaintNext('received', 'close')).toBeNull();
  });
  it('turns an open complaint into a rectification order, and does nothing more with a done one', () => {
    expect(complaintNext('assigned', 'refer')).toBe('referred');
    for (const done of ['closed', 'referred'] as const) {
      for (const step of ['assign', 'respond', 'close', 'refer'] as const) expect(complaintNext(done, step)).toBeNull();
    }
  });
});

describe('complaints in the risk weight of a draw', () => {
  it('adds 0.5 a complaint, at most 2', () => {
    expect([0, 1, 3, 4, 40].map(complaintRiskWeight)).toEqual([0, 0.5, 1.5, 2, 2]);
  });
});
