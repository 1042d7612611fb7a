import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Req, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import {
  AcceptGreenReportRequest,
  CreateGreenReportRequest,
  DomainError,
  FactorSetListDto,
  GreenDeadlineDto,
  GreenDeadlineKey,
  GreenDeadlineListDto,
  GreenFileDto,
  GreenFilingStatusDto,
  GreenFilingStatusQuery,
  GreenReportPageDto,
  GreenReportResponseDto,
  GreenSummaryDto,
  GreenYearQuery,
  ListGreenReportsRequest,
  Principal,
  ReturnGreenReportRequest,
  SetGreenDeadlineRequest,
  Subjects,
} from '@app/contracts';
import { RequestMeta, ServiceRequester } from '@app/messaging';
import { AccessOf } from '../auth/access.decorator.js';
import { CurrentPrincipal, Meta } from '../auth/request-context.js';
import { Idempotent } from '../idempotency/idempotency.js';
import { IdentityService } from '../identity/identity.service.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** An upload crosses NATS base64-encoded inside a 1 MB message. */
const MAX_UPLOAD_BYTES = 512 * 1024;

function file(f: GreenFileDto): StreamableFile {
  return new StreamableFile(Buffer.from(f.base64, 'base64'), { type: f.contentType, disposition: `attachment; filename="${f.filename}"` });
}

@ApiTags('green reports (绿色包装与碳排放报告)')
@Controller('green-reports')
export class GreenReportsController {
  constructor(
    private readonly bus: ServiceRequester,
    private readonly identity: IdentityService,
  ) {}

  @Post()
  @Idempotent()
  @AccessOf(Subjects.green.reportsSubmit)
  @ApiOperation({
    summary: 'File a green-packaging, plastic-reduction and emission report, or its next version (报送绿色包装与碳排放报告)',
    description:
      'A courier files for its own enterprise; an administrator names `enterpriseId`. Filing again for the same year, period and ' +
      'region makes the next version; refused with 409 once that report is accepted. The answer carries the computed rates and CO2 ' +
      'with the emission factor set used.',
  })
  @ApiCreatedResponse({ type: GreenReportResponseDto })
  async submit(@Body() body: CreateGreenReportRequest, @CurrentPrincipal() principal: Principal, @Meta() meta: RequestMeta) {
    const courierUscc = await this.identity.courierUscc(principal);
    return this.bus.request(Subjects.green.reportsSubmit, { ...body, courierUscc }, meta);
  }

  @Post('upload')
  @Idempotent()
  @AccessOf(Subjects.green.reportsUpload)
  @ApiOperation({ summary: 'File a report from the filled-in XLSX template (上传报告模板)', description: `Body: the XLSX file (${XLSX}), at most 512 KiB.` })
  @ApiConsumes(XLSX)
  @ApiBody({
    description: 'The template from GET /green-reports/template with column C filled in',
    schema: { type: 'string', format: 'binary', maxLength: MAX_UPLOAD_BYTES },
  })
  @ApiCreatedResponse({ type: GreenReportResponseDto })
  async upload(@Req() req: FastifyRequest, @CurrentPrincipal() principal: Principal, @Meta() meta: RequestMeta) {
    const body: unknown = req.body;
    if (!Buffer.isBuffer(body) || body.length === 0) {
      throw new DomainError(415, 'UNSUPPORTED_MEDIA_TYPE', `send the filled-in template as the request body with Content-Type ${XLSX}`);
    }
    if (body.length > MAX_UPLOAD_BYTES) {
      throw new DomainError(413, 'PAYLOAD_TOO_LARGE', `the workbook is ${body.length} bytes; a report upload takes at most ${MAX_UPLOAD_BYTES}`);
    }
    const courierUscc = await this.identity.courierUscc(principal);
    return this.bus.request(Subjects.green.reportsUpload, { fileBase64: body.toString('base64'), courierUscc }, meta);
  }

  @Get('template')
  @AccessOf(Subjects.green.templateGet)
  @ApiOperation({ summary: 'Download the XLSX report template (下载报告模板)' })
  @ApiProduces(XLSX)
  @ApiOkResponse({ description: 'The template workbook', schema: { type: 'string', format: 'binary', maxLength: MAX_UPLOAD_BYTES } })
  async template(@Meta() meta: RequestMeta) {
    return file(await this.bus.request(Subjects.green.templateGet, {}, meta));
  }

