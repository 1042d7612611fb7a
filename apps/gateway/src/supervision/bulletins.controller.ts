import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  BulletinDto,
  BulletinFormatQuery,
  BulletinPageDto,
  BulletinWeightDto,
  BulletinWeightListDto,
  CreateBulletinRequest,
  type FileReply,
  ListBulletinsQuery,
  PublicBulletinPageDto,
  PublicBulletinsQuery,
  Subjects,
  UpdateBulletinWeightRequest,
} from '@app/contracts';
import { RequestMeta, ServiceRequester } from '@app/messaging';
import { AccessOf } from '../auth/access.decorator.js';
import { Meta } from '../auth/request-context.js';
import { Idempotent } from '../idempotency/idempotency.js';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const FORMATS = {
  description: 'The bulletin as JSON, or its PDF (in Chinese) or XLSX file',
  schema: { oneOf: [{ $ref: getSchemaPath(BulletinDto) }, { type: 'string', format: 'binary' }] },
};

/** A file reply streamed as a download; JSON passes through. */
function answer(reply: BulletinDto | FileReply, res: FastifyReply): BulletinDto | StreamableFile {
  if (!('base64' in reply)) return reply;
  res.header('Content-Type', reply.contentType);
  res.header('Content-Disposition', `attachment; filename="${reply.filename}"`);
  return new StreamableFile(Buffer.from(reply.base64, 'base64'));
}

@ApiTags('bulletins (月度通报)')
@ApiExtraModels(BulletinDto)
@Controller('bulletins')
export class BulletinsController {
  constructor(private readonly bus: ServiceRequester) {}

  @Post()
  @Idempotent()
  @AccessOf(Subjects.supervision.bulletinsCreate)
  @ApiOperation({
    summary: 'Build a monthly ranked bulletin of the cities or counties (生成月度通报草稿)',
    description:
      'For each region of the level within regionCode (default the caller’s region): the indicators of the month and the previous month from the read models, points, a score by the weights of GET /bulletins/weights (this platform’s own scheme) and the rank. The bulletin is a draft until province staff publish it.',
  })
  @ApiCreatedResponse({ type: BulletinDto })
  create(@Body() body: CreateBulletinRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.bulletinsCreate, body, meta);
  }

  @Get()
  @AccessOf(Subjects.supervision.bulletinsList)
  @ApiOperation({ summary: 'Bulletins of the caller’s region, drafts included, newest first (通报列表)' })
  @ApiOkResponse({ type: BulletinPageDto })
  list(@Query() query: ListBulletinsQuery, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.bulletinsList, query, meta);
  }

  @Get('public')
  @AccessOf(Subjects.supervision.bulletinsPublicList)
  @ApiOperation({ summary: 'Published bulletins with their ranking, open to anyone (通报公开), newest month first' })
  @ApiOkResponse({ type: PublicBulletinPageDto })
  publicList(@Query() query: PublicBulletinsQuery, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.bulletinsPublicList, query, meta);
  }

  @Get('public/:id')
  @AccessOf(Subjects.supervision.bulletinsPublicGet)
  @ApiOperation({ summary: 'A published bulletin, open to anyone: JSON, PDF or XLSX (通报全文); a draft is 404' })
  @ApiProduces('application/json', 'application/pdf', XLSX_MIME)
  @ApiOkResponse(FORMATS)
  async publicGet(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: BulletinFormatQuery,
    @Meta() meta: RequestMeta,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    return answer(await this.bus.request(Subjects.supervision.bulletinsPublicGet, { id, format: query.format }, meta), res);
  }

  @Get('weights')
  @AccessOf(Subjects.supervision.bulletinWeightsList)
  @ApiOperation({ summary: 'The indicators of the bulletins and their weights (通报评分权重): this platform’s own scheme' })
  @ApiOkResponse({ type: BulletinWeightListDto })
  weights(@Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.bulletinWeightsList, {}, meta);
  }

  @Patch('weights/:key')
  @AccessOf(Subjects.supervision.bulletinWeightsUpdate)
  @ApiOperation({ summary: 'Change the weight of one indicator, with a reason (调整通报权重，留痕); bulletins already built keep theirs' })
  @ApiOkResponse({ type: BulletinWeightDto })
  updateWeight(@Param('key') key: string, @Body() body: UpdateBulletinWeightRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.bulletinWeightsUpdate, { ...body, key }, meta);
  }

  @Get(':id')
  @AccessOf(Subjects.supervision.bulletinsGet)
  @ApiOperation({ summary: 'One bulletin, draft or published: JSON, PDF in Chinese or XLSX (通报详情)' })
  @ApiProduces('application/json', 'application/pdf', XLSX_MIME)
  @ApiOkResponse(FORMATS)
  async get(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: BulletinFormatQuery,
    @Meta() meta: RequestMeta,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    return answer(await this.bus.request(Subjects.supervision.bulletinsGet, { id, format: query.format }, meta), res);
  }

  @Post(':id/publish')
  @HttpCode(200)
  @AccessOf(Subjects.supervision.bulletinsPublish)
  @ApiOperation({ summary: 'Publish a draft bulletin (发布通报): province staff; audited, and supervision.bulletin.published is sent' })
  @ApiOkResponse({ type: BulletinDto })
  publish(@Param('id', ParseUUIDPipe) id: string, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.bulletinsPublish, { id }, meta);
  }
}
