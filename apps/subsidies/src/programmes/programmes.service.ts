import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import {
  type CreateProgrammeRequest,
  DomainError,
  type FieldError,
  type ListProgrammesRequest,
  type ProgrammePageDto,
  type ProgrammeResponseDto,
} from '@app/contracts';
import { paginate } from '@app/database';
import { AuditTrail } from '@app/events';
import type { RequestMeta } from '@app/messaging';
import { regions } from '@app/regions';
import { ceilingBasis, Programme } from './programme.entity.js';
import { policyCeiling } from './policy-ceilings.js';

@Injectable()
export class ProgrammesService {
  constructor(
    @InjectRepository(Programme) private readonly programmes: Repository<Programme>,
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
  ) {}

  async create(input: CreateProgrammeRequest, meta: RequestMeta): Promise<ProgrammeResponseDto> {
    const problems = programmeProblems(input);
    if (problems.length > 0) throw DomainError.rule('PROGRAMME_INCONSISTENT', 'the programme’s rates and budgets do not fit together', problems);
    const basis = ceilingFor(input);
    if (await this.programmes.existsBy({ year: input.year, name: input.name })) {
      throw DomainError.conflict('PROGRAMME_EXISTS', `a programme "${input.name}" exists for ${input.year}`);
    }
    return this.dataSource.transaction(async (manager) => {
      const saved = await manager.save(
        this.programmes.create({
          year: input.year,
          name: input.name,
          directions: input.directions,
          rates: input.rates.map((r) => ({ direction: r.direction, ...(r.countyCode ? { countyCode: r.countyCode } : {}), rateFen: r.rateFen })),
          avgCeilingFen: input.avgCeilingFen,
          ceilingDocument: basis.document,
          ceilingClause: basis.clause,
          verification: input.verification ?? 'waybills',
          budgets: input.budgets.map((b) => ({ countyCode: b.countyCode, amountFen: b.amountFen })),
          createdBy: meta.principal?.sub ?? 'system',
        }),
      );
      const dto = toDto(saved);
      await this.audit.record(manager, { action: 'programme.created', objectType: 'programme', objectId: saved.id, after: dto }, meta);
      return dto;
    });
  }

  async list(query: ListProgrammesRequest): Promise<ProgrammePageDto> {
    const qb = this.programmes.createQueryBuilder('p');
    if (query.year) qb.where('p.year = :year', { year: query.year });
    const page = await paginate(qb, query);
    return { items: page.items.map(toDto), nextCursor: page.nextCursor };
  }

  async get(id: string): Promise<ProgrammeResponseDto> {
    return toDto(await this.find(id));
  }

  async find(id: string): Promise<Programme> {
    const found = await this.programmes.findOneBy({ id });
    if (!found) throw DomainError.notFound('programme');
    return found;
  }
}

/**
 * The ceiling's basis. A year with a policy ceiling (policy-ceilings.ts) may not exceed it
 * (422 CEILING_ABOVE_POLICY, citing the target) and takes the target's document and clause
 * unless the programme names its own; any other year must name its basis (422
 * CEILING_BASIS_REQUIRED).
 */
export function ceilingFor(input: Pick<CreateProgrammeRequest, 'year' | 'avgCeilingFen' | 'basis'>): { document: string; clause: string } {
  const policy = policyCeiling(input.year);
  if (policy && input.avgCeilingFen > policy.fen) {
    throw DomainError.rule(
      'CEILING_ABOVE_POLICY',
      `the average ceiling of ${input.year} is ${policy.fen} fen (${policy.document}, ${policy.clause}: ${policy.quote}); ${input.avgCeilingFen} fen exceeds it`,
      [{ field: 'avgCeilingFen', message: `at most ${policy.fen} for ${input.year} (${policy.clause} ${policy.quote})` }],
    );
  }
  const basis = input.basis ?? (policy ? { document: policy.document, clause: policy.clause } : null);
  if (!basis) {
    throw DomainError.rule(
      'CEILING_BASIS_REQUIRED',
      `no policy target sets an average ceiling for ${input.year}: state the ceiling's basis (document and clause)`,
      [{ field: 'basis', message: `required for ${input.year}: { document, clause }` }],
    );
  }
  return { document: basis.document, clause: basis.clause };
}

/** Rates only for the programme's directions, one default rate per direction, no repeats, real counties. */
function programmeProblems(input: CreateProgrammeRequest): FieldError[] {
  const problems: FieldError[] = [];
  const divisions = regions();
  const seen = new Set<string>();
  input.rates.forEach((r, i) => {
    if (!input.directions.includes(r.direction))
      problems.push({ field: `rates[${i}].direction`, message: `${r.direction} is not among the programme's directions` });
    if (r.countyCode && !divisions.has(r.countyCode, 'county')) problems.push({ field: `rates[${i}].countyCode`, message: 'not a county code' });
    const k = `${r.direction}|${r.countyCode ?? ''}`;
    if (seen.has(k)) problems.push({ field: `rates[${i}]`, message: 'repeats a rate for the same direction and county' });
    seen.add(k);
  });
  for (const d of input.directions) {
    if (!seen.has(`${d}|`)) problems.push({ field: 'rates', message: `direction ${d} needs a default rate (one without countyCode)` });
  }
  const budgetCounties = new Set<string>();
  input.budgets.forEach((b, i) => {
    if (!divisions.has(b.countyCode, 'county')) problems.push({ field: `budgets[${i}].countyCode`, message: 'not a county code' });
    if (budgetCounties.has(b.countyCode)) problems.push({ field: `budgets[${i}].countyCode`, message: 'a county has one budget' });
    budgetCounties.add(b.countyCode);
  });
  return problems;
}

function toDto(p: Programme): ProgrammeResponseDto {
  return {
    id: p.id,
    year: p.year,
    name: p.name,
    directions: p.directions,
    rates: p.rates,
    avgCeilingFen: p.avgCeilingFen,
    basis: ceilingBasis(p),
    verification: p.verification,
    budgets: p.budgets,
    createdAt: p.createdAt.toISOString(),
  };
}
