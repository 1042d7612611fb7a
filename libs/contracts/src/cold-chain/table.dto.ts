import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, MaxLength, Min, ValidateNested } from 'class-validator';
import { ListFacilitiesRequest } from './facility.dto.js';

/** Rows one import may carry (one NATS message; split bigger files). */
export const IMPORT_MAX_ROWS = 2000;
/** Rows per export page the gateway asks the service for. */
export const EXPORT_PAGE_ROWS = 500;

export class ImportRowDto {
  @ApiProperty({ description: 'Row number as a spreadsheet shows it (the header is row 1) (行号)' })
  @IsInt()
  @Min(2)
  row: number;

  @ApiProperty({ description: 'Cells in the order of the columns (单元格)', type: [String] })
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(1000, { each: true })
  cells: string[];
}

/** A parsed CSV/XLSX sheet of facilities (设施批量导入). */
export class ImportFacilitiesRequest {
  @ApiProperty({ description: 'Header row (表头)', type: [String] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  columns: string[];

  @ApiProperty({ description: 'Data rows (数据行)', type: [ImportRowDto] })
  @IsArray()
  @ArrayMaxSize(IMPORT_MAX_ROWS)
  @ValidateNested({ each: true })
  @Type(() => ImportRowDto)
  rows: ImportRowDto[];
}

export class ImportCellErrorDto {
  @ApiProperty({ description: 'Column, or the row as a whole (列)' }) field: string;
  @ApiProperty({ description: 'What is wrong (错误)' }) message: string;
}

export class RejectedRowDto {
  @ApiProperty({ description: 'Row number; the header is row 1 (行号)' }) row: number;
  @ApiProperty({ description: 'Errors of the row (错误)', type: [ImportCellErrorDto] }) errors: ImportCellErrorDto[];
}

export class CreatedRowDto {
  @ApiProperty({ description: 'Row number (行号)' }) row: number;
  @ApiProperty({ description: 'Facility id', format: 'uuid' }) id: string;
  @ApiProperty({ description: 'Registry code (设施编号)' }) code: string;
}

export class ImportResultDto {
  @ApiProperty({ description: 'Data rows read (数据行数)' }) rows: number;
  @ApiProperty({ description: 'Rows stored (导入成功)' }) accepted: number;
  @ApiProperty({ description: 'Rows refused, with their errors (导入失败)', type: [RejectedRowDto] }) rejected: RejectedRowDto[];
  @ApiProperty({ description: 'Facilities created (新建设施)', type: [CreatedRowDto] }) created: CreatedRowDto[];
}

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export class ExportFacilitiesQuery extends ListFacilitiesRequest {
  @ApiPropertyOptional({ description: 'File format (文件格式)', enum: EXPORT_FORMATS, default: 'csv' })
  @IsOptional()
  @IsIn(EXPORT_FORMATS)
  format?: ExportFormat;
}

/** One page of the registry as a table, in the import's columns plus informational ones. */
export interface FacilityTablePage {
  columns: string[];
  rows: Array<Array<string | number | null>>;
  nextCursor: string | null;
}
