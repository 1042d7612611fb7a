import { closedOnTime, entryRuleMet, exitAllowed, isOverdue, KeySupervisionRule, nextStatus, RectificationRuleError } from './rectification.rules.js';

const TODAY = '2025-06-30';
const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err instanceof RectificationRuleError ? err.code : String(err);
  }
  return 'no error';
};

describe('rectification loop', () => {
  it('moves open → responded → returned → responded → accepted', () => {
    expect(nextStatus('respond', { status: 'open', dueDate: TODAY, today: TODAY }).status).toBe('responded');
    expect(nextStatus('return', { status: 'responded', dueDate: TODAY, today: TODAY, reason: '材料不全' }).status).toBe('returned');
    expect(nextStatus('respond', { status: 'returned', dueDate: TODAY, today: TODAY }).status).toBe('responded');
    expect(nextStatus('accept', { status: 'responded', dueDate: TODAY, today: TODAY }).status).toBe('accepted');
  });

  it('refuses steps out of order and steps without their reason', () => {
    expect(code(() => nextStatus('accept', { status: 'open', dueDate: TODAY, today: TODAY }))).toBe('ILLEGAL_TRANSITION');
    expect(code(() => nextStatus('respond', { status: 'accepted', dueDate: TODAY, today: TODAY }))).toBe('ILLEGAL_TRANSITION');
    expect(code(() => nextStatus('close', { status: 'closed', dueDate: TODAY, today: TODAY, reason: 'x' }))).toBe('ILLEGAL_TRANSITION');
    expect(code(() => nextStatus('return', { status: 'responded', dueDate: TODAY, today: TODAY, reason: '  ' }))).toBe('REASON_REQUIRED');
    expect(code(() => nextStatus('close', { status: 'open', dueDate: TODAY, today: TODAY }))).toBe('REASON_REQUIRED');
  });

  it('is overdue only the day after the due date, and only while waiting for the party', () => {
    expect(isOverdue('open', TODAY, TODAY)).toBe(false);
    expect(isOverdue('open', '2025-06-29', TODAY)).toBe(true);
    expect(isOverdue('returned', '2025-06-29', TODAY)).toBe(true);
    expect(isOverdue('escalated', '2025-06-29', TODAY)).toBe(true);
    expect(isOverdue('responded', '2025-06-29', TODAY)).toBe(false);
    expect(isOverdue('accepted', '2025-06-29', TODAY)).toBe(false);
  });

  it('escalates only an overdue order, with a reason and a re-inspection date that becomes the due date', () => {
    expect(code(() => nextStatus('escalate', { status: 'open', dueDate: TODAY, today: TODAY, reason: '逾期', reinspectionDate: '2025-07-10' }))).toBe(
      'NOT_OVERDUE',
    );
    expect(code(() => nextStatus('escalate', { status: 'open', dueDate: '2025-06-01', today: TODAY, reason: '逾期' }))).toBe('REINSPECTION_DATE_REQUIRED');
    expect(code(() => nextStatus('escalate', { status: 'open', dueDate: '2025-06-01', today: TODAY, reason: '逾期', reinspectionDate: '2025-06-29' }))).toBe(
      'DUE_DATE_PAST',
    );
    expect(code(() => nextStatus('escalate', { status: 'responded', dueDate: '2025-06-01', today: TODAY, reason: '逾期', reinspectionDate: TODAY }))).toBe(
      'ILLEGAL_TRANSITION',
    );
    expect(nextStatus('escalate', { status: 'returned', dueDate: '2025-06-01', today: TODAY, reason: '逾期', reinspectionDate: '2025-07-10' })).toEqual({
      status: 'escalated',
      dueDate: '2025-07-10',
    });
    expect(nextStatus('respond', { status: 'escalated', dueDate: '2025-07-10', today: TODAY }).status).toBe('responded');
  });

  it('counts an order closed on time when accepted by its first due date', () => {
    expect(closedOnTime('accepted', TODAY, TODAY)).toBe(true);
    expect(closedOnTime('accepted', '2025-07-01', TODAY)).toBe(false);
    expect(closedOnTime('closed', '2025-06-01', TODAY)).toBe(false);
    expect(closedOnTime('responded', '2025-06-01', TODAY)).toBeNull();
  });
});

describe('key-supervision rules', () => {
  const rules: KeySupervisionRule[] = [
    { code: 'grave_finding', kind: 'entry', trigger: 'grave_finding', threshold: 1, windowDays: 365, active: true },
    { code: 'joint_discipline', kind: 'entry', trigger: 'joint_discipline', threshold: 1, windowDays: 1, active: true },
    { code: 'overdue_orders', kind: 'entry', trigger: 'overdue_orders', threshold: 2, windowDays: 365, active: true },
    { code: 'escalated_orders', kind: 'entry', trigger: 'escalated_orders', threshold: 1, windowDays: 365, active: false },
    { code: 'exit_clean', kind: 'exit', trigger: 'exit_clean_days', threshold: 180, windowDays: 180, active: true },
  ];
  const none = { graveFindings: 0, jointDiscipline: false, overdueOrders: 0, escalatedOrders: 0 };

  it('lists by the first active entry rule met, at its threshold and not below', () => {
    expect(entryRuleMet(rules, () => none)).toBeNull();
    expect(entryRuleMet(rules, () => ({ ...none, overdueOrders: 1 }))).toBeNull();
    expect(entryRuleMet(rules, () => ({ ...none, overdueOrders: 2 }))?.rule.code).toBe('overdue_orders');
    expect(entryRuleMet(rules, () => ({ ...none, jointDiscipline: true }))?.reason).toContain('失信联合惩戒');
    expect(entryRuleMet(rules, () => ({ ...none, graveFindings: 1, overdueOrders: 5 }))?.rule.code).toBe('grave_finding');
  });

  it('ignores an inactive rule, and an exit rule as an entry rule', () => {
    expect(entryRuleMet(rules, () => ({ ...none, escalatedOrders: 3 }))).toBeNull();
    const on = rules.map((r) => (r.code === 'escalated_orders' ? { ...r, active: true } : r));
    expect(entryRuleMet(on, () => ({ ...none, escalatedOrders: 1 }))?.reason).toContain('专项督办 1 次');
  });

  it('lets an enterprise leave after the clean days with no unfinished order', () => {
    expect(exitAllowed(rules, '2025-01-01', TODAY, 0)).toMatchObject({ allowed: true });
    expect(exitAllowed(rules, '2025-01-02', TODAY, 0)).toMatchObject({ allowed: false });
    expect(exitAllowed(rules, '2024-01-01', TODAY, 1)).toMatchObject({ allowed: false });
    expect(
      exitAllowed(
        rules.filter((r) => r.kind === 'entry'),
        TODAY,
        TODAY,
        3,
      ),
    ).toMatchObject({ allowed: true });
  });
});
