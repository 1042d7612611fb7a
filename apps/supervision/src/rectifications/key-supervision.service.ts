import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  DomainError,
  EventTypes,
  KeySupervisionEntryDto,
  KeySupervisionEvent,
  KeySupervisionExitMessage,
  KeySupervisionRuleDto,
  KeySupervisionRuleListDto,
  ListKeySupervisionQuery,
  Page,
  shanghaiToday,
  UpdateKeySupervisionRuleMessage,
} from '@app/contracts';
import { AuditTrail, Outbox } from '@app/events';
import type { RequestMeta } from '@app/messaging';
import { keysetPage } from '../common/keyset.js';
import { CreditService } from '../credit/credit.service.js';
import { EnterpriseFacts, entryRuleMet, exitAllowed, KeySupervisionRule } from './rectification.rules.js';

interface RuleRow {
  code: string;
  kind: 'entry' | 'exit';
  trigger: KeySupervisionRuleDto['trigger'];
  threshold: number;
  window_days: number;
  active: boolean;
  description: string;
  updated_at: Date;
}

interface EntryRow {
  id: string;
  enterprise_id: string;
  enterprise_name: string;
  rule_code: string;
  reason: string;
  entered_at: Date;
  last_trigger_at: Date;
  exited_at: Date | null;
  exit_reason: string | null;
  created_at: Date;
}

const RULES_NOTE =
  '本平台的地方配置（重点监管名录列入、移出规则），由省级管理部门设定并留痕；种子文件（交办运函〔2020〕1520号等）要求实施重点监管和信用监管，但未规定这些阈值。';

const ENTRY_COLUMNS = `k.id, k.enterprise_id, e.name AS enterprise_name, k.rule_code, k.reason, k.entered_at, k.last_trigger_at, k.exited_at, k.exit_reason, k.created_at`;

