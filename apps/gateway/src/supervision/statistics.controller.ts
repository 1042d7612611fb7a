import { Body, Controller, Get, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, RecordStatisticRequest, Role, STATISTICS_SHEET_COLUMNS, StatisticListDto, StatisticsQuery, Subjects } from '@app/contracts';
import { RequestMeta, ServiceRequester } from '@app/messaging';
import { Access, AccessOf } from '../auth/access.decorator.js';
import { Meta } from '../auth/request-context.js';
import { Idempotent } from '../idempotency/idempotency.js';
import { CSV_MIME, parseCsv, SHEET_LIMITS, writeXlsx, XLSX_MIME } from '../tabular/tabular.js';
import { readXlsx } from '../tabular/xlsx.js';
import { sheetEntries, templateRows } from './statistics-sheet.js';

/** Rows an upload may have (10 figures × 12 months × a few hundred regions fits several uploads). */
const UPLOAD_MAX_ROWS = 2000;

@ApiTags('statistics (官方统计)')
@Controller('statistics')
export class StatisticsController {
  constructor(private readonly bus: ServiceRequester) {}

  @Post()
  @Idempotent()
  @AccessOf(Subjects.supervision.statisticsRecord)
  @ApiOperation({
    summary: 'Enter an official monthly figure (录入官方统计数据); entering it again is a correction: the next version, with a reason',
  })
  @ApiCreatedResponse({ type: StatisticListDto })
  record(@Body() body: RecordStatisticRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.statisticsRecord, { entries: [body] }, meta);
  }

  @Post('upload')
  @Idempotent()
  @AccessOf(Subjects.supervision.statisticsRecord)
  @ApiOperation({
    summary: 'Upload official monthly figures as XLSX or CSV (批量上传官方统计)',
    description: `The template from GET /statistics/template: columns ${STATISTICS_SHEET_COLUMNS.join('、')}; money in yuan (元). All rows are stored or none. At most ${UPLOAD_MAX_ROWS} rows.`,
  })
  @ApiConsumes(XLSX_MIME, CSV_MIME)
  @ApiBody({ schema: { type: 'string', format: 'binary', maxLength: SHEET_LIMITS.xlsxUncompressedBytes } })
  @ApiCreatedResponse({ type: StatisticListDto })
  async upload(@Req() req: FastifyRequest, @Meta() meta: RequestMeta) {
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    let sheet;
    if (type === CSV_MIME && typeof req.body === 'string' && req.body.length > 0) sheet = await parseCsv(req.body, { maxRows: UPLOAD_MAX_ROWS });
    else if (type === XLSX_MIME && Buffer.isBuffer(req.body) && req.body.length > 0) sheet = await readXlsx(req.body, { maxRows: UPLOAD_MAX_ROWS });
    else throw new DomainError(415, 'UNSUPPORTED_MEDIA_TYPE', `send a non-empty sheet as ${XLSX_MIME} or ${CSV_MIME}`);
    return this.bus.request(Subjects.supervision.statisticsRecord, { entries: sheetEntries(sheet) }, meta);
  }

  @Get('template')
  // served by the gateway alone, to those who may enter figures
  @Access(Role.Admin, Role.Staff)
  @ApiOperation({ summary: 'The upload template with Chinese headers, one row per figure (上传模板)' })
  @ApiProduces(XLSX_MIME)
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async template(@Res({ passthrough: true }) res: FastifyReply) {
    res.header('Content-Type', XLSX_MIME);
    res.header('Content-Disposition', 'attachment; filename="statistics-template.xlsx"');
    return new StreamableFile(await writeXlsx('官方统计', [...STATISTICS_SHEET_COLUMNS], templateRows()));
  }

  @Get()
  @AccessOf(Subjects.supervision.statisticsList)
  @ApiOperation({ summary: 'Official monthly figures of a region with every version (官方统计数据及更正版本)' })
  @ApiOkResponse({ type: StatisticListDto })
  list(@Query() query: StatisticsQuery, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.statisticsList, query, meta);
  }
}
