import type { KeySupervisionTrigger, RectificationDecision, RectificationStatus } from '@app/contracts';

/**
 * The rectification loop (责令整改) as pure rules. Dates are business dates (YYYY-MM-DD,
 * Asia/Shanghai) compared as strings.
 *
 *   open ──respond──▶ responded ──accept──▶ accepted
 *    │                  │  ▲
 *    │               return│ respond
 *    │                  ▼  │
 *    │                returned
 *    └─ open / returned past the due date: overdue ──escalate──▶ escalated ──respond──▶ responded
 *   close (with a reason) from any unfinished status ──▶ closed
 */
export type RectificationAction = 'respond' | RectificationDecision;

/** Statuses waiting for the party: past the due date they are overdue. */
const AWAITING_PARTY: readonly RectificationStatus[] = ['open', 'returned', 'escalated'];

export class RectificationRuleError extends Error {
  constructor(
    readonly code: 'ILLEGAL_TRANSITION' | 'NOT_OVERDUE' | 'REASON_REQUIRED' | 'REINSPECTION_DATE_REQUIRED' | 'DUE_DATE_PAST',
    message: string,
  ) {
    super(message);
  }
}

const FROM: Record<RectificationAction, readonly RectificationStatus[]> = {
  respond: ['open', 'returned', 'escalated'],
  accept: ['responded'],
  return: ['responded'],
  escalate: ['open', 'returned'],
  close: ['open', 'responded', 'returned', 'escalated'],
};

const TO: Record<RectificationAction, RectificationStatus> = {
  respond: 'responded',
  accept: 'accepted',
  return: 'returned',
  escalate: 'escalated',
  close: 'closed',
};

const VERB: Record<RectificationAction, string> = { respond: 'answered', accept: 'accepted', return: 'returned', escalate: 'escalated', close: 'closed' };

/** Past its due date while waiting for the party. */
export function isOverdue(status: RectificationStatus, dueDate: string, today: string): boolean {
  return AWAITING_PARTY.includes(status) && today > dueDate;
}

export interface StepInput {
  status: RectificationStatus;
  dueDate: string;
  today: string;
  reason?: string;
  reinspectionDate?: string;
}

/** The status after `action`, or the rule it breaks; an escalation also gives the new due date. */
export function nextStatus(action: RectificationAction, input: StepInput): { status: RectificationStatus; dueDate: string } {
  if (!FROM[action].includes(input.status)) {
    throw new RectificationRuleError('ILLEGAL_TRANSITION', `an order ${input.status} cannot be ${VERB[action]}`);
  }
  if ((action === 'return' || action === 'escalate' || action === 'close') && !input.reason?.trim()) {
    throw new RectificationRuleError('REASON_REQUIRED', `a reason is needed to ${action} an order`);
  }
  if (action === 'escalate') {
    if (!isOverdue(input.status, input.dueDate, input.today)) {
      throw new RectificationRuleError('NOT_OVERDUE', `only an overdue order is escalated; this one is due ${input.dueDate}`);
    }
    if (!input.reinspectionDate) throw new RectificationRuleError('REINSPECTION_DATE_REQUIRED', 'escalation needs a re-inspection date (复查日期)');
    if (input.reinspectionDate < input.today)
      throw new RectificationRuleError('DUE_DATE_PAST', `the re-inspection date ${input.reinspectionDate} is before today ${input.today}`);
    return { status: TO.escalate, dueDate: input.reinspectionDate };
  }
  return { status: TO[action], dueDate: input.dueDate };
}

/** An order accepted by its first due date was corrected on time (按期整改); a closed one was not. */
export function closedOnTime(status: RectificationStatus, finishedOn: string, originalDueDate: string): boolean | null {
  if (status === 'accepted') return finishedOn <= originalDueDate;
  if (status === 'closed') return false;
  return null;
}

// ── key-supervision list (重点监管名录) ──

export interface KeySupervisionRule {
  code: string;
  kind: 'entry' | 'exit';
  trigger: KeySupervisionTrigger;
  threshold: number;
  windowDays: number;
  active: boolean;
}

/** What an enterprise did within each rule's window (counted by the service per rule). */
export interface EnterpriseFacts {
  graveFindings: number;
  jointDiscipline: boolean;
  overdueOrders: number;
  escalatedOrders: number;
}

const REASONS: Record<Exclude<KeySupervisionTrigger, 'exit_clean_days'>, (n: number, rule: KeySupervisionRule) => string> = {
  grave_finding: (n, r) => `${r.windowDays} 天内严重问题 ${n} 次（规则 ${r.code}：≥ ${r.threshold}）`,
  joint_discipline: (_n, r) => `被列入失信联合惩戒（规则 ${r.code}）`,
  overdue_orders: (n, r) => `${r.windowDays} 天内责令整改逾期 ${n} 次（规则 ${r.code}：≥ ${r.threshold}）`,
  escalated_orders: (n, r) => `${r.windowDays} 天内责令整改转专项督办 ${n} 次（规则 ${r.code}：≥ ${r.threshold}）`,
};

/** The first active entry rule the facts meet (in the order given), with its reason; null when none. */
export function entryRuleMet(
  rules: KeySupervisionRule[],
  factsOf: (rule: KeySupervisionRule) => EnterpriseFacts,
): { rule: KeySupervisionRule; reason: string } | null {
  for (const rule of rules) {
    if (!rule.active || rule.kind !== 'entry' || rule.trigger === 'exit_clean_days') continue;
    const facts = factsOf(rule);
    const n =
      rule.trigger === 'grave_finding'
        ? facts.graveFindings
        : rule.trigger === 'overdue_orders'
          ? facts.overdueOrders
          : rule.trigger === 'escalated_orders'
            ? facts.escalatedOrders
            : facts.jointDiscipline
              ? rule.threshold
              : 0;
    if (n >= rule.threshold) return { rule, reason: REASONS[rule.trigger](n, rule) };
  }
  return null;
}

/**
 * May a listed enterprise leave? Under an active exit rule: at least `threshold` days since
 * the last trigger and no unfinished order. Without an active exit rule staff decide alone.
 */
export function exitAllowed(rules: KeySupervisionRule[], lastTriggerOn: string, today: string, unfinishedOrders: number): { allowed: boolean; why: string } {
  const rule = rules.find((r) => r.active && r.kind === 'exit' && r.trigger === 'exit_clean_days');
  if (!rule) return { allowed: true, why: 'no exit rule in force' };
  const days = Math.floor((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${lastTriggerOn}T00:00:00Z`)) / 86_400_000);
  if (unfinishedOrders > 0) return { allowed: false, why: `${unfinishedOrders} rectification order(s) still unfinished (rule ${rule.code})` };
  if (days < rule.threshold) return { allowed: false, why: `${days} days since the last trigger; rule ${rule.code} needs ${rule.threshold}` };
  return { allowed: true, why: `${days} days since the last trigger (rule ${rule.code})` };
}
