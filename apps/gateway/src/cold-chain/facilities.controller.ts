import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  ChangeFacilityStatusRequest,
  CreateFacilityRequest,
  DomainError,
  ExportFacilitiesQuery,
  FacilityDetailDto,
  FacilityPageDto,
  FacilityTreeNodeDto,
  FileReportRequest,
  IMPORT_MAX_ROWS,
  ImportResultDto,
  ListFacilitiesRequest,
  ListReportsQuery,
  LongRequests,
  OperatingReportDto,
  OperatingReportListDto,
  Subjects,
  UpdateFacilityRequest,
} from '@app/contracts';
import { RequestMeta, ServiceRequester } from '@app/messaging';
import { AccessOf } from '../auth/access.decorator.js';
import { Meta } from '../auth/request-context.js';
import { Idempotent } from '../idempotency/idempotency.js';
import { CSV_MIME, parseCsv, type Sheet, SHEET_LIMITS, writeCsv, writeXlsx, XLSX_MIME } from '../tabular/tabular.js';
import { readXlsx } from '../tabular/xlsx.js';

/** NATS carries at most 1 MiB a message; an import above this many bytes of JSON is refused before it is sent. */
const IMPORT_MAX_BYTES = 900 * 1024;
/** An export stops at this many pages of EXPORT_PAGE_ROWS. */
const EXPORT_MAX_PAGES = 400;

@ApiTags('cold chain (冷链物流)')
@Controller('cold-chain/facilities')
export class ColdChainFacilitiesController {
  constructor(private readonly bus: ServiceRequester) {}

