import { provincePattern } from '../province.js';
import { ApiProperty } from '@nestjs/swagger';

/** Directions a rural parcel travels (寄递方向): upstream farm produce 农产品进城 (上行), downstream industrial goods 工业品下乡 (下行). */
export const DIRECTIONS = ['upstream', 'downstream'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** A 6-digit county code of the province (县级行政区划代码). */
export const COUNTY_CODE = provincePattern('\\d{4}');
/** A waybill number (运单号): 8–30 letters and digits. */
export const WAYBILL_NO = /^[A-Za-z0-9]{8,30}$/;
/** A brand code of the code table (品牌代码). */
export const BRAND_CODE = /^[A-Z][A-Z0-9_]{1,19}$/;

/** One refused row of a bulk upload, by its 0-based position in the request (data rows only for CSV/XLSX). */
export class RowErrorDto {
  @ApiProperty({ description: 'Position of the row in the request, 0-based (行号，从0开始；CSV/XLSX 不含表头)' }) index: number;
  @ApiProperty({
    description: 'What is wrong with it (错误); `code` where the refusal has one, e.g. BRAND_NOT_OWN (a courier’s row of another brand)',
    type: 'array',
    items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' }, code: { type: 'string' } } },
  })
  errors: Array<{ field: string; message: string; code?: string }>;
}
