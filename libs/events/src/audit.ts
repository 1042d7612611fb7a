import { Controller, Inject, Injectable, Type } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { DataSource, EntityManager } from 'typeorm';
import { ANY_JSON_SCHEMA, DomainError, Page, PageQuery, PROVINCE, Principal, regionScope, Role } from '@app/contracts';
import { decodeCursor, encodeCursor } from '@app/database';
import { Actor, Data, type RequestMeta } from '@app/messaging';
import { EVENTS_SCHEMA } from './tokens.js';

export interface AuditEntry {
  /** what happened, e.g. `enterprise.registered`, `claim.approved` */
  action: string;
  objectType: string;
  objectId: string;
  before?: unknown;
  after?: unknown;
}

export class AuditQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Object type, e.g. enterprise, outlet, claim (对象类型)' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  objectType?: string;

  @ApiPropertyOptional({ description: 'Object id (对象编号)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  objectId?: string;

  @ApiPropertyOptional({ description: 'Actor: a user id or apikey:<id> (操作人)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  actor?: string;
}

export class AuditRecordDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'When (时间)' }) at: string;
  @ApiProperty({ description: 'Who: user id or apikey:<id> (操作人)' }) actor: string;
  @ApiProperty({ description: 'Organisation of the actor (所属机构)', nullable: true, type: String }) orgId: string | null;
  @ApiProperty({ description: 'Role of the actor (角色)', nullable: true, type: String }) role: string | null;
  @ApiProperty({ description: 'What happened (操作)' }) action: string;
  @ApiProperty({ description: 'Object type (对象类型)' }) objectType: string;
  @ApiProperty({ description: 'Object id (对象编号)' }) objectId: string;
  @ApiProperty({ description: 'State before (变更前): any JSON value, or null', ...ANY_JSON_SCHEMA }) before: unknown;
  @ApiProperty({ description: 'State after (变更后): any JSON value, or null', ...ANY_JSON_SCHEMA }) after: unknown;
  @ApiProperty({ description: 'Correlation id of the request (关联编号)' }) correlationId: string;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditRecordDto] }) items: AuditRecordDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
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
    if (reader && regionScope(reader) !== PROVINCE) add(`region_code LIKE ? || '%'`, regionScope(reader));
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

/** `<service>.audit.list`: admin and auditor read a service's audit trail, auditors within their region. */
export function auditController(service: string): Type {
  @Controller()
  class AuditController {
    constructor(private readonly audit: AuditTrail) {}

    @MessagePattern(`${service}.audit.list`)
    list(@Data() query: AuditQuery, @Actor() actor: Principal | null) {
      if (actor?.role !== Role.Admin && actor?.role !== Role.Auditor) throw DomainError.forbidden();
      return this.audit.list(query, actor);
    }
  }
  return AuditController;
}
