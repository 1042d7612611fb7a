import { type LicenceApplicationStatus, type LicenceApplicationStep, type LicenceFileType, type WorkingCalendar } from '@app/contracts';

/**
 * The type of a material file by its first bytes (magic numbers), never by its name or the
 * Content-Type the client sent: PDF `%PDF-`, JPEG `FF D8 FF`, PNG `89 50 4E 47 0D 0A 1A 0A`.
 * Null for anything else.
 */
export function fileTypeOf(content: Uint8Array): LicenceFileType | null {
  const starts = (bytes: number[]) => content.length >= bytes.length && bytes.every((b, i) => content[i] === b);
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  return null;
}

/** Who takes a step: the applicant or the administration. */
export type StepActor = 'applicant' | 'staff';

export const STEP_ACTOR: Record<LicenceApplicationStep, StepActor> = {
  accept: 'staff',
  return: 'staff',
  resubmit: 'applicant',
  grant: 'staff',
  refuse: 'staff',
};

/** The status each step leads to, from the statuses it may be taken in. */
const TRANSITIONS: Record<LicenceApplicationStep, { from: readonly LicenceApplicationStatus[]; to: LicenceApplicationStatus }> = {
  accept: { from: ['submitted'], to: 'accepted' },
  return: { from: ['submitted'], to: 'returned' },
  resubmit: { from: ['returned'], to: 'submitted' },
  grant: { from: ['accepted'], to: 'granted' },
  refuse: { from: ['submitted', 'accepted'], to: 'refused' },
};

export type StepRefusal = 'WRONG_STATUS' | 'ALREADY_RETURNED';

/**
 * The status after `step`, or why it may not be taken: each step only from its statuses,
 * and the return for missing material only once (一次性告知): a completed application is
 * accepted or refused, never returned a second time.
 */
export function nextStatus(
  application: { status: LicenceApplicationStatus; returnedOnce: boolean },
  step: LicenceApplicationStep,
): LicenceApplicationStatus | StepRefusal {
  const t = TRANSITIONS[step];
  if (!t.from.includes(application.status)) return 'WRONG_STATUS';
  if (step === 'return' && application.returnedOnce) return 'ALREADY_RETURNED';
  return t.to;
}

/** Working days allowed for a step (licence_time_limits): accept, decide, resubmit. */
export type TimeLimits = Record<'accept' | 'decide' | 'resubmit', number>;

/**
 * The date the next step is due, counted in working days of the calendar from `from`
 * (the day of the step just taken): staff accept or return a submitted application within
 * the accept limit, decide an accepted one within the decide limit, the applicant
 * completes a returned one within the resubmit limit; a decided one is due nothing.
 */
export function dueOn(status: LicenceApplicationStatus, from: string, limits: TimeLimits, calendar: WorkingCalendar): string | null {
  switch (status) {
    case 'submitted':
      return calendar.addWorkingDays(from, limits.accept);
    case 'accepted':
      return calendar.addWorkingDays(from, limits.decide);
    case 'returned':
      return calendar.addWorkingDays(from, limits.resubmit);
    default:
      return null;
  }
}

/** The next step in words, for the applicant's one place (一次办好). */
export function nextStepOf(status: LicenceApplicationStatus): string | null {
  switch (status) {
    case 'submitted':
      return 'staff: accept or return once for missing material (受理或一次性告知补正)';
    case 'returned':
      return 'applicant: complete the missing material and resubmit (补正材料后重新提交)';
    case 'accepted':
      return 'staff: grant or refuse (作出许可决定)';
    default:
      return null;
  }
}

/** The licence a granted application leaves on the registry, by kind. */
export function grantedLicence(
  kind: 'new' | 'change' | 'renewal' | 'cancellation',
  current: { number: string; validFrom: string; validTo: string } | null,
  decision: { licenceNumber?: string; validFrom?: string; validTo?: string },
): { number: string; validFrom: string; validTo: string } | 'MISSING_LICENCE_TERMS' | 'BAD_DATES' | null {
  if (kind === 'cancellation') return null;
  const number = decision.licenceNumber ?? current?.number;
  const validFrom = decision.validFrom ?? (kind === 'change' ? current?.validFrom : undefined);
  const validTo = decision.validTo ?? (kind === 'change' ? current?.validTo : undefined);
  if (!number || !validFrom || !validTo) return 'MISSING_LICENCE_TERMS';
  if (validTo < validFrom) return 'BAD_DATES';
  return { number, validFrom, validTo };
}
