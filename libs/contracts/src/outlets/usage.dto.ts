import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { IsBusinessDate } from '../validators.js';
import { PROVINCE_REGION_CODE } from '../validators.js';

const MAX_DAILY_PARCELS = 1_000_000;

/**
 * One day of an outlet's parcels (日业务量). Each parcel is reported delivered once, by the
 * outlet that handed it over: a locker reports the parcels couriers deposited into it, a
 * station the parcels it handed out or took to the door (not those it put into a locker).
 */
export class UsageReportRequest {
  @ApiProperty({ description: 'Business day, YYYY-MM-DD (业务日期); a second report of the same day replaces the first', example: '2026-11-24' })
  @IsBusinessDate()
  date: string;

  @ApiProperty({ description: 'Parcels received into the outlet or locker that day (入站/入箱件数)', example: 320 })
  @IsInt()
  @Min(0)
  @Max(MAX_DAILY_PARCELS)
  parcelsIn: number;

  @ApiProperty({ description: 'Parcels recipients collected from it that day (取件数)', example: 290 })
  @IsInt()
  @Min(0)
  @Max(MAX_DAILY_PARCELS)
  parcelsCollected: number;

  @ApiProperty({
    description: 'Parcels delivered that day: deposited into compartments for a locker, handed over for other kinds (投递件数)',
    example: 300,
  })
  @IsInt()
  @Min(0)
  @Max(MAX_DAILY_PARCELS)
  parcelsDelivered: number;
}

export class UsageReportMessage extends UsageReportRequest {
  @ApiProperty({ description: 'Outlet id (网点编号)' })
  @IsUUID()
  id: string;
}

export class UsageRangeRequest {
  @ApiProperty({ description: 'First day, YYYY-MM-DD (起始日期)' })
  @IsBusinessDate()
  from: string;

  @ApiProperty({ description: 'Last day, inclusive, YYYY-MM-DD (截止日期); at most 366 days after from' })
  @IsBusinessDate()
  to: string;
}

export class OutletUsageRequest extends UsageRangeRequest {
  @ApiProperty({ description: 'Outlet id (网点编号)' })
  @IsUUID()
  id: string;
}

export class UsageSummaryRequest extends UsageRangeRequest {
  @ApiPropertyOptional({ description: 'Region (区划代码): province, city or county; default your own region' })
  @IsOptional()
  @Matches(PROVINCE_REGION_CODE, { message: 'regionCode must be a region code of the province' })
  regionCode?: string;
}

export class UsageTotalsDto {
  @ApiProperty({ description: 'Parcels in (入站/入箱件数)' }) parcelsIn: number;
  @ApiProperty({ description: 'Parcels collected (取件数)' }) parcelsCollected: number;
  @ApiProperty({ description: 'Parcels delivered (投递件数)' }) parcelsDelivered: number;
}

export class UsageDayDto extends UsageTotalsDto {
  @ApiProperty({ description: 'Business day (业务日期)' }) date: string;
}

export class UsageReportResponseDto extends UsageDayDto {
  @ApiProperty({ description: 'Outlet id (网点编号)' }) outletId: string;
  @ApiProperty({ description: 'Replaced an earlier report of the same day (更正)' }) replaced: boolean;
}

export class OutletUsageDto {
  @ApiProperty({ description: 'Outlet id (网点编号)' }) outletId: string;
  @ApiProperty({ description: 'First day (起始日期)' }) from: string;
  @ApiProperty({ description: 'Last day (截止日期)' }) to: string;
  @ApiProperty({ description: 'Reported days, oldest first (日报)', type: [UsageDayDto] }) days: UsageDayDto[];
  @ApiProperty({ description: 'Totals over the reported days (合计)', type: UsageTotalsDto }) totals: UsageTotalsDto;
  @ApiProperty({ description: 'Compartments of the locker, null for other kinds (格口数)', nullable: true, type: Number })
  compartments: number | null;
  @ApiProperty({
    description: 'Parcels deposited per compartment per reported day, lockers only (格口利用率)',
    nullable: true,
    type: Number,
  })
  compartmentUtilisation: number | null;
}

/** Locker delivery figures of one region (箱递统计). */
export class UsageFiguresDto {
  @ApiProperty({ description: 'Region code (区划代码)' }) code: string;
  @ApiProperty({ description: 'Region name (区划名称)' }) name: string;
  @ApiProperty({ description: 'Parcels delivered by every outlet (投递总量)' }) parcelsDelivered: number;
  @ApiProperty({ description: 'Parcels delivered into smart lockers (智能箱投递量)' }) lockerParcelsDelivered: number;
  @ApiProperty({
    description: 'Locker delivery rate = lockerParcelsDelivered ÷ parcelsDelivered (箱递率), null when nothing was delivered',
    nullable: true,
    type: Number,
  })
  lockerDeliveryRate: number | null;
  @ApiProperty({ description: 'Lockers that reported (报送的智能箱数)' }) lockers: number;
  @ApiProperty({ description: 'Locker report-days × compartments (格口·日)' }) compartmentDays: number;
  @ApiProperty({ description: 'Parcels deposited per compartment per reported day (格口利用率)', nullable: true, type: Number })
  compartmentUtilisation: number | null;
}

export class UsageSummaryDto extends UsageFiguresDto {
  @ApiProperty({ description: 'First day (起始日期)' }) from: string;
  @ApiProperty({ description: 'Last day (截止日期)' }) to: string;
  @ApiProperty({ description: 'The same figures per child region (下级区划)', type: [UsageFiguresDto] }) items: UsageFiguresDto[];
}
