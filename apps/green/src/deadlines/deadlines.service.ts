import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { GREEN_PERIODS, GreenDeadlineDto, GreenDeadlineListDto, GreenPeriod, SetGreenDeadlineMessage } from '@app/contracts';
import { AuditTrail } from '@app/events';
import type { RequestMeta } from '@app/messaging';
import { GreenConfig } from '../green.definition.js';
import { DeadlineRule, ruleDueDate } from '../reports/green.rules.js';
import { GreenDeadline } from './deadline.entity.js';

/** Due dates: the configured rule, unless an administrator set one for the year and period. */
@Injectable()
export class DeadlinesService {
  private readonly rule: DeadlineRule;

  constructor(
    @InjectRepository(GreenDeadline) private readonly deadlines: Repository<GreenDeadline>,
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
    @Inject(GreenConfig) config: GreenConfig,
  ) {
    this.rule = { annualDue: config.GREEN_ANNUAL_DUE, quarterDueDays: config.GREEN_QUARTER_DUE_DAYS };
  }

  async dueDate(year: number, period: GreenPeriod): Promise<string> {
    const set = await this.deadlines.findOneBy({ year, period });
    return set?.dueDate ?? ruleDueDate(year, period, this.rule);
  }

  /** Due dates of several year-periods at once, keyed `year:period`. */
  async dueDates(keys: Array<{ year: number; period: GreenPeriod }>): Promise<Map<string, string>> {
    const years = [...new Set(keys.map((k) => k.year))];
    const set = years.length ? await this.deadlines.createQueryBuilder('d').where('d.year IN (:...years)', { years }).getMany() : [];
    const out = new Map<string, string>();
    for (const { year, period } of keys) {
      out.set(`${year}:${period}`, set.find((d) => d.year === year && d.period === period)?.dueDate ?? ruleDueDate(year, period, this.rule));
    }
    return out;
  }

  async list(year: number): Promise<GreenDeadlineListDto> {
    const set = await this.deadlines.findBy({ year });
    const items: GreenDeadlineDto[] = GREEN_PERIODS.map((period) => {
      const row = set.find((d) => d.period === period);
      return { year, period, dueDate: row?.dueDate ?? ruleDueDate(year, period, this.rule), source: row ? 'set' : 'rule' };
    });
    return { items };
  }

  async set(input: SetGreenDeadlineMessage, meta: RequestMeta): Promise<GreenDeadlineDto> {
    return this.dataSource.transaction(async (manager) => {
      const before = await manager.findOneBy(GreenDeadline, { year: input.year, period: input.period });
      await manager.query(
        `INSERT INTO green.deadlines (year, period, due_date, set_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT (year, period) DO UPDATE SET due_date = EXCLUDED.due_date, set_by = EXCLUDED.set_by, updated_at = now()`,
        [input.year, input.period, input.dueDate, meta.principal?.sub ?? 'system'],
      );
      const after: GreenDeadlineDto = { year: input.year, period: input.period, dueDate: input.dueDate, source: 'set' };
      await this.audit.record(
        manager,
        {
          action: 'green-deadline.set',
          objectType: 'green-deadline',
          objectId: `${input.year}:${input.period}`,
          before: before ? { dueDate: before.dueDate } : { dueDate: ruleDueDate(input.year, input.period, this.rule), source: 'rule' },
          after,
        },
        meta,
      );
      return after;
    });
  }
}
