import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../common/page.js';
import { COUNTY_CODE, type Direction, DIRECTIONS } from './common.js';

/** A per-item rate (单件补助标准), for a direction and optionally one county. */
export class ProgrammeRateDto {
  @ApiProperty({ description: 'Direction (方向)', enum: DIRECTIONS })
  @IsIn(DIRECTIONS)
  direction: Direction;

  @ApiPropertyOptional({ description: 'County this rate applies to (适用县); absent: the default rate of the direction', example: '140821' })
  @IsOptional()
  @Matches(COUNTY_CODE, { message: 'countyCode must be a 6-digit county code of the province' })
  countyCode?: string;

  @ApiProperty({ description: 'Rate per item in fen (单件补助，分)', example: 40 })
  @IsInt()
  @Min(0)
  @Max(100_000)
  rateFen: number;
}

/** A county's budget in the programme (县级补助资金额度). */
export class ProgrammeBudgetDto {
  @ApiProperty({ description: 'County code (县级行政区划代码)', example: '140821' })
  @Matches(COUNTY_CODE, { message: 'countyCode must be a 6-digit county code of the province' })
  countyCode: string;

  @ApiProperty({ description: 'Budget in fen (补助资金额度，分)', example: 50_000_000 })
  @IsInt()
  @Min(0)
  @Max(1e15)
  amountFen: number;
}

/** How a claim's items are verified (核定口径). */
export const VERIFICATIONS = ['counts', 'waybills'] as const;
export type Verification = (typeof VERIFICATIONS)[number];

/** Where a programme's average ceiling comes from (上限依据): a document and its clause. */
export class CeilingBasisDto {
  @ApiProperty({ description: 'Document (文件), e.g. 001 山西省关于加快电子商务体系和快递物流配送体系贯通发展行动计划 (晋政办发〔2023〕10号)' })
  @IsString()
  @MinLength(2)
  @MaxLength(300)
  document: string;

  @ApiProperty({ description: 'Clause (条款), e.g. 二(二)9', example: '二(二)9' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  clause: string;
}

/** Create a subsidy programme (补助项目). Every figure is data: rates, ceiling and budgets. */
export class CreateProgrammeRequest {
  @ApiProperty({ description: 'Programme year (年度)', example: 2023 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  @ApiProperty({ description: 'Name (项目名称)', example: '2023年农村寄递物流服务全覆盖省级专项补助' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name: string;

  @ApiProperty({ description: 'Directions paid for (补助方向)', enum: DIRECTIONS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(DIRECTIONS, { each: true })
  directions: Direction[];

  @ApiProperty({ description: 'Per-item rates; each direction needs a default rate (无县代码的为默认标准)', type: [ProgrammeRateDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => ProgrammeRateDto)
  rates: ProgrammeRateDto[];

  @ApiProperty({
    description:
      'Average per-item ceiling in fen over the programme and county (单件补助平均上限，分). A year with a ceiling in the policy targets ' +
      '(2023: 50, seed 001 二(二)9) may not exceed it (422 CEILING_ABOVE_POLICY); for any other year the programme states its basis',
    example: 50,
  })
  @IsInt()
  @Min(0)
  @Max(100_000)
  avgCeilingFen: number;

  @ApiPropertyOptional({
    description:
      'Where the ceiling comes from (上限依据): required for a year without a policy ceiling (422 CEILING_BASIS_REQUIRED); ' +
      'for a year with one it defaults to the policy target’s document and clause',
    type: CeilingBasisDto,
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => CeilingBasisDto)
  basis?: CeilingBasisDto;

  @ApiPropertyOptional({
    description:
      'How items are verified (核定口径): counts — the centre’s logic-checked counts; waybills (default) — per date, brand and direction ' +
      'the smaller of the count and the waybills uploaded by courier organisations of that brand',
    enum: VERIFICATIONS,
    default: 'waybills',
  })
  @IsOptional()
  @IsIn(VERIFICATIONS)
  verification?: Verification;

  @ApiProperty({ description: 'Budget per county (各县资金额度); a county without one cannot claim', type: [ProgrammeBudgetDto] })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => ProgrammeBudgetDto)
  budgets: ProgrammeBudgetDto[];
}

export class ProgrammeResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'Year (年度)' }) year: number;
  @ApiProperty({ description: 'Name (项目名称)' }) name: string;
  @ApiProperty({ description: 'Directions (补助方向)', enum: DIRECTIONS, isArray: true }) directions: Direction[];
  @ApiProperty({ type: [ProgrammeRateDto] }) rates: ProgrammeRateDto[];
  @ApiProperty({ description: 'Average per-item ceiling, fen (单件补助平均上限)' }) avgCeilingFen: number;
  @ApiProperty({
    description: 'Where the ceiling comes from (上限依据); null only for programmes filed before bases were recorded',
    type: CeilingBasisDto,
    nullable: true,
  })
  basis: CeilingBasisDto | null;
  @ApiProperty({ description: 'How items are verified (核定口径)', enum: VERIFICATIONS }) verification: Verification;
  @ApiProperty({ type: [ProgrammeBudgetDto] }) budgets: ProgrammeBudgetDto[];
  @ApiProperty() createdAt: string;
}

export class ProgrammePageDto {
  @ApiProperty({ type: [ProgrammeResponseDto] }) items: ProgrammeResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class ListProgrammesRequest extends PageQuery {
  @ApiPropertyOptional({ description: 'Year (年度)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
}

export class IdRequest {
  @ApiProperty()
  @IsUUID()
  id: string;
}
