import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import {
  type CentreRegisteredEvent,
  CountyCentrePageDto,
  EventTypes,
  shanghaiToday,
  CountyCentreResponseDto,
  CreateCountyCentreRequest,
  DomainError,
  ListCountyCentresRequest,
  regionScope,
  type Principal,
} from '@app/contracts';
import { paginate } from '@app/database';
import { AuditTrail, Outbox } from '@app/events';
import type { RequestMeta } from '@app/messaging';
import { regions } from '@app/regions';
import { CountyCentre } from './county-centre.entity.js';

@Injectable()
export class CentresService {
  constructor(
    @InjectRepository(CountyCentre) private readonly centres: Repository<CountyCentre>,
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
    private readonly outbox: Outbox,
  ) {}

  async create(input: CreateCountyCentreRequest, meta: RequestMeta): Promise<CountyCentreResponseDto> {
    if (!regions().has(input.countyCode, 'county')) {
      throw DomainError.rule('UNKNOWN_COUNTY', `${input.countyCode} is not a county of the province`, [{ field: 'countyCode', message: 'not a county code' }]);
    }
    if (await this.centres.existsBy({ countyCode: input.countyCode })) {
      throw DomainError.conflict('CENTRE_EXISTS', `county ${input.countyCode} already has its logistics centre`);
    }
    if (await this.centres.existsBy({ orgId: input.orgId })) {
      throw DomainError.conflict('CENTRE_EXISTS', `organisation ${input.orgId} already runs a centre`);
    }
    return this.dataSource.transaction(async (manager) => {
      const saved = await manager.save(
        this.centres.create({ ...input, dailyCapacity: input.dailyCapacity ?? null, createdBy: meta.principal?.sub ?? 'system' }),
      );
      const dto = toDto(saved);
      await this.audit.record(manager, { action: 'centre.registered', objectType: 'county_centre', objectId: saved.id, after: dto }, meta);
      // from now on obliged to report: supervision's upload rate divides by it even before its first report
      await this.outbox.add<CentreRegisteredEvent>(
        manager,
        EventTypes.centreRegistered,
        { centreId: saved.id, countyCode: saved.countyCode, orgId: saved.orgId, name: saved.name, registeredOn: shanghaiToday(saved.createdAt) },
        meta,
      );
      return dto;
    });
  }

  async list(query: ListCountyCentresRequest, p: Principal): Promise<CountyCentrePageDto> {
    const qb = this.centres.createQueryBuilder('c');
    const scope = regionScope(p);
    qb.where('c.county_code LIKE :scope', { scope: `${scope}%` });
    if (query.regionCode) qb.andWhere('c.county_code LIKE :region', { region: `${query.regionCode}%` });
    const page = await paginate(qb, query);
    return { items: page.items.map(toDto), nextCursor: page.nextCursor };
  }

  /** The centre of a county; with `orgId`, only when that organisation runs it (else 404). */
  async forCounty(countyCode: string, orgId?: string | null): Promise<CountyCentre> {
    const centre = await this.centres.findOneBy({ countyCode });
    if (!centre || (orgId !== undefined && centre.orgId !== orgId)) throw DomainError.notFound(`county centre of ${countyCode}`);
    return centre;
  }
}

function toDto(c: CountyCentre): CountyCentreResponseDto {
  return { id: c.id, name: c.name, countyCode: c.countyCode, orgId: c.orgId, dailyCapacity: c.dailyCapacity, createdAt: c.createdAt.toISOString() };
}
