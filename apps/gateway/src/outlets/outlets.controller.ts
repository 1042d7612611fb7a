import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  CoverageDto,
  CoverageRequest,
  CreateOutletRequest,
  DuplicateFlagDto,
  DuplicateFlagPageDto,
  DuplicateReviewRequest,
  FileOutletMessage,
  ListDuplicatesRequest,
  ListOutletsRequest,
  OutletChangeRequest,
  OutletClosureRequest,
  OutletDecisionRequest,
  OutletDetailDto,
  OutletNoticeRequest,
  OutletPageDto,
  OutletUsageDto,
  OverdueFilingPageDto,
  OverdueFilingsRequest,
  Subjects,
  UsageRangeRequest,
  UsageReportRequest,
  UsageReportResponseDto,
  UsageSummaryDto,
  UsageSummaryRequest,
} from '@app/contracts';
import { RequestMeta, ServiceRequester } from '@app/messaging';
import { AccessOf } from '../auth/access.decorator.js';
import { Meta } from '../auth/request-context.js';
import { Idempotent } from '../idempotency/idempotency.js';
import { IdentityService } from '../identity/identity.service.js';

/**
 * Terminal outlets and smart lockers (末端网点与智能快件箱), forwarded to the outlets service.
 * Routes with a fixed second segment come before `outlets/:id`.
 */
@ApiTags('outlets (末端网点)')
@Controller('outlets')
export class OutletsController {
  constructor(
    private readonly bus: ServiceRequester,
    private readonly identity: IdentityService,
  ) {}

  @Post()
  @Idempotent()
  @AccessOf(Subjects.outlets.outletsFile)
  @ApiOperation({
    summary: 'File a terminal outlet or smart locker (末端网点备案申请)',
    description:
      'Refused with 422 when the operator has no express business licence valid today or the outlet lies outside its ' +
      'licensed territory, and with 503 when the supervision service cannot be asked. A courier files only for the ' +
      'enterprise its organisation is tied to by credit code.',
  })
  @ApiCreatedResponse({ type: OutletDetailDto })
  async file(@Body() body: CreateOutletRequest, @Meta() meta: RequestMeta) {
    const message: FileOutletMessage = { ...body, actingUscc: await this.identity.courierUscc(meta.principal) };
    return this.bus.request(Subjects.outlets.outletsFile, message, meta);
  }