/** The key-supervision list (重点监管名录): entry and exit rules kept as data, entries and exits audited. */
@Injectable()
export class KeySupervisionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
    private readonly outbox: Outbox,
    private readonly credit: CreditService,
  ) {}

  async rules(manager: EntityManager | DataSource = this.dataSource): Promise<KeySupervisionRule[]> {
    // raw SQL: the rules kept as data (key_supervision_rules, no entity), read in the caller's transaction or outside it
    const rows: RuleRow[] = await manager.query(`SELECT * FROM supervision.key_supervision_rules ORDER BY kind, code`);
    return rows.map((r) => ({ code: r.code, kind: r.kind, trigger: r.trigger, threshold: r.threshold, windowDays: r.window_days, active: r.active }));
  }

  async listRules(): Promise<KeySupervisionRuleListDto> {
    // raw SQL: the rules kept as data (key_supervision_rules, no entity)
    const rows: RuleRow[] = await this.dataSource.query(`SELECT * FROM supervision.key_supervision_rules ORDER BY kind, code`);
    return { items: rows.map(toRule), note: RULES_NOTE };
  }

  /** Admin changes a rule (audited); entries already made stay. */
  async updateRule(input: UpdateKeySupervisionRuleMessage, meta: RequestMeta): Promise<KeySupervisionRuleDto> {
    return this.dataSource.transaction(async (manager) => {
      // raw SQL: a row lock (FOR UPDATE) held until the rule is changed and audited
      const [before]: RuleRow[] = await manager.query(`SELECT * FROM supervision.key_supervision_rules WHERE code = $1 FOR UPDATE`, [input.code]);
      if (!before) throw DomainError.notFound(`key-supervision rule ${input.code}`);
      // raw SQL: an update with clock_timestamp() returning the stored row for the audit
      const [[after]]: [RuleRow[], number] = await manager.query(
        `UPDATE supervision.key_supervision_rules SET threshold = $2, window_days = $3, active = $4, updated_by = $5, updated_at = clock_timestamp()
         WHERE code = $1 RETURNING *`,
        [
          input.code,
          input.threshold ?? before.threshold,
          input.windowDays ?? before.window_days,
          input.active ?? before.active,
          meta.principal?.sub ?? 'system',
        ],
      );
      await this.audit.record(
        manager,
        {
          action: 'key_supervision.rule_changed',
          objectType: 'key_supervision_rule',
          objectId: input.code,
          before: toRule(before),
          after: { ...toRule(after), reason: input.reason },
        },
        meta,
      );
      return toRule(after);
    });
  }

  list(query: ListKeySupervisionQuery): Promise<Page<KeySupervisionEntryDto>> {
    const where = query.all === 'true' ? [] : ['k.exited_at IS NULL'];
    return keysetPage(
      this.dataSource,
      'supervision.key_supervision_entries k JOIN supervision.enterprises e ON e.id = k.enterprise_id',
      where,
      [],
      query,
      toEntry,
      ENTRY_COLUMNS,
      'k.',
    );
  }

  /** Ids of the enterprises listed now (the inspection draw weights them). */
  async listedNow(enterpriseIds: string[]): Promise<Set<string>> {
    if (enterpriseIds.length === 0) return new Set();
    // raw SQL: the listed enterprises among many (= ANY of a text array)
    const rows: Array<{ enterprise_id: string }> = await this.dataSource.query(
      `SELECT enterprise_id::text FROM supervision.key_supervision_entries WHERE exited_at IS NULL AND enterprise_id::text = ANY($1::text[])`,
      [enterpriseIds],
    );
    return new Set(rows.map((r) => r.enterprise_id));
  }

  /**
   * Applies the entry rules to enterprises after something happened to them (a grave
   * finding, an escalated or overdue order, a credit record), in the caller's transaction.
   * A listed enterprise that meets a rule again has its last trigger moved on (which the
   * exit rule counts from).
   */
  async evaluate(manager: EntityManager, enterpriseIds: string[], meta: RequestMeta): Promise<void> {
    const ids = [...new Set(enterpriseIds)];
    if (ids.length === 0) return;
    const rules = await this.rules(manager);
    const today = shanghaiToday();
    const standings = rules.some((r) => r.active && r.trigger === 'joint_discipline') ? await this.credit.standings(ids) : [];
    for (const id of ids) {
      const facts = new Map<string, EnterpriseFacts>();
      for (const rule of rules.filter((r) => r.active && r.kind === 'entry')) {
        // raw SQL: three counts over credit records and orders in one statement (array membership, Asia/Shanghai dates, a rolling window)
        const [row]: Array<{ grave: string; overdue: string; escalated: string }> = await manager.query(
          `SELECT
             (SELECT count(*) FROM supervision.credit_records c
               WHERE c.enterprise_id = $1 AND c.severity = 'grave' AND c.occurred_on > $2::date - $3::int)
           + (SELECT count(*) FROM supervision.rectifications r
               WHERE $1 = ANY(r.enterprise_ids) AND r.severity = 'grave' AND (r.created_at AT TIME ZONE 'Asia/Shanghai')::date > $2::date - $3::int) AS grave,
             (SELECT count(*) FROM supervision.rectifications r
               WHERE $1 = ANY(r.enterprise_ids) AND r.original_due_date > $2::date - $3::int
                 AND r.original_due_date < coalesce((r.closed_at AT TIME ZONE 'Asia/Shanghai')::date, $2::date)
                 AND NOT (r.status = 'accepted' AND r.closed_on_time)) AS overdue,
             (SELECT count(*) FROM supervision.rectifications r
               WHERE $1 = ANY(r.enterprise_ids) AND (r.escalated_at AT TIME ZONE 'Asia/Shanghai')::date > $2::date - $3::int) AS escalated`,
          [id, today, rule.windowDays],
        );
        facts.set(rule.code, {
          graveFindings: Number(row.grave),
          overdueOrders: Number(row.overdue),
          escalatedOrders: Number(row.escalated),
          jointDiscipline: standings.find((s) => s.enterpriseId === id)?.jointDiscipline ?? false,
        });
      }
      const met = entryRuleMet(rules, (rule) => facts.get(rule.code) as EnterpriseFacts);
      if (!met) continue;
      // raw SQL: a row lock (FOR UPDATE) on the enterprise's current entry
      const [current]: Array<{ id: string }> = await manager.query(
        `SELECT id FROM supervision.key_supervision_entries WHERE enterprise_id = $1 AND exited_at IS NULL FOR UPDATE`,
        [id],
      );
      if (current) {
        // raw SQL: moves the last trigger on with clock_timestamp()
        await manager.query(`UPDATE supervision.key_supervision_entries SET last_trigger_at = clock_timestamp() WHERE id = $1`, [current.id]);
        continue;
      }
      // raw SQL: writes an entry and returns its id and entry time
      const [entry]: Array<{ id: string; entered_at: Date }> = await manager.query(
        `INSERT INTO supervision.key_supervision_entries (enterprise_id, rule_code, reason) VALUES ($1, $2, $3) RETURNING id, entered_at`,
        [id, met.rule.code, met.reason],
      );
      const event: KeySupervisionEvent = { entryId: entry.id, enterpriseId: id, ruleCode: met.rule.code, reason: met.reason };
      await this.audit.record(
        manager,
        { action: 'key_supervision.entered', objectType: 'enterprise', objectId: id, after: { ...event, enteredAt: entry.entered_at.toISOString() } },
        meta,
      );
      await this.outbox.add<KeySupervisionEvent>(manager, EventTypes.keySupervisionEntered, event, meta);
    }
  }

  /** Staff take an enterprise off the list when the exit rule allows it (audited). */
  async exit(input: KeySupervisionExitMessage, meta: RequestMeta): Promise<KeySupervisionEntryDto> {
    return this.dataSource.transaction(async (manager) => {
      // raw SQL: a row lock on the entry only (FOR UPDATE OF k) in a join with its enterprise's name
      const [entry]: EntryRow[] = await manager.query(
        `SELECT ${ENTRY_COLUMNS} FROM supervision.key_supervision_entries k JOIN supervision.enterprises e ON e.id = k.enterprise_id
         WHERE k.id = $1 FOR UPDATE OF k`,
        [input.id],
      );
      if (!entry) throw DomainError.notFound('key-supervision entry');
      if (entry.exited_at) throw DomainError.conflict('ALREADY_EXITED', 'this entry has already left the list');
      // raw SQL: counts the enterprise's open orders by array membership (= ANY(enterprise_ids))
      const [open]: Array<{ n: string }> = await manager.query(
        `SELECT count(*) AS n FROM supervision.rectifications WHERE $1 = ANY(enterprise_ids) AND status NOT IN ('accepted', 'closed')`,
        [entry.enterprise_id],
      );
      const verdict = exitAllowed(await this.rules(manager), shanghaiToday(entry.last_trigger_at), shanghaiToday(), Number(open.n));
      if (!verdict.allowed) throw DomainError.rule('EXIT_RULE_NOT_MET', `the enterprise may not leave the key-supervision list yet: ${verdict.why}`);
      // raw SQL: an update with clock_timestamp() returning the stored row with the enterprise's name
      const [[after]]: [EntryRow[], number] = await manager.query(
        `UPDATE supervision.key_supervision_entries SET exited_at = clock_timestamp(), exit_reason = $2, exited_by = $3 WHERE id = $1
         RETURNING id, enterprise_id, $4::text AS enterprise_name, rule_code, reason, entered_at, last_trigger_at, exited_at, exit_reason, created_at`,
        [entry.id, input.reason, meta.principal?.sub ?? 'system', entry.enterprise_name],
      );
      const dto = toEntry(after);
      await this.audit.record(
        manager,
        {
          action: 'key_supervision.exited',
          objectType: 'enterprise',
          objectId: entry.enterprise_id,
          before: toEntry(entry),
          after: { ...dto, rule: verdict.why },
        },
        meta,
      );
      await this.outbox.add<KeySupervisionEvent>(
        manager,
        EventTypes.keySupervisionExited,
        { entryId: entry.id, enterpriseId: entry.enterprise_id, ruleCode: entry.rule_code, reason: input.reason },
        meta,
      );
      return dto;
    });
  }

  async listedCount(): Promise<number> {
    // raw SQL: counts the open entries
    const [row]: Array<{ n: string }> = await this.dataSource.query(`SELECT count(*) AS n FROM supervision.key_supervision_entries WHERE exited_at IS NULL`);
    return Number(row.n);
  }
}

function toRule(r: RuleRow): KeySupervisionRuleDto {
  return {
    code: r.code,
    kind: r.kind,
    trigger: r.trigger,
    threshold: r.threshold,
    windowDays: r.window_days,
    active: r.active,
    description: r.description,
    updatedAt: r.updated_at.toISOString(),
  };
}

function toEntry(r: EntryRow): KeySupervisionEntryDto {
  return {
    id: r.id,
    enterpriseId: r.enterprise_id,
    enterpriseName: r.enterprise_name,
    ruleCode: r.rule_code,
    reason: r.reason,
    enteredAt: r.entered_at.toISOString(),
    exitedAt: r.exited_at?.toISOString() ?? null,
    exitReason: r.exit_reason,
  };
}
