import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { PageQuery } from '../common/page.js';
import { PROVINCE_REGION_CODE } from '../validators.js';

export const DUPLICATE_STATUSES = ['open', 'dismissed', 'confirmed'] as const;
export type DuplicateStatus = (typeof DUPLICATE_STATUSES)[number];

export class ListDuplicatesRequest extends PageQuery {
  @ApiPropertyOptional({ description: 'Flag status (核查状态); default open', enum: DUPLICATE_STATUSES })
  @IsOptional()
  @IsIn(DUPLICATE_STATUSES)
  status?: DuplicateStatus;

  @ApiPropertyOptional({ description: 'Region code prefix (区划代码)' })
  @IsOptional()
  @Matches(PROVINCE_REGION_CODE, { message: 'regionCode must be a region code of the province' })
  regionCode?: string;
}

/** Review a near-duplicate flag (疑似重复备案核查). */
export class DuplicateReviewRequest {
  @ApiProperty({
    description: 'dismissed: two distinct outlets (排除); confirmed: a double filing or a 多站合一 candidate (确认)',
    enum: ['dismissed', 'confirmed'],
  })
  @IsIn(['dismissed', 'confirmed'])
  outcome: 'dismissed' | 'confirmed';

  @ApiPropertyOptional({ description: 'Note (核查说明)' })
  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(500)
  note?: string;
}

export class DuplicateReviewMessage extends DuplicateReviewRequest {
  @ApiProperty({ description: 'Flag id (核查编号)' })
  @IsUUID()
  id: string;
}

export class DuplicateOutletDto {
  @ApiProperty({ description: 'Outlet id (网点编号)' }) id: string;
  @ApiProperty({ description: 'Outlet name (网点名称)' }) name: string;
  @ApiProperty({ description: 'Operator enterprise id (开办主体)' }) enterpriseId: string;
  @ApiProperty({ description: 'Operator name (开办主体名称)' }) enterpriseName: string;
  @ApiProperty({ description: 'Address (详细地址)' }) address: string;
  @ApiProperty({ description: 'Status (网点状态)' }) status: string;
}

/** Two outlets of different operators at the same address, close together (疑似重复备案). */
export class DuplicateFlagDto {
  @ApiProperty({ description: 'Flag id (核查编号)' }) id: string;
  @ApiProperty({ description: 'Status (核查状态)', enum: DUPLICATE_STATUSES }) status: DuplicateStatus;
  @ApiProperty({ description: 'Distance between them in metres (距离, 米)' }) distanceMetres: number;
  @ApiProperty({ description: 'The outlet filed later (后备案网点)', type: DuplicateOutletDto }) outlet: DuplicateOutletDto;
  @ApiProperty({ description: 'The outlet it is close to (相邻网点)', type: DuplicateOutletDto }) other: DuplicateOutletDto;
  @ApiProperty({ description: 'Review note (核查说明)', nullable: true, type: String }) note: string | null;
  @ApiProperty({ description: 'Flagged at (标记时间)' }) createdAt: string;
}

export class DuplicateFlagPageDto {
  @ApiProperty({ type: [DuplicateFlagDto] }) items: DuplicateFlagDto[];
  @ApiProperty({ description: 'Cursor of the next page, null at the end', nullable: true, type: String }) nextCursor: string | null;
}
