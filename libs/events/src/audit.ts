import { Controller, Inject, Injectable, Type } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { DataSource, EntityManager } from 'typeorm';
import { AuditQuery, AuditRecordDto, Page, Principal, regionScope, ROOT_REGION } from '@app/contracts';
import { decodeCursor, encodeCursor } from '@app/database';
import { caller, Data, Meta, type RequestMeta } from '@app/messaging';
import { EVENTS_SCHEMA } from './tokens.js';

export interface AuditEntry {
  /** what happened, e.g. `enterprise.registered`, `claim.approved` */
  action: string;
  objectType: string;
  objectId: string;
  before?: unknown;
  after?: unknown;
}

interface AuditRow {
  id: string;
  created_at: Date;
  actor: string;
  org_id: string | null;
  role: string | null;
  action: string;
  object_type: string;
  object_id: string;
  before: unknown;
  after: unknown;
  correlation_id: string;
}

/** Audit records, written in the same transaction as the change they record. */
@Injectable()
export class AuditTrail {
  constructor(
    @Inject(EVENTS_SCHEMA) private readonly schema: string,
    private readonly dataSource: DataSource,
  ) {}

  async record(manager: EntityManager, entry: AuditEntry, meta: RequestMeta): Promise<void> {
    await manager.query(
      `INSERT INTO "${this.schema}".audit_log
         (actor, org_id, role, action, object_type, object_id, before, after, correlation_id, region_code)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        meta.principal?.sub ?? 'system',
        meta.principal?.orgId ?? null,
        meta.principal?.role ?? null,
        entry.action,
        entry.objectType,
        entry.objectId,
        entry.before === undefined ? null : JSON.stringify(entry.before),
        entry.after === undefined ? null : JSON.stringify(entry.after),
        meta.correlationId,
        meta.principal ? regionScope(meta.principal) : null,
      ],
    );
  }

  /** Records many entries in one statement (bulk paths). */
  async recordMany(manager: EntityManager, entries: AuditEntry[], meta: RequestMeta): Promise<void> {
    if (entries.length === 0) return;
    const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));
    await manager.query(
      `INSERT INTO "${this.schema}".audit_log
         (actor, org_id, role, action, object_type, object_id, before, after, correlation_id, region_code)
       SELECT $1, $2, $3, e.action, e.object_type, e.object_id, e.before, e.after, $4, $10
       FROM unnest($5::text[], $6::text[], $7::text[], $8::jsonb[], $9::jsonb[]) AS e(action, object_type, object_id, before, after)`,
      [
        meta.principal?.sub ?? 'system',
        meta.principal?.orgId ?? null,
        meta.principal?.role ?? null,
        meta.correlationId,
        entries.map((e) => e.action),
        entries.map((e) => e.objectType),
        entries.map((e) => e.objectId),
        entries.map((e) => json(e.before)),
        entries.map((e) => json(e.after)),
        meta.principal ? regionScope(meta.principal) : null,
      ],
    );
  }

  /** Newest first; with `reader`, only what a reader below the province may see: actions taken within their region. */
  async list(query: AuditQuery, reader?: Principal): Promise<Page<AuditRecordDto>> {
    const limit = query.limit ?? 50;
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (query.objectType) add('object_type = ?', query.objectType);
    if (query.objectId) add('object_id = ?', query.objectId);
    if (query.actor) add('actor = ?', query.actor);
    if (reader && regionScope(reader) !== ROOT_REGION) add(`region_code LIKE ? || '%'`, regionScope(reader));
    if (query.cursor) {
      const { t, id } = decodeCursor(query.cursor);
      params.push(t, id);
      where.push(`(created_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    const rows: AuditRow[] = await this.dataSource.query(
      `SELECT * FROM "${this.schema}".audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY created_at DESC, id DESC LIMIT ${limit + 1}`,
      params,
    );
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map((r) => ({
        id: r.id,
        at: r.created_at.toISOString(),
        actor: r.actor,
        orgId: r.org_id,
        role: r.role,
        action: r.action,
        objectType: r.object_type,
        objectId: r.object_id,
        before: r.before,
        after: r.after,
        correlationId: r.correlation_id,
      })),
      nextCursor: rows.length > limit && last ? encodeCursor(last.created_at, last.id) : null,
    };
  }
}

/** `<service>.audit.list`: admin and auditor (the access table's roles) read a service's audit trail, auditors within their region. */
export function auditController(service: string): Type {
  @Controller()
  class AuditController {
    constructor(private readonly audit: AuditTrail) {}

    @MessagePattern(`${service}.audit.list`)
    list(@Data() query: AuditQuery, @Meta() meta: RequestMeta) {
      return this.audit.list(query, caller(meta));
    }
  }
  return AuditController;
}
