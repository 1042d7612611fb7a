import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Put, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  AnnualEvaluationDto,
  AnnualEvaluationQuery,
  CreateQualityEvaluationRequest,
  PublicEvaluationsQuery,
  PublicQualityEvaluationPageDto,
  QualityEvaluationDto,
  QualityEvaluationFormatQuery,
  QualitySettingsDto,
  Subjects,
  UpdateQualitySettingsRequest,
} from '@app/contracts';
import { RequestMeta, ServiceRequester } from '@app/messaging';
import { AccessOf } from '../auth/access.decorator.js';
import { Meta } from '../auth/request-context.js';
import { Idempotent } from '../idempotency/idempotency.js';
import { GatewayConfig } from '../gateway.definition.js';
import { writeXlsx, XLSX_MIME } from '../tabular/tabular.js';
import { writeReportPdf } from '../tabular/pdf.js';
import { annualPdf, annualSheet, evaluationSheet } from './evaluation-documents.js';

@ApiTags('data-quality evaluations (数据质量评估)')
@Controller('data-quality')
export class QualityEvaluationsController {
  constructor(private readonly bus: ServiceRequester) {}

  @Post('evaluations')
  @Idempotent()
  @AccessOf(Subjects.supervision.qualityEvaluationsCreate)
  @ApiOperation({
    summary: 'Evaluate a quarter’s data quality (季度数据质量评估): every indicator for every obliged party and region, ranked; stored as a draft',
  })
  @ApiCreatedResponse({ type: QualityEvaluationDto })
  create(@Body() body: CreateQualityEvaluationRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.qualityEvaluationsCreate, body, meta);
  }

  @Get('evaluations/public')
  @AccessOf(Subjects.supervision.qualityEvaluationsPublicList)
  @ApiOperation({ summary: 'Published evaluations for anyone: the ranked regions, without personal data (已发布的数据质量评估)' })
  @ApiOkResponse({ type: PublicQualityEvaluationPageDto })
  publicList(@Query() query: PublicEvaluationsQuery, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.qualityEvaluationsPublicList, query, meta);
  }

  @Get('evaluations/:id')
  @AccessOf(Subjects.supervision.qualityEvaluationsGet)
  @ApiOperation({ summary: 'One evaluation (评估结果): JSON, or `format=xlsx` with Chinese headers' })
  @ApiExtraModels(QualityEvaluationDto)
  @ApiProduces('application/json', XLSX_MIME)
  @ApiOkResponse({ schema: { oneOf: [{ $ref: getSchemaPath(QualityEvaluationDto) }, { type: 'string', format: 'binary' }] } })
  async get(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: QualityEvaluationFormatQuery,
    @Meta() meta: RequestMeta,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const evaluation = await this.bus.request(Subjects.supervision.qualityEvaluationsGet, { id }, meta);
    if (query.format !== 'xlsx') return evaluation;
    const sheet = evaluationSheet(evaluation);
    res.header('Content-Type', XLSX_MIME);
    res.header('Content-Disposition', `attachment; filename="data-quality-${evaluation.quarter}-${evaluation.regionCode}.xlsx"`);
    return new StreamableFile(await writeXlsx(`${evaluation.quarter}数据质量评估`, sheet.columns, sheet.rows));
  }

  @Post('evaluations/:id/publish')
  @HttpCode(200)
  @AccessOf(Subjects.supervision.qualityEvaluationsPublish)
  @ApiOperation({ summary: 'Publish a draft evaluation (发布); audited, and told as an event' })
  @ApiOkResponse({ type: QualityEvaluationDto })
  publish(@Param('id', ParseUUIDPipe) id: string, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.qualityEvaluationsPublish, { id }, meta);
  }

  @Get('settings')
  @AccessOf(Subjects.supervision.qualitySettingsGet)
  @ApiOperation({ summary: 'The action threshold of the evaluations (整改阈值)' })
  @ApiOkResponse({ type: QualitySettingsDto })
  settings(@Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.qualitySettingsGet, {}, meta);
  }

  @Put('settings')
  @AccessOf(Subjects.supervision.qualitySettingsUpdate)
  @ApiOperation({ summary: 'Change the action threshold (修改整改阈值); the reason and the old value go to the audit trail' })
  @ApiOkResponse({ type: QualitySettingsDto })
  updateSettings(@Body() body: UpdateQualitySettingsRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.qualitySettingsUpdate, body, meta);
  }
}

@ApiTags('data-quality evaluations (数据质量评估)')
@Controller('evaluations')
export class AnnualEvaluationController {
  constructor(
    private readonly bus: ServiceRequester,
    @Inject(GatewayConfig) private readonly config: GatewayConfig,
  ) {}

  @Get('annual')
  @AccessOf(Subjects.supervision.annualEvaluationGet)
  @ApiOperation({
    summary:
      'Annual evaluation of the plan (年度评估): every target of the year with its value, source and whether it is met; JSON, `format=pdf` or `format=xlsx`',
  })
  @ApiExtraModels(AnnualEvaluationDto)
  @ApiProduces('application/json', 'application/pdf', XLSX_MIME)
  @ApiOkResponse({ schema: { oneOf: [{ $ref: getSchemaPath(AnnualEvaluationDto) }, { type: 'string', format: 'binary' }] } })
  async annual(@Query() query: AnnualEvaluationQuery, @Meta() meta: RequestMeta, @Res({ passthrough: true }) res: FastifyReply) {
    const evaluation = await this.bus.request(Subjects.supervision.annualEvaluationGet, { year: query.year }, meta);
    if (query.format === 'pdf') {
      const pdf = await writeReportPdf(annualPdf(evaluation), this.config.REPORT_FONT);
      return new StreamableFile(pdf, {
        type: 'application/pdf',
        length: pdf.length,
        disposition: `attachment; filename="annual-evaluation-${query.year}.pdf"`,
      });
    }
    if (query.format === 'xlsx') {
      const sheet = annualSheet(evaluation);
      res.header('Content-Type', XLSX_MIME);
      res.header('Content-Disposition', `attachment; filename="annual-evaluation-${query.year}.xlsx"`);
      return new StreamableFile(await writeXlsx(`${query.year}年度评估`, sheet.columns, sheet.rows));
    }
    return evaluation;
  }
}