  @Post()
  @AccessOf(Subjects.coldChain.facilitiesCreate)
  @Idempotent()
  @ApiOperation({ summary: 'Register a cold-chain facility of any kind (冷链设施登记); staff within their region' })
  @ApiOkResponse({ type: FacilityDetailDto })
  create(@Body() body: CreateFacilityRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.coldChain.facilitiesCreate, body, meta);
  }

  @Get()
  @AccessOf(Subjects.coldChain.facilitiesList)
  @ApiOperation({ summary: 'The cold-chain facility registry (冷链设施名录), filtered by kind, region, status, commodity' })
  @ApiOkResponse({ type: FacilityPageDto })
  list(@Query() query: ListFacilitiesRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.coldChain.facilitiesList, query, meta);
  }

  @Post('import')
  @HttpCode(200)
  @AccessOf(Subjects.coldChain.facilitiesImport)
  @Idempotent()
  @ApiOperation({
    summary: 'Bulk import of facilities from CSV or XLSX (批量导入): good rows are stored, bad rows come back with their row numbers',
    description:
      `Row 1 is the header; columns as in GET /cold-chain/reference (importColumns). At most ${IMPORT_MAX_ROWS} data rows a file. ` +
      'Send `Content-Type: text/csv` (UTF-8) or the XLSX media type.',
  })
  @ApiConsumes(CSV_MIME, XLSX_MIME)
  @ApiBody({ schema: { type: 'string', format: 'binary', maxLength: SHEET_LIMITS.xlsxUncompressedBytes } })
  @ApiOkResponse({ type: ImportResultDto })
  async import(@Req() req: FastifyRequest, @Meta() meta: RequestMeta) {
    const sheet = await readSheet(req);
    if (Buffer.byteLength(JSON.stringify(sheet)) > IMPORT_MAX_BYTES) {
      throw new DomainError(413, 'PAYLOAD_TOO_LARGE', 'the sheet is too large for one import; split it into smaller files');
    }
    return this.bus.request(Subjects.coldChain.facilitiesImport, sheet, meta, LongRequests.facilitiesImportMs);
  }

  @Get('export')
  @AccessOf(Subjects.coldChain.facilitiesExport)
  @ApiOperation({ summary: 'Export the registry as CSV or XLSX in the import’s columns (导出), with the list’s filters' })
  @ApiProduces(CSV_MIME, XLSX_MIME)
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async export(@Query() query: ExportFacilitiesQuery, @Meta() meta: RequestMeta, @Res({ passthrough: true }) res: FastifyReply) {
    const { format = 'csv', ...filters } = query;
    let page = await this.bus.request(Subjects.coldChain.facilitiesExport, { ...filters, cursor: undefined }, meta);
    const columns = page.columns;
    const rows = [...page.rows];
    for (let pages = 1; page.nextCursor; pages++) {
      if (pages >= EXPORT_MAX_PAGES) throw DomainError.rule('EXPORT_TOO_LARGE', 'the export is too large; narrow it with filters');
      page = await this.bus.request(Subjects.coldChain.facilitiesExport, { ...filters, cursor: page.nextCursor }, meta);
      rows.push(...page.rows);
    }
    const stamp = new Date().toISOString().slice(0, 10);
    if (format === 'xlsx') {
      res.header('Content-Type', XLSX_MIME);
      res.header('Content-Disposition', `attachment; filename="cold-chain-facilities-${stamp}.xlsx"`);
      return new StreamableFile(await writeXlsx('facilities', columns, rows));
    }
    res.header('Content-Type', `${CSV_MIME}; charset=utf-8`);
    res.header('Content-Disposition', `attachment; filename="cold-chain-facilities-${stamp}.csv"`);
    return new StreamableFile(Buffer.from(writeCsv(columns, rows), 'utf8'));
  }

  @Get(':id')
  @AccessOf(Subjects.coldChain.facilitiesGet)
  @ApiOperation({ summary: 'One facility with its zones, dated status history, ancestors and children (设施详情)' })
  @ApiOkResponse({ type: FacilityDetailDto })
  get(@Param('id', ParseUUIDPipe) id: string, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.coldChain.facilitiesGet, { id }, meta);
  }

  @Patch(':id')
  @AccessOf(Subjects.coldChain.facilitiesUpdate)
  @ApiOperation({ summary: 'Change a facility’s data, with a reason kept in the audit trail (设施信息变更)' })
  @ApiOkResponse({ type: FacilityDetailDto })
  update(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateFacilityRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.coldChain.facilitiesUpdate, { ...body, id }, meta);
  }

  @Get(':id/tree')
  @AccessOf(Subjects.coldChain.facilitiesTree)
  @ApiOperation({ summary: 'The facility and everything below it in the tier tree (下级设施树)' })
  @ApiOkResponse({ type: FacilityTreeNodeDto })
  tree(@Param('id', ParseUUIDPipe) id: string, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.coldChain.facilitiesTree, { id }, meta);
  }

  @Post(':id/status')
  @HttpCode(200)
  @AccessOf(Subjects.coldChain.statusChange)
  @Idempotent()
  @ApiOperation({ summary: 'Change a facility’s status with the date it took effect (状态变更); each change is a history row' })
  @ApiOkResponse({ type: FacilityDetailDto })
  changeStatus(@Param('id', ParseUUIDPipe) id: string, @Body() body: ChangeFacilityStatusRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.coldChain.statusChange, { ...body, id }, meta);
  }

  @Post(':id/reports')
  @AccessOf(Subjects.coldChain.reportsFile)
  @Idempotent()
  @ApiOperation({ summary: 'File a monthly operating report (月度运营报告); a correction needs correctionReason and becomes the next version' })
  @ApiOkResponse({ type: OperatingReportDto })
  fileReport(@Param('id', ParseUUIDPipe) id: string, @Body() body: FileReportRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.coldChain.reportsFile, { ...body, facilityId: id }, meta);
  }

  @Get(':id/reports')
  @AccessOf(Subjects.coldChain.reportsList)
  @ApiOperation({ summary: 'A facility’s monthly operating reports, newest month first (运营报告)' })
  @ApiOkResponse({ type: OperatingReportListDto })
  reports(@Param('id', ParseUUIDPipe) id: string, @Query() query: ListReportsQuery, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.coldChain.reportsList, { ...query, facilityId: id }, meta);
  }
}

async function readSheet(req: FastifyRequest): Promise<Sheet> {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'text/csv' || type === 'text/plain') {
    if (typeof req.body !== 'string' || req.body.length === 0) throw new DomainError(400, 'BAD_SHEET', 'the CSV body is empty');
    return parseCsv(req.body, { maxRows: IMPORT_MAX_ROWS });
  }
  if (type === XLSX_MIME || type === 'application/octet-stream') {
    if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw new DomainError(400, 'BAD_SHEET', 'the XLSX body is empty');
    return readXlsx(req.body, { maxRows: IMPORT_MAX_ROWS });
  }
  throw new DomainError(415, 'UNSUPPORTED_MEDIA_TYPE', `send the sheet as ${CSV_MIME} or ${XLSX_MIME}, not ${type || 'no content type'}`);
}