  @Get()
  @AccessOf(Subjects.outlets.outletsList)
  @ApiOperation({ summary: 'Outlets in your scope (网点列表): a courier its own, staff their region' })
  @ApiOkResponse({ type: OutletPageDto })
  list(@Query() query: ListOutletsRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.outlets.outletsList, query, meta);
  }

  @Get('coverage')
  @AccessOf(Subjects.outlets.coverageGet)
  @ApiOperation({ summary: 'Township or village coverage with the uncovered list (网点覆盖率)' })
  @ApiOkResponse({ type: CoverageDto })
  coverage(@Query() query: CoverageRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.outlets.coverageGet, query, meta);
  }

  @Get('filings/overdue')
  @AccessOf(Subjects.outlets.filingsOverdue)
  @ApiOperation({ summary: 'Filings past a statutory date (逾期事项): decisions overdue, or filed late' })
  @ApiOkResponse({ type: OverdueFilingPageDto })
  overdue(@Query() query: OverdueFilingsRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.outlets.filingsOverdue, query, meta);
  }

  @Get('usage/summary')
  @AccessOf(Subjects.outlets.usageSummary)
  @ApiOperation({ summary: 'Locker delivery rate and compartment utilisation of a region and period (箱递率)' })
  @ApiOkResponse({ type: UsageSummaryDto })
  usageSummary(@Query() query: UsageSummaryRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.outlets.usageSummary, query, meta);
  }

  @Get('duplicates')
  @AccessOf(Subjects.outlets.duplicatesList)
  @ApiOperation({ summary: 'Near-duplicate outlets flagged for review (疑似重复备案)' })
  @ApiOkResponse({ type: DuplicateFlagPageDto })
  duplicates(@Query() query: ListDuplicatesRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.outlets.duplicatesList, query, meta);
  }

  @Post('duplicates/:id/review')
  @HttpCode(200)
  @AccessOf(Subjects.outlets.duplicatesReview)
  @ApiOperation({ summary: 'Review a near-duplicate flag (核查疑似重复备案)' })
  @ApiOkResponse({ type: DuplicateFlagDto })
  reviewDuplicate(@Param('id', ParseUUIDPipe) id: string, @Body() body: DuplicateReviewRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.outlets.duplicatesReview, { ...body, id }, meta);
  }

  @Get(':id')
  @AccessOf(Subjects.outlets.outletsGet)
  @ApiOperation({ summary: 'One outlet with every filing version (网点详情及备案版本)' })
  @ApiOkResponse({ type: OutletDetailDto })
  get(@Param('id', ParseUUIDPipe) id: string, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.outlets.outletsGet, { id }, meta);
  }

  @Post(':id/decision')
  @HttpCode(200)
  @AccessOf(Subjects.outlets.outletsDecide)
  @ApiOperation({ summary: 'Accept (with a receipt number) or reject the filing awaiting decision (备案审核)' })
  @ApiOkResponse({ type: OutletDetailDto })
  decide(@Param('id', ParseUUIDPipe) id: string, @Body() body: OutletDecisionRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.outlets.outletsDecide, { ...body, id }, meta);
  }

  @Post(':id/notice')
  @HttpCode(200)
  @AccessOf(Subjects.outlets.outletsNotify)
  @ApiOperation({ summary: 'Name every missing item of the pending filing, once (一次性告知补正材料)' })
  @ApiOkResponse({ type: OutletDetailDto })
  notice(@Param('id', ParseUUIDPipe) id: string, @Body() body: OutletNoticeRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.outlets.outletsNotify, { ...body, id }, meta);
  }

  @Post(':id/changes')
  @Idempotent()
  @AccessOf(Subjects.outlets.outletsChange)
  @ApiOperation({ summary: 'File a change (变更备案): a new version; the filed one stays in force until it is accepted' })
  @ApiCreatedResponse({ type: OutletDetailDto })
  change(@Param('id', ParseUUIDPipe) id: string, @Body() body: OutletChangeRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.outlets.outletsChange, { ...body, id }, meta);
  }

  @Post(':id/closure')
  @Idempotent()
  @HttpCode(200)
  @AccessOf(Subjects.outlets.outletsClose)
  @ApiOperation({ summary: 'Close the outlet (注销备案); it leaves the coverage at once' })
  @ApiOkResponse({ type: OutletDetailDto })
  close(@Param('id', ParseUUIDPipe) id: string, @Body() body: OutletClosureRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.outlets.outletsClose, { ...body, id }, meta);
  }

  @Get(':id/receipt')
  @AccessOf(Subjects.outlets.outletsReceipt)
  @ApiOperation({ summary: 'The filing receipt as a PDF (备案回执)' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'the receipt (PDF)', schema: { type: 'string', format: 'binary' } })
  async receipt(@Param('id', ParseUUIDPipe) id: string, @Meta() meta: RequestMeta): Promise<StreamableFile> {
    const receipt = await this.bus.request(Subjects.outlets.outletsReceipt, { id }, meta);
    const pdf = Buffer.from(receipt.contentBase64, 'base64');
    return new StreamableFile(pdf, {
      type: 'application/pdf',
      length: pdf.length,
      disposition: `attachment; filename="${receipt.filename}"`,
    });
  }

  @Post(':id/usage')
  @Idempotent()
  @HttpCode(200)
  @AccessOf(Subjects.outlets.usageReport)
  @ApiOperation({ summary: 'Report a day of parcels in, collected and delivered (日业务量报送)' })
  @ApiOkResponse({ type: UsageReportResponseDto })
  reportUsage(@Param('id', ParseUUIDPipe) id: string, @Body() body: UsageReportRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.outlets.usageReport, { ...body, id }, meta);
  }

  @Get(':id/usage')
  @AccessOf(Subjects.outlets.usageList)
  @ApiOperation({ summary: 'An outlet’s daily reports with compartment utilisation (网点业务量)' })
  @ApiOkResponse({ type: OutletUsageDto })
  usage(@Param('id', ParseUUIDPipe) id: string, @Query() query: UsageRangeRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.outlets.usageList, { ...query, id }, meta);
  }
}
