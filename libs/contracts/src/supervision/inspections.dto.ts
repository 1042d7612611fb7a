import { DEFAULT_PROVINCE } from '../province.js';
import { provincePattern } from '../province.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { PageQuery } from '../common/page.js';

export const TARGET_KINDS = ['enterprise', 'branch', 'outlet', 'county_centre'] as const;
/** random 双随机抽查 (a draw of targets), complaint 举报核查 (one target a complaint names; inspectors still drawn). */
export const DRAW_SOURCES = ['random', 'complaint'] as const;
export type DrawSource = (typeof DRAW_SOURCES)[number];
export type InspectionTargetKind = (typeof TARGET_KINDS)[number];
export const OUTCOMES = ['pass', 'fail'] as const;
export const SEVERITIES = ['minor', 'serious', 'grave'] as const;
export type Severity = (typeof SEVERITIES)[number];

const REGION = provincePattern('(\\d{2}|\\d{4})?');

/** An inspector of the enforcement staff pool (执法检查人员名录库). */
export class CreateInspectorRequest {
  @ApiProperty({ description: 'Full name (姓名); never published', example: '张三' })
  @IsString()
  @MinLength(2)
  @MaxLength(50)
  name: string;

  @ApiProperty({ description: 'Organisation the inspector belongs to (所属机构); they never inspect it' })
  @IsUUID()
  orgId: string;

  @ApiProperty({ description: 'Region the inspector may inspect (执法区域): 14, a city or a county', example: '1408' })
  @Matches(REGION, { message: 'regionCode must be the province, a city or county code of it' })
  regionCode: string;
}

/** What the gateway forwards: the request plus the organisation as the gateway's registry knows it. */
export class CreateInspectorMessage extends CreateInspectorRequest {
  @ApiProperty({ description: 'Organisation name (机构名称)' })
  @IsString()
  @MaxLength(200)
  orgName: string;

  @ApiProperty({ description: 'Organisation kind (机构类型)' })
  @IsString()
  @MaxLength(40)
  orgKind: string;

  @ApiProperty({ description: 'Organisation’s credit code, when it has one (统一社会信用代码)', nullable: true, type: String })
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(18)
  orgUscc: string | null;

  @ApiProperty({ description: 'Organisation’s region (机构区划)' })
  @IsString()
  @MaxLength(12)
  orgRegionCode: string;
}

export class InspectorDto {
  @ApiProperty({ description: 'Inspector id' }) id: string;
  @ApiProperty({ description: 'Name (姓名)' }) name: string;
  @ApiProperty({ description: 'Organisation id (所属机构)' }) orgId: string;
  @ApiProperty({ description: 'Organisation name (机构名称)' }) orgName: string;
  @ApiProperty({ description: 'Region the inspector may inspect (执法区域)' }) regionCode: string;
  @ApiProperty({ description: 'Registered at (登记时间)' }) createdAt: string;
}

