import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository } from 'typeorm';
import { randomUUID } from 'node:crypto';
import {
  EXPORT_PAGE_ROWS,
  type ExportFacilitiesQuery,
  type FacilityTablePage,
  type ImportFacilitiesRequest,
  type ImportResultDto,
  LongRequests,
  shanghaiToday,
} from '@app/contracts';
import { paginate, setLocalStatementTimeout, statementTimeoutFor } from '@app/database';
import { caller, type RequestMeta } from '@app/messaging';
import { Facility, TemperatureZone } from './facility.entity.js';
import type { ParentFacts } from './facility.rules.js';
import { FacilityStore } from './facility.store.js';
import { EXPORT_COLUMNS, exportRow, type ImportLookups, nameKey, parseSheet, resolveImport } from './facility.table.js';
import { FacilitiesService } from './facilities.service.js';

/** Bulk import of facilities from a parsed sheet, and the registry as pages of table rows. */
@Injectable()
export class FacilityTableService {
  constructor(
    @InjectRepository(Facility) private readonly facilities: Repository<Facility>,
    @InjectRepository(TemperatureZone) private readonly zones: Repository<TemperatureZone>,
    private readonly dataSource: DataSource,
    private readonly store: FacilityStore,
    private readonly registry: FacilitiesService,
  ) {}

  async import(request: ImportFacilitiesRequest, meta: RequestMeta): Promise<ImportResultDto> {
    const principal = caller(meta);
    if (meta.idempotencyKey) {
      const done: Array<{ result: ImportResultDto }> = await this.dataSource.query(
        `SELECT result FROM cold_chain.import_batches WHERE created_by = $1 AND idempotency_key = $2`,
        [principal.sub, meta.idempotencyKey],
      );
      if (done[0]) return done[0].result;
    }
    const rows = await parseSheet(request, randomUUID);
    const lookups = await this.lookups(
      [...new Set(rows.flatMap((r) => [r.code, r.parentCode]).filter((c): c is string => c !== null))],
      rows.filter((r) => r.errors.length === 0).map((r) => r.input),
    );
    const { drafts, rejected } = resolveImport(rows, lookups, principal, shanghaiToday());
    return this.dataSource.transaction(async (manager) => {
      await setLocalStatementTimeout(manager, statementTimeoutFor(LongRequests.facilitiesImportMs));
      const codes = await this.store.insert(
        manager,
        drafts.map((d) => d.draft),
        meta,
        { action: 'facility.imported' },
      );
      const result: ImportResultDto = {
        rows: rows.length,
        accepted: drafts.length,
        rejected,
        created: drafts.map((d) => ({ row: d.row, id: d.draft.id, code: codes.get(d.draft.id) as string })),
      };
      await manager.query(`INSERT INTO cold_chain.import_batches (id, created_by, idempotency_key, rows, accepted, result) VALUES ($1, $2, $3, $4, $5, $6)`, [
        randomUUID(),
        principal.sub,
        meta.idempotencyKey ?? null,
        result.rows,
        result.accepted,
        JSON.stringify(result),
      ]);
      return result;
    });
  }

  /** One page of the registry (same filters as the list) as rows in EXPORT_COLUMNS order. */
  async exportPage(query: ExportFacilitiesQuery): Promise<FacilityTablePage> {
    const page = await paginate(this.registry.filtered(query), { limit: EXPORT_PAGE_ROWS, cursor: query.cursor });
    const ids = page.items.map((f) => f.id);
    const parentIds = [...new Set(page.items.map((f) => f.parentId).filter((p): p is string => p !== null))];
    const [zones, parents] = await Promise.all([
      ids.length ? this.zones.findBy({ facilityId: In(ids) }) : [],
      parentIds.length ? this.facilities.find({ select: { id: true, code: true }, where: { id: In(parentIds) } }) : [],
    ]);
    const parentCode = new Map(parents.map((p) => [p.id, p.code]));
    return {
      columns: [...EXPORT_COLUMNS],
      rows: page.items.map((f) => exportRow(f, zones, f.parentId ? (parentCode.get(f.parentId) ?? null) : null)),
      nextCursor: page.nextCursor,
    };
  }

  private async lookups(codes: string[], inputs: Array<{ kind: string; regionCode: string; name: string }>): Promise<ImportLookups> {
    const [byCode, byName]: [Array<ParentFacts & { code: string }>, Array<{ kind: string; regionCode: string; name: string }>] = await Promise.all([
      codes.length ? this.dataSource.query(`SELECT id, code, kind, status, name FROM cold_chain.facilities WHERE code = ANY($1::text[])`, [codes]) : [],
      inputs.length
        ? this.dataSource.query(
            `SELECT f.kind, f.region_code AS "regionCode", f.name FROM cold_chain.facilities f
             JOIN unnest($1::text[], $2::text[], $3::text[]) AS k(kind, region_code, name)
               ON f.kind = k.kind AND f.region_code = k.region_code AND f.name = k.name`,
            [inputs.map((i) => i.kind), inputs.map((i) => i.regionCode), inputs.map((i) => i.name)],
          )
        : [],
    ]);
    return {
      parentsByCode: new Map(byCode.map((p) => [p.code, { id: p.id, kind: p.kind, status: p.status, name: p.name }])),
      takenCodes: new Set(byCode.map((p) => p.code)),
      takenNames: new Set(byName.map(nameKey)),
    };
  }
}
