import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { PageQuery } from '../common/page.js';
import { IsBusinessDate } from '../validators.js';
import { SEVERITIES, type Severity } from './inspections.dto.js';

export const CREDIT_LEVELS = ['A', 'B', 'C', 'D'] as const;
export type CreditLevel = (typeof CREDIT_LEVELS)[number];
export const CREDIT_RECORD_KINDS = ['violation', 'inspection_finding', 'licence_revoked', 'overdue_order', 'late_filing', 'data_fraud'] as const;

/** Record a violation of an enterprise (违法违规记录). */
export class CreateCreditRecordRequest {
  @ApiProperty({ description: 'Enterprise id (企业编号)' })
  @IsUUID()
  enterpriseId: string;

  @ApiProperty({ description: 'Severity (严重程度): minor 一般, serious 较重, grave 严重', enum: SEVERITIES })
  @IsIn(SEVERITIES)
  severity: Severity;

  @ApiProperty({ description: 'What happened (违规事实)', example: '未按规定开展收寄验视' })
  @IsString()
  @MinLength(2)
  @MaxLength(2000)
  description: string;

  @ApiProperty({ description: 'When it happened, YYYY-MM-DD (发生日期)', example: '2025-03-01' })
  @IsBusinessDate()
  occurredOn: string;
}

export class CreditRecordDto {
  @ApiProperty({ description: 'Record id' }) id: string;
  @ApiProperty({ description: 'Enterprise id (企业编号)' }) enterpriseId: string;
  @ApiProperty({ description: 'Kind (记录类型)', enum: CREDIT_RECORD_KINDS }) kind: (typeof CREDIT_RECORD_KINDS)[number];
  @ApiProperty({ description: 'Severity (严重程度)', enum: SEVERITIES }) severity: Severity;
  @ApiProperty({ description: 'Points deducted before ageing (扣分)' }) points: number;
  @ApiProperty({ description: 'Description (说明)' }) description: string;
  @ApiProperty({ description: 'Date (发生日期)' }) occurredOn: string;
  @ApiProperty({ description: 'Source object, e.g. an inspection item id (来源)', nullable: true, type: String }) sourceId: string | null;
  @ApiProperty({ description: 'Recorded at (登记时间)' }) createdAt: string;
  @ApiProperty({ description: 'Version of the credit scheme that gave the points (评分方案版本)' }) schemeVersion: number;
  @ApiProperty({ description: 'Restored by a credit repair at (信用修复时间); it counts no more', nullable: true, type: String }) repairedAt: string | null;
}

export class CreditStandingDto {
  @ApiProperty({ description: 'Enterprise id (企业编号)' }) enterpriseId: string;
  @ApiProperty({ description: 'Enterprise name (企业名称)' }) name: string;
  @ApiProperty({ description: 'Credit code (统一社会信用代码)' }) uscc: string;
  @ApiProperty({ description: 'Score 0–100 (信用分); formula in the supervision README' }) score: number;
  @ApiProperty({ description: 'Level (信用等级): A ≥ 90, B ≥ 75, C ≥ 60, D below', enum: CREDIT_LEVELS }) level: CreditLevel;
  @ApiProperty({ description: 'Under joint discipline (失信联合惩戒)' }) jointDiscipline: boolean;
  @ApiProperty({ type: [String], description: 'Why it is listed (列入原因)' }) reasons: string[];
  @ApiProperty({ type: [CreditRecordDto], description: 'Records, newest first (信用记录)' }) records: CreditRecordDto[];
}

export class CreditStandingPageDto {
  @ApiProperty({ type: [CreditStandingDto] }) items: CreditStandingDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class EnterpriseCreditRequest {
  @ApiProperty({ description: 'Enterprise id' })
  @IsUUID()
  enterpriseId: string;
}

/** `supervision.credit.check`: other services ask for the standing of enterprises. */
export class CreditCheckRequest {
  @ApiProperty({ type: [String], description: 'Enterprise ids (企业编号), at most 200' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  enterpriseIds: string[];
}

export class CreditCheckItem {
  enterpriseId: string;
  /** false when the registry has no such enterprise */
  known: boolean;
  score: number | null;
  level: CreditLevel | null;
  jointDiscipline: boolean;
  reasons: string[];
}

export class CreditCheckResponse {
  items: CreditCheckItem[];
}

export class JointDisciplineQuery extends PageQuery {}