export class InspectorPageDto {
  @ApiProperty({ type: [InspectorDto] }) items: InspectorDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class CreateDrawRequest {
  @ApiProperty({ description: 'Registry to draw from (检查对象名录库)', enum: TARGET_KINDS })
  @IsIn(TARGET_KINDS)
  targetKind: InspectionTargetKind;

  @ApiProperty({ description: 'How many targets (抽取数量)', minimum: 1, maximum: 500, example: 5 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  count: number;

  @ApiProperty({ description: 'Inspectors per target (每个对象的检查人员数)', minimum: 1, maximum: 10, example: 2 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10)
  inspectorsPerTarget: number;

  @ApiPropertyOptional({ description: 'Seed (随机种子); published with the draw; a random one is chosen when absent', example: '2025-Q2-双随机' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  seed?: string;

  @ApiPropertyOptional({ description: 'Only targets in this region (抽查区域); default the caller’s region', example: DEFAULT_PROVINCE })
  @IsOptional()
  @Matches(REGION, { message: 'regionCode must be the province, a city or county code of it' })
  regionCode?: string;

  @ApiPropertyOptional({ description: 'Weight targets by risk (按风险加权); default false (equal chances)', default: false })
  @IsOptional()
  @IsBoolean()
  weighted?: boolean;
}

export class InspectionResultDto {
  @ApiProperty({ description: 'Outcome (检查结果)', enum: OUTCOMES }) outcome: (typeof OUTCOMES)[number];
  @ApiProperty({ description: 'Findings (发现问题)', nullable: true, type: String }) findings: string | null;
  @ApiProperty({ description: 'Fine in fen (罚款, 分)' }) fineFen: number;
  @ApiProperty({ description: 'Severity of the finding (严重程度)', nullable: true, enum: SEVERITIES }) severity: Severity | null;
  @ApiProperty({ description: 'Recorded at (登记时间)' }) recordedAt: string;
}

export class DrawInspectorDto {
  @ApiProperty({ description: 'Inspector id' }) id: string;
  @ApiProperty({ description: 'Name (姓名)' }) name: string;
  @ApiProperty({ description: 'Organisation name (机构名称)' }) orgName: string;
}

export class DrawItemDto {
  @ApiProperty({ description: 'Item id (抽查事项编号)' }) id: string;
  @ApiProperty({ description: 'Order drawn (抽取顺序), from 1' }) position: number;
  @ApiProperty({ description: 'Target id (检查对象编号)' }) targetId: string;
  @ApiProperty({ description: 'Target name (检查对象)' }) targetName: string;
  @ApiProperty({ description: 'Target region (所在区划)' }) regionCode: string;
  @ApiProperty({ description: 'Risk weight used (风险权重); 1 when unweighted' }) weight: number;
  @ApiProperty({ type: [DrawInspectorDto], description: 'Inspectors drawn (检查人员)' }) inspectors: DrawInspectorDto[];
  @ApiProperty({ type: InspectionResultDto, nullable: true, description: 'Result once recorded (检查结果)' }) result: InspectionResultDto | null;
}

export class DrawDto {
  @ApiProperty({ description: 'Draw id (抽查编号)' }) id: string;
  @ApiProperty({ description: 'Registry (检查对象名录库)', enum: TARGET_KINDS }) targetKind: InspectionTargetKind;
  @ApiProperty({ description: 'Targets drawn (抽取数量)' }) count: number;
  @ApiProperty({ description: 'Inspectors per target (每对象检查人员数)' }) inspectorsPerTarget: number;
  @ApiProperty({ description: 'Published seed (随机种子)' }) seed: string;
  @ApiProperty({ description: 'Region of the draw (抽查区域)' }) regionCode: string;
  @ApiProperty({ description: 'Risk-weighted (按风险加权)' }) weighted: boolean;
  @ApiProperty({ description: 'How the draw is computed, so anyone can repeat it (抽取算法)' }) algorithm: string;
  @ApiProperty({ description: 'Why it was opened (检查来源): random 双随机抽查, complaint 举报核查 of the one target a complaint names', enum: DRAW_SOURCES })
  source: DrawSource;
  @ApiProperty({ description: 'The complaint number of a complaint inspection (投诉举报编号)', nullable: true, type: String }) sourceRef: string | null;
  @ApiProperty({ description: 'Candidates in the registry at the draw (候选对象数)' }) candidates: number;
  @ApiProperty({ description: 'Inspectors in the pool at the draw (候选检查人员数)' }) inspectorPool: number;
  @ApiProperty({ description: 'Drawn at (抽取时间)' }) drawnAt: string;
  @ApiProperty({ type: [DrawItemDto] }) items: DrawItemDto[];
}

export class DrawPageDto {
  @ApiProperty({ type: [DrawDto] }) items: DrawDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class DrawIdRequest {
  @ApiProperty({ description: 'Draw id' })
  @IsUUID()
  id: string;
}

export class DrawVerificationDto {
  @ApiProperty({ description: 'Draw id' }) drawId: string;
  @ApiProperty({ description: 'Seed (随机种子)' }) seed: string;
  @ApiProperty({ description: 'Whether re-running the algorithm on the stored candidate lists gives the stored result (可复现)' })
  reproducible: boolean;
}

export class RecordResultRequest {
  @ApiProperty({ description: 'Outcome (检查结果)', enum: OUTCOMES })
  @IsIn(OUTCOMES)
  outcome: (typeof OUTCOMES)[number];

  @ApiPropertyOptional({ description: 'Findings (发现问题); required when the outcome is fail' })
  @ValidateIf((o: RecordResultRequest) => o.outcome === 'fail' || o.findings !== undefined)
  @IsString()
  @MinLength(2)
  @MaxLength(2000)
  findings?: string;

  @ApiPropertyOptional({ description: 'Fine in fen (罚款, 分)', default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(100_000_000_00)
  fineFen?: number;

  @ApiPropertyOptional({ description: 'Severity (严重程度); required when the outcome is fail', enum: SEVERITIES })
  @ValidateIf((o: RecordResultRequest) => o.outcome === 'fail' || o.severity !== undefined)
  @IsIn(SEVERITIES)
  severity?: Severity;
}

export class RecordResultMessage extends RecordResultRequest {
  @ApiProperty({ description: 'Draw id' })
  @IsUUID()
  drawId: string;

  @ApiProperty({ description: 'Item id' })
  @IsUUID()
  itemId: string;
}

/** One published inspection (公示): no inspector names or other personal data. */
export class PublicInspectionDto {
  @ApiProperty({ description: 'Item id' }) id: string;
  @ApiProperty({ description: 'Draw id (抽查编号)' }) drawId: string;
  @ApiProperty({ description: 'Drawn at (抽取时间)' }) drawnAt: string;
  @ApiProperty({ description: 'Published seed (随机种子)' }) seed: string;
  @ApiProperty({ description: 'Registry (检查对象类型)', enum: TARGET_KINDS }) targetKind: InspectionTargetKind;
  @ApiProperty({ description: 'Target (检查对象)' }) targetName: string;
  @ApiProperty({ description: 'Region code (区划代码)' }) regionCode: string;
  @ApiProperty({ description: 'Region name (区划名称)' }) regionName: string;
  @ApiProperty({ description: 'Outcome, null while pending (检查结果)', nullable: true, enum: OUTCOMES }) outcome: string | null;
  @ApiProperty({ description: 'Findings (发现问题)', nullable: true, type: String }) findings: string | null;
  @ApiProperty({ description: 'Fine in fen (罚款, 分)', nullable: true, type: Number }) fineFen: number | null;
}

export class PublicInspectionPageDto {
  @ApiProperty({ type: [PublicInspectionDto] }) items: PublicInspectionDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class ListInspectorsQuery extends PageQuery {}
export class ListDrawsQuery extends PageQuery {}
export class PublicInspectionsQuery extends PageQuery {}
