import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Repository } from 'typeorm';
import { DomainError, DuplicateFlagDto, DuplicateOutletDto, DuplicateReviewMessage, ListDuplicatesRequest, Page, Principal } from '@app/contracts';
import { paginate } from '@app/database';
import { AuditTrail } from '@app/events';
import type { RequestMeta } from '@app/messaging';
import { OutletsConfig } from '../outlets.definition.js';
import { Outlet } from '../filings/outlet.entity.js';
import { canSee, scopeOutlets } from '../filings/scope.js';
import { boxAround, distanceMetres, sameAddress } from '../geo/geo.rules.js';
import { DuplicateFlag } from './duplicate-flag.entity.js';

interface Candidate {
  id: string;
  address: string;
  lat: number;
  lng: number;
}

/**
 * Near-duplicate detection: outlets of different operators at the same address within
 * OUTLETS_DUPLICATE_DISTANCE_M of each other are flagged for review, as a possible double
 * filing or a candidate for a shared station (多站合一).
 */
@Injectable()
export class DuplicatesService {
  constructor(
    @InjectRepository(DuplicateFlag) private readonly flags: Repository<DuplicateFlag>,
    @InjectRepository(Outlet) private readonly outlets: Repository<Outlet>,
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
    @Inject(OutletsConfig) private readonly config: OutletsConfig,
  ) {}

  /** Flags the outlet's near-duplicates among submitted and filed outlets; returns how many new flags. */
  async detect(manager: EntityManager, outlet: Outlet): Promise<number> {
    const metres = this.config.OUTLETS_DUPLICATE_DISTANCE_M;
    const box = boxAround(outlet, metres);
    const candidates: Candidate[] = await manager.query(
      `SELECT id, address, lat, lng FROM outlets.outlets
       WHERE status IN ('submitted', 'filed') AND id <> $1 AND enterprise_id <> $2
         AND lat BETWEEN $3 AND $4 AND lng BETWEEN $5 AND $6`,
      [outlet.id, outlet.enterpriseId, box.minLat, box.maxLat, box.minLng, box.maxLng],
    );
    const near = candidates
      .map((c) => ({ id: c.id, distance: distanceMetres(outlet, c), address: c.address }))
      .filter((c) => c.distance <= metres && sameAddress(outlet.address, c.address));
    if (near.length === 0) return 0;
    const inserted: unknown[] = await manager.query(
      `INSERT INTO outlets.duplicate_flags (outlet_id, other_outlet_id, distance_m, status)
       SELECT $1, other, distance, 'open' FROM unnest($2::uuid[], $3::float8[]) AS n(other, distance)
       ON CONFLICT (LEAST(outlet_id, other_outlet_id), GREATEST(outlet_id, other_outlet_id)) DO NOTHING
       RETURNING id`,
      [outlet.id, near.map((n) => n.id), near.map((n) => Math.round(n.distance * 10) / 10)],
    );
    return inserted.length;
  }

  /** Outlet ids among `ids` that have an open flag. */
  async flagged(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT outlet_id AS id FROM outlets.duplicate_flags WHERE status = 'open' AND outlet_id = ANY($1::uuid[])
       UNION SELECT other_outlet_id FROM outlets.duplicate_flags WHERE status = 'open' AND other_outlet_id = ANY($1::uuid[])`,
      [ids],
    );
    return new Set(rows.map((r) => r.id));
  }

  async list(query: ListDuplicatesRequest, principal: Principal): Promise<Page<DuplicateFlagDto>> {
    const qb = this.flags
      .createQueryBuilder('f')
      .innerJoin(Outlet, 'o', 'o.id = f.outlet_id')
      .where('f.status = :status', { status: query.status ?? 'open' });
    scopeOutlets(qb, 'o', principal);
    if (query.regionCode) qb.andWhere('o.region_code LIKE :region', { region: `${query.regionCode}%` });
    const page = await paginate(qb, query);
    const ids = page.items.flatMap((f) => [f.outletId, f.otherOutletId]);
    const outlets = new Map((await this.outlets.findBy({ id: In(ids) })).map((o) => [o.id, o]));
    return {
      items: page.items.map((f) => toDto(f, outlets.get(f.outletId) as Outlet, outlets.get(f.otherOutletId) as Outlet)),
      nextCursor: page.nextCursor,
    };
  }

  async review(input: DuplicateReviewMessage, principal: Principal, meta: RequestMeta): Promise<DuplicateFlagDto> {
    return this.dataSource.transaction(async (manager) => {
      const flag = await manager.findOne(DuplicateFlag, { where: { id: input.id }, lock: { mode: 'pessimistic_write' } });
      const outlet = flag && (await manager.findOneBy(Outlet, { id: flag.outletId }));
      if (!flag || !outlet || !canSee(outlet, principal)) throw DomainError.notFound('duplicate flag');
      if (flag.status !== 'open') throw DomainError.conflict('ALREADY_REVIEWED', `this flag was already reviewed (${flag.status})`);
      const before = { status: flag.status };
      flag.status = input.outcome;
      flag.note = input.note ?? null;
      flag.reviewedBy = principal.sub;
      flag.reviewedAt = new Date();
      await manager.save(flag);
      const other = (await manager.findOneBy(Outlet, { id: flag.otherOutletId })) as Outlet;
      const dto = toDto(flag, outlet, other);
      await this.audit.record(
        manager,
        { action: 'duplicate.reviewed', objectType: 'duplicate_flag', objectId: flag.id, before, after: { status: flag.status, note: flag.note } },
        meta,
      );
      return dto;
    });
  }
}

function outletDto(o: Outlet): DuplicateOutletDto {
  return { id: o.id, name: o.name, enterpriseId: o.enterpriseId, enterpriseName: o.enterpriseName, address: o.address, status: o.status };
}

function toDto(f: DuplicateFlag, outlet: Outlet, other: Outlet): DuplicateFlagDto {
  return {
    id: f.id,
    status: f.status,
    distanceMetres: f.distanceM,
    outlet: outletDto(outlet),
    other: outletDto(other),
    note: f.note,
    createdAt: f.createdAt.toISOString(),
  };
}
