import type { ComplaintStatus, ComplaintStep } from '@app/contracts';

const NEXT: Record<ComplaintStep, { from: readonly ComplaintStatus[]; to: ComplaintStatus }> = {
  assign: { from: ['received', 'assigned'], to: 'assigned' },
  respond: { from: ['assigned', 'responded'], to: 'responded' },
  close: { from: ['assigned', 'responded'], to: 'closed' },
  refer: { from: ['received', 'assigned', 'responded'], to: 'referred' },
};

/** The status after a step, or null when the step is not open: a closed or referred complaint is done. */
export function complaintNext(status: ComplaintStatus, step: ComplaintStep): ComplaintStatus | null {
  const t = NEXT[step];
  return t.from.includes(status) ? t.to : null;
}

/** Complaints counted against an enterprise in a risk-weighted draw: those received in this many days. */
export const COMPLAINT_RISK_DAYS = 365;

/**
 * What complaints about an enterprise add to its risk weight in a weighted inspection draw:
 * 0.5 each, at most 2 (four or more). The platform's own setting, not a figure of the seeds.
 */
export function complaintRiskWeight(complaints: number): number {
  return Math.min(Math.max(complaints, 0), 4) * 0.5;
}
