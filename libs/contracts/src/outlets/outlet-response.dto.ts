import { ApiProperty } from '@nestjs/swagger';
import { CompartmentsDto, FILING_STATUSES, FILING_TYPES, OUTLET_KINDS, OUTLET_STATUSES } from './outlet.dto.js';
import { LocationDto } from '../common/location.js';
import type { FilingStatus, FilingType, OutletKind, OutletStatus } from './outlet.dto.js';

/** The outlet's particulars as filed in one version (备案内容). */
export class OutletParticularsDto {
  @ApiProperty({ description: 'Outlet kind (网点类型)', enum: OUTLET_KINDS }) kind: OutletKind;
  @ApiProperty({ description: 'Outlet name (网点名称)' }) name: string;
  @ApiProperty({ description: 'Operator enterprise id (开办主体企业编号)' }) enterpriseId: string;
  @ApiProperty({ description: 'Operator enterprise name at filing (开办主体名称)' }) enterpriseName: string;
  @ApiProperty({ description: 'Other enterprises served (共用品牌企业)', type: [String] }) sharedEnterpriseIds: string[];
  @ApiProperty({ description: 'Township or village code (所在乡镇或行政村区划代码)' }) regionCode: string;
  @ApiProperty({ description: 'Street address (详细地址)' }) address: string;
  @ApiProperty({ description: 'Location (经纬度)', type: LocationDto }) location: LocationDto;
  @ApiProperty({ description: 'Opening hours (营业时间)', nullable: true, type: String }) openingHours: string | null;
  @ApiProperty({ description: 'Person in charge (负责人)', nullable: true, type: String }) personInCharge: string | null;
  @ApiProperty({ description: 'Compartments by size (格口数)', nullable: true, type: CompartmentsDto }) compartments: CompartmentsDto | null;
  @ApiProperty({ description: 'Branch or business office of the operator that runs it (运营的分支机构、营业部)', nullable: true, type: String }) branchId:
    string | null;
}

/** One filing version (备案版本): the first filing, a change or the closure, with its statutory dates. */
/** The operator's credit standing when the version was filed (经营主体信用状况). */
export class OperatorCreditDto {
  @ApiProperty({ description: 'Under joint discipline for dishonesty (失信联合惩戒): the filing is flagged for review' }) jointDiscipline: boolean;
  @ApiProperty({ description: 'Credit score (信用分)', nullable: true, type: Number }) score: number | null;
  @ApiProperty({ description: 'Why (原因)', type: [String] }) reasons: string[];
}

export class FilingVersionDto {
  @ApiProperty({ description: 'Version number, from 1 (版本号)' }) version: number;
  @ApiProperty({ description: 'Filing type (备案类型)', enum: FILING_TYPES }) type: FilingType;
  @ApiProperty({ description: 'Filing status (版本状态)', enum: FILING_STATUSES }) status: FilingStatus;
  @ApiProperty({ description: 'Particulars filed in this version (备案内容)', type: OutletParticularsDto }) particulars: OutletParticularsDto;
  @ApiProperty({ description: 'Opening, change or closure date the filing reports (事项发生日期)' }) effectiveOn: string;
  @ApiProperty({
    description: 'The operator’s credit standing when filed, from the supervision service (经营主体信用)',
    type: OperatorCreditDto,
    nullable: true,
  })
  operatorCredit: OperatorCreditDto | null;
  @ApiProperty({ description: 'Date submitted (提交日期)' }) submittedOn: string;
  @ApiProperty({
    description: 'Statutory date by which the operator had to file: opening + 20 days, change or closure + 10 days (应备案期限)',
  })
  dueOn: string;
  @ApiProperty({ description: 'Filed after dueOn (逾期备案)' }) late: boolean;
  @ApiProperty({ description: 'Decision due: submitted + 5 working days (审核期限)', nullable: true, type: String })
  decisionDueOn: string | null;
  @ApiProperty({ description: 'Missing-material notice due: submitted + 2 working days (补正告知期限)', nullable: true, type: String })
  noticeDueOn: string | null;
  @ApiProperty({
    description:
      'Years of these deadlines without an official holiday calendar loaded (未载入节假日安排的年份): their working days were counted Monday to Friday only; empty when every date follows the State Council notices',
    type: [Number],
    example: [],
  })
  weekdaysOnlyYears: number[];
  @ApiProperty({ description: 'Date of the one-time notice of missing material (补正告知日期)', nullable: true, type: String })
  noticeOn: string | null;
  @ApiProperty({ description: 'Missing material named in the notice (需补正材料)', type: [String] }) missingItems: string[];
  @ApiProperty({ description: 'Decision date (审核日期)', nullable: true, type: String }) decidedOn: string | null;
  @ApiProperty({ description: 'Reason of a rejection or closure (理由)', nullable: true, type: String }) reason: string | null;
  @ApiProperty({ description: 'Recorded at (记录时间)' }) createdAt: string;
}

