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