  @Get()
  @AccessOf(Subjects.green.reportsList)
  @ApiOperation({ summary: 'Reports, newest first (报告列表); a courier sees its own enterprise’s, staff their region’s' })
  @ApiOkResponse({ type: GreenReportPageDto })
  async list(@Query() query: ListGreenReportsRequest, @CurrentPrincipal() principal: Principal, @Meta() meta: RequestMeta) {
    const courierUscc = await this.identity.courierUscc(principal);
    return this.bus.request(Subjects.green.reportsList, { ...query, courierUscc }, meta);
  }

  @Get('summary')
  @AccessOf(Subjects.green.summaryGet)
  @ApiOperation({ summary: 'Province-wide rates against the targets, ranking, late and missing filers (年度汇总)' })
  @ApiOkResponse({ type: GreenSummaryDto })
  summary(@Query() query: GreenYearQuery, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.green.summaryGet, query, meta);
  }

  @Get('summary/export')
  @AccessOf(Subjects.green.summaryExport)
  @ApiOperation({ summary: 'The year’s summary as an XLSX workbook (导出年度汇总)' })
  @ApiProduces(XLSX)
  @ApiOkResponse({
    description: 'Sheets: summary against targets, ranking, late filers, missing filers',
    schema: { type: 'string', format: 'binary', maxLength: MAX_UPLOAD_BYTES },
  })
  async exportSummary(@Query() query: GreenYearQuery, @Meta() meta: RequestMeta) {
    return file(await this.bus.request(Subjects.green.summaryExport, query, meta));
  }

  @Get('filing-status')
  @AccessOf(Subjects.green.filingStatusGet)
  @ApiOperation({ summary: 'Who filed for a year and period, who filed late, who is missing (报送情况)' })
  @ApiOkResponse({ type: GreenFilingStatusDto })
  filingStatus(@Query() query: GreenFilingStatusQuery, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.green.filingStatusGet, query, meta);
  }

  @Get('deadlines')
  @AccessOf(Subjects.green.deadlinesList)
  @ApiOperation({ summary: 'Due dates of a year’s reports (报送截止日期)' })
  @ApiOkResponse({ type: GreenDeadlineListDto })
  deadlines(@Query() query: GreenYearQuery, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.green.deadlinesList, query, meta);
  }

  @Put('deadlines/:year/:period')
  @AccessOf(Subjects.green.deadlinesSet)
  @ApiOperation({ summary: 'Set the due date of a year and period, overriding the configured rule (设置截止日期)' })
  @ApiOkResponse({ type: GreenDeadlineDto })
  setDeadline(@Param() key: GreenDeadlineKey, @Body() body: SetGreenDeadlineRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.green.deadlinesSet, { ...key, ...body }, meta);
  }

  @Get('factor-sets')
  @AccessOf(Subjects.green.factorSetsList)
  @ApiOperation({ summary: 'Emission factor sets with each factor’s derivation and source (排放因子集)' })
  @ApiOkResponse({ type: FactorSetListDto })
  factorSets(@Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.green.factorSetsList, {}, meta);
  }

  @Get(':id')
  @AccessOf(Subjects.green.reportsGet)
  @ApiOperation({ summary: 'One report with all its versions (报告详情及全部版本)' })
  @ApiOkResponse({ type: GreenReportResponseDto })
  async get(@Param('id', ParseUUIDPipe) id: string, @CurrentPrincipal() principal: Principal, @Meta() meta: RequestMeta) {
    const courierUscc = await this.identity.courierUscc(principal);
    return this.bus.request(Subjects.green.reportsGet, { id, courierUscc }, meta);
  }

  @Post(':id/accept')
  @Idempotent()
  @HttpCode(200)
  @AccessOf(Subjects.green.reportsDecide)
  @ApiOperation({ summary: 'Accept the current version (审核通过)' })
  @ApiOkResponse({ type: GreenReportResponseDto })
  accept(@Param('id', ParseUUIDPipe) id: string, @Body() body: AcceptGreenReportRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.green.reportsDecide, { id, decision: 'accept', version: body.version, reason: body.remark }, meta);
  }

  @Post(':id/return')
  @Idempotent()
  @HttpCode(200)
  @AccessOf(Subjects.green.reportsDecide)
  @ApiOperation({ summary: 'Return the current version for correction, with a reason (退回更正)' })
  @ApiOkResponse({ type: GreenReportResponseDto })
  returnReport(@Param('id', ParseUUIDPipe) id: string, @Body() body: ReturnGreenReportRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.green.reportsDecide, { id, decision: 'return', version: body.version, reason: body.reason }, meta);
  }
}
