import { Controller, Get, Inject, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { NatsConnection } from '@nats-io/transport-node';
import {
  DomainError,
  type IngestCountsRequest,
  IngestCountsResponseDto,
  IngestWaybillsResponseDto,
  LongRequests,
  ListParcelCountsRequest,
  MAX_COUNT_ROWS,
  MAX_WAYBILLS_PER_REQUEST,
  ParcelCountPageDto,
  ParcelCountsBodyDto,
  ParcelCountsQueryDto,
  Role,
  Subjects,
  type WaybillChunkResponse,
  WaybillRowDto,
} from '@app/contracts';
import { JsonText, type RequestMeta, ServiceRequester } from '@app/messaging';
import { AccessOf } from '../auth/access.decorator.js';
import type { PlatformRequest } from '../auth/platform-request.js';
import { Meta } from '../auth/request-context.js';
import { IdentityService } from '../identity/identity.service.js';
import { NATS_CONNECTION } from '../bus/bus.module.js';
import { GatewayConfig } from '../gateway.definition.js';
import { Idempotent, requestHash } from '../idempotency/idempotency.js';
import { countReports } from './uploads.js';
import { XLSX_MIME } from '../tabular/tabular.js';
import { chunkWaybills, mergeResults, shapeWaybills, tooMany, waybillRows } from './waybill-chunks.js';

/** NATS's default max payload, used until the server has told its own. */
const DEFAULT_MAX_PAYLOAD = 1024 * 1024;
/** Room left in a message for the envelope around a chunk (principal, correlation id, key). */
const ENVELOPE_BYTES = 4096;

@ApiTags('subsidies (农村寄递补助)')
@ApiExtraModels(WaybillRowDto)
@Controller()
export class SubsidyIngestController {
  constructor(
    private readonly bus: ServiceRequester,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(GatewayConfig) private readonly config: GatewayConfig,
    private readonly identity: IdentityService,
  ) {}

  @Post('parcel-counts')
  @Idempotent()
  @AccessOf(Subjects.subsidies.countsIngest)
  @ApiOperation({
    summary: 'Post daily parcel counts (上报日寄递量): JSON, CSV or XLSX',
    description:
      `Up to ${MAX_COUNT_ROWS} rows. Each row is checked on its own; good rows are kept and refused ones come back with their ` +
      '0-based index (for CSV/XLSX: among the data rows under the header, blank rows skipped). CSV and XLSX need a header row ' +
      'with the columns date, brand, direction, items and optionally weightKg and reason (or 日期, 品牌, 方向, 件数, 重量, 原因). ' +
      'A row for a date, brand and direction already reported with another figure is a correction: it is stored as the next ' +
      'version and needs a reason. Rows in the period of an approved claim refuse the whole upload (422 COUNTS_LOCKED).',
  })
  @ApiConsumes('application/json', 'text/csv', XLSX_MIME)
  @ApiBody({ type: ParcelCountsBodyDto })
  @ApiOkResponse({ type: IngestCountsResponseDto })
  async postCounts(@Req() req: PlatformRequest, @Query() query: ParcelCountsQueryDto, @Meta() meta: RequestMeta) {
    const { source, reports } = await countReports(req.headers['content-type'], req.body);
    if (reports.length > MAX_COUNT_ROWS) throw new DomainError(413, 'BATCH_TOO_LARGE', `at most ${MAX_COUNT_ROWS} rows per upload`);
    const message: IngestCountsRequest = { ...query, source, reports };
    return this.bus.request(Subjects.subsidies.countsIngest, message, meta);
  }

  @Get('parcel-counts')
  @AccessOf(Subjects.subsidies.countsList)
  @ApiOperation({ summary: 'Parcel counts in scope, current versions or with history (日寄递量查询)' })
  @ApiOkResponse({ type: ParcelCountPageDto })
  listCounts(@Query() query: ListParcelCountsRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.subsidies.countsList, query, meta);
  }

  @Post('waybills')
  @Idempotent()
  @AccessOf(Subjects.subsidies.waybillsIngest)
  @ApiOperation({
    summary: 'Post waybill records (上报运单), JSON array or NDJSON',
    description:
      `1 to ${MAX_WAYBILLS_PER_REQUEST} rows (413 past it, 400 EMPTY_BATCH for none, 422 NO_VALID_ROWS when no row has the shape of a waybill). A waybill number is accepted once in the whole province: a number ` +
      'taken earlier (by any centre, courier or county) or repeated in the request is reported under duplicates and not stored. ' +
      'Refused rows come back with their index. A county centre records only its own county’s waybills; a courier only its own ' +
      'brand: the brand of the registered enterprise whose credit code its organisation has (other rows: code BRAND_NOT_OWN, the ' +
      'rest of the request is kept). Each stored batch records the uploading organisation and role. With an Idempotency-Key, ' +
      'the subsidies service also stores each chunk of the request exactly once under that key, so a retry after a failure part-way ' +
      '(503) stores nothing twice and answers with every row accounted for.',
  })
  @ApiConsumes('application/json', 'application/x-ndjson')
  @ApiBody({ schema: { type: 'array', items: { $ref: getSchemaPath(WaybillRowDto) }, minItems: 1, maxItems: MAX_WAYBILLS_PER_REQUEST } })
  @ApiOkResponse({ type: IngestWaybillsResponseDto })
  async postWaybills(@Req() req: PlatformRequest, @Meta() meta: RequestMeta): Promise<IngestWaybillsResponseDto> {
    if (!Array.isArray(req.body) && typeof req.body !== 'string') {
      throw new DomainError(400, 'BAD_BODY', 'send a JSON array of waybills or NDJSON (application/x-ndjson)');
    }
    const { rows, unreadable } = waybillRows(req.body);
    if (tooMany(rows)) throw new DomainError(413, 'BATCH_TOO_LARGE', `at most ${MAX_WAYBILLS_PER_REQUEST} waybills per request`);
    if (rows.length === 0) throw new DomainError(400, 'EMPTY_BATCH', 'send at least one waybill');
    const { columns, rejected } = shapeWaybills(rows);
    if (columns.index.length === 0) {
      // nothing has the shape of a waybill: refused as a whole, with the first rows' reasons
      const errors = [...unreadable, ...rejected]
        .flatMap((r) => r.errors.map((e) => ({ field: `[${r.index}]${e.field ? `.${e.field}` : ''}`, message: e.message })))
        .slice(0, 100);
      throw DomainError.rule('NO_VALID_ROWS', 'no row of the request is a waybill record; nothing was stored', errors);
    }
    const maxPayload = (this.nc.info?.max_payload ?? DEFAULT_MAX_PAYLOAD) - ENVELOPE_BYTES;
    const ownBrands = await this.courierBrands(meta);
    const chunks = chunkWaybills(columns, maxPayload, requestHash(req), ownBrands ?? undefined);
    const timeout = this.config.NATS_REQUEST_TIMEOUT_MS * LongRequests.waybillChunkFactor;
    const settled = await Promise.allSettled(chunks.map(({ json }) => this.bus.request(Subjects.subsidies.waybillsIngest, new JsonText(json), meta, timeout)));
    const failed = settled.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    const results = settled.map((s) => (s as PromiseFulfilledResult<WaybillChunkResponse>).value);
    return mergeResults(rows.length, [...unreadable, ...rejected], results);
  }

  /** A courier's own brands: those of the registered enterprise with its organisation's credit code (none without one); null for other roles. */
  private async courierBrands(meta: RequestMeta): Promise<string[] | null> {
    if (meta.principal?.role !== Role.Courier) return null;
    const uscc = await this.identity.courierUscc(meta.principal);
    if (!uscc) return [];
    const page = await this.bus.request(Subjects.supervision.enterprisesList, { uscc, limit: 1 }, meta);
    return page.items.map((e) => e.brand);
  }
}