/** A terminal outlet or smart locker with its filing state (末端网点). */
export class OutletResponseDto extends OutletParticularsDto {
  @ApiProperty({ description: 'Outlet id (网点编号)' }) id: string;
  @ApiProperty({ description: 'County code (所在县区)' }) countyCode: string;
  @ApiProperty({ description: 'Township code (所在乡镇)' }) townshipCode: string;
  @ApiProperty({ description: 'Status (网点状态)', enum: OUTLET_STATUSES }) status: OutletStatus;
  @ApiProperty({ description: 'Filing receipt number, once filed; stable across changes (备案回执编号)', nullable: true, type: String })
  receiptNo: string | null;
  @ApiProperty({ description: 'Version of the particulars shown (当前版本)' }) version: number;
  @ApiProperty({ description: 'Version of a filing awaiting decision (待审核版本)', nullable: true, type: Number })
  pendingVersion: number | null;
  @ApiProperty({ description: 'Date the outlet opened (开办日期)' }) openedOn: string;
  @ApiProperty({ description: 'Date it was filed (备案日期)', nullable: true, type: String }) filedOn: string | null;
  @ApiProperty({ description: 'Date it closed or lapsed (注销日期)', nullable: true, type: String }) closedOn: string | null;
  @ApiProperty({ description: 'Organisation that filed it (备案机构)', nullable: true, type: String }) ownerOrgId: string | null;
  @ApiProperty({ description: 'Has an open near-duplicate flag (疑似重复备案待核查)' }) flaggedForReview: boolean;
  @ApiProperty({ description: 'Created (创建时间)' }) createdAt: string;
  @ApiProperty({ description: 'Last change (最近变更)' }) updatedAt: string;
}

/** One outlet with every filing version, newest last (网点及其备案版本). */
export class OutletDetailDto extends OutletResponseDto {
  @ApiProperty({ description: 'Every filing version, oldest first (备案版本)', type: [FilingVersionDto] }) versions: FilingVersionDto[];
}

export class OutletPageDto {
  @ApiProperty({ type: [OutletResponseDto] }) items: OutletResponseDto[];
  @ApiProperty({ description: 'Cursor of the next page, null at the end', nullable: true, type: String }) nextCursor: string | null;
}

/** A filing past a statutory date (逾期事项). */
export class OverdueFilingDto {
  @ApiProperty({ description: 'Outlet id (网点编号)' }) outletId: string;
  @ApiProperty({ description: 'Outlet name (网点名称)' }) outletName: string;
  @ApiProperty({ description: 'Township or village code (区划代码)' }) regionCode: string;
  @ApiProperty({ description: 'Filing version (版本号)' }) version: number;
  @ApiProperty({ description: 'Filing type (备案类型)', enum: FILING_TYPES }) type: FilingType;
  @ApiProperty({ description: 'Filing status (版本状态)', enum: FILING_STATUSES }) status: FilingStatus;
  @ApiProperty({ description: 'Date submitted (提交日期)' }) submittedOn: string;
  @ApiProperty({ description: 'The date that was missed (期限)' }) dueOn: string;
  @ApiProperty({ description: 'Days past the due date as of the query date, or at submission for late filings (逾期天数)' })
  daysOverdue: number;
}

export class OverdueFilingPageDto {
  @ApiProperty({ type: [OverdueFilingDto] }) items: OverdueFilingDto[];
  @ApiProperty({ description: 'Cursor of the next page, null at the end', nullable: true, type: String }) nextCursor: string | null;
}

/** The filing receipt as it crosses NATS (base64); the gateway streams it as application/pdf. */
export class OutletReceiptDto {
  @ApiProperty({ description: 'File name (文件名)' }) filename: string;
  @ApiProperty({ description: 'PDF, base64' }) contentBase64: string;
}
