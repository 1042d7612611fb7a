import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { ANY_JSON_SCHEMA, PageQuery } from './page.js';

/** What `<service>.audit.list` takes and answers (the audit trail of a service). */
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
