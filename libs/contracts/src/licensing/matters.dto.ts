import { ApiProperty } from '@nestjs/swagger';

/** Kinds of matter an organisation has open with the administration (事项类别). */
export const MATTER_KINDS = ['licence_application', 'outlet_filing', 'green_report', 'subsidy_claim', 'rectification'] as const;
export type MatterKind = (typeof MATTER_KINDS)[number];

/** One open matter with its next step (待办事项). */
export class MatterDto {
  @ApiProperty({
    description: 'Kind (事项类别): licence_application 许可申请, outlet_filing 网点备案, green_report 绿色报告, subsidy_claim 补助申请, rectification 责令整改',
    enum: MATTER_KINDS,
  })
  kind: MatterKind;
  @ApiProperty({ description: 'Id of the object, null for a report still to file (对象编号)', nullable: true, type: String }) id: string | null;
  @ApiProperty({ description: 'What it is (事项)', example: '快递业务经营许可申请 XK-14-2026-000001' }) title: string;
  @ApiProperty({ description: 'Where it stands (状态)', example: 'returned' }) status: string;
  @ApiProperty({ description: 'Next step, and whose it is (下一步)', example: 'applicant: complete the missing material and resubmit (补正材料后重新提交)' })
  nextStep: string;
  @ApiProperty({ description: 'Due date of the next step, null when none is set (办理时限)', nullable: true, type: String }) dueOn: string | null;
  @ApiProperty({
    description: 'Years of the due date without an official holiday calendar loaded, counted Monday to Friday only (未载入节假日安排的年份)',
    type: [Number],
    example: [],
  })
  weekdaysOnlyYears: number[];
  @ApiProperty({ description: 'API path of the object (链接)', example: '/api/v1/licence-applications/…' }) href: string;
}

export class MattersDto {
  @ApiProperty({ description: 'Open matters, earliest due first, those without a due date last (待办事项，按期限排序)', type: [MatterDto] }) items: MatterDto[];
  @ApiProperty({ description: 'Sources that did not answer; their matters are missing from the list (暂不可用的来源)', type: [String], example: [] })
  unavailable: string[];
}
