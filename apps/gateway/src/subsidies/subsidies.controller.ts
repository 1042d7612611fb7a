import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  type ClaimAction,
  ClaimDetailDto,
  ClaimPageDto,
  ClaimResponseDto,
  CountyCentrePageDto,
  CountyCentreResponseDto,
  CreateClaimRequest,
  CreateCountyCentreRequest,
  CreateProgrammeRequest,
  DataQualityRequest,
  DataQualityResponseDto,
  DomainError,
  ListClaimsRequest,
  ListCountyCentresRequest,
  ListProgrammesRequest,
  PayClaimBodyDto,
  type Principal,
  ProgrammePageDto,
  ProgrammeResponseDto,
  ReconciliationDto,
  ReconciliationRequest,
  ReturnClaimBodyDto,
  Role,
  Subjects,
} from '@app/contracts';
import { type RequestMeta, ServiceRequester } from '@app/messaging';
import { AccessOf } from '../auth/access.decorator.js';
import { CurrentPrincipal, Meta } from '../auth/request-context.js';
import { IdentityService } from '../identity/identity.service.js';
import { Idempotent } from '../idempotency/idempotency.js';

const ROUNDING =
  'Amounts are exact integer fen. amountFen = min(grossFen, ceiling headroom, budget headroom) where the ceiling headroom is ' +
  'avgCeilingFen × (items of the programme’s approved and paid claims for the county + this claim’s items) − their amounts, and the ' +
  'budget headroom is the county’s budget − those amounts (drafts, submitted, reviewed and returned claims lend nothing); cappedBy ' +
  'names the cap that bit (ceiling on a tie). Submit, review, approve and pay check the amount again against the headroom then left ' +
  '(422 HEADROOM_SHRUNK). ' +
  'No rounding is needed for the caps since rates, ceiling and budgets are whole fen. Rounding rule: the amount is split over ' +
  'directions in proportion to their gross, each line rounded down to whole fen and the fen left over given one each to the ' +
  'largest remainders (lines add up to amountFen exactly); avgFen = amountFen ÷ items rounded down to 0.01 fen, for display only.';

@ApiTags('subsidies (农村寄递补助)')
@Controller()
export class SubsidiesController {
  constructor(
    private readonly bus: ServiceRequester,
    private readonly identity: IdentityService,
  ) {}

  @Post('county-centres')
  @Idempotent()
  @AccessOf(Subjects.subsidies.centresCreate)
  @ApiOperation({ summary: 'Register a county logistics centre (登记县级寄递物流中心); its organisation must be a county_centre of that county' })
  @ApiOkResponse({ type: CountyCentreResponseDto })
  async createCentre(@Body() body: CreateCountyCentreRequest, @CurrentPrincipal() actor: Principal, @Meta() meta: RequestMeta) {
    const org = await this.identity.getOrganisation(body.orgId, actor);
    if (org.kind !== 'county_centre' || org.regionCode !== body.countyCode) {
      throw DomainError.rule('ORGANISATION_MISMATCH', `organisation ${org.name} is not the county centre organisation of ${body.countyCode}`, [
        { field: 'orgId', message: 'must be an organisation of kind county_centre in that county' },
      ]);
    }
    return this.bus.request(Subjects.subsidies.centresCreate, body, meta);
  }

  @Get('county-centres')
  @AccessOf(Subjects.subsidies.centresList)
  @ApiOperation({ summary: 'County logistics centres in scope (县级寄递物流中心)' })
  @ApiOkResponse({ type: CountyCentrePageDto })
  listCentres(@Query() query: ListCountyCentresRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.subsidies.centresList, query, meta);
  }

  @Post('subsidy-programmes')
  @Idempotent()
  @AccessOf(Subjects.subsidies.programmesCreate)
  @ApiOperation({ summary: 'Create a subsidy programme (新建补助项目): directions, rates, average ceiling, county budgets' })
  @ApiOkResponse({ type: ProgrammeResponseDto })
  createProgramme(@Body() body: CreateProgrammeRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.subsidies.programmesCreate, body, meta);
  }

  @Get('subsidy-programmes')
  @AccessOf(Subjects.subsidies.programmesList)
  @ApiOperation({ summary: 'Subsidy programmes (补助项目)' })
  @ApiOkResponse({ type: ProgrammePageDto })
  listProgrammes(@Query() query: ListProgrammesRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.subsidies.programmesList, query, meta);
  }

  @Get('subsidy-programmes/:id')
  @AccessOf(Subjects.subsidies.programmesGet)
  @ApiOperation({ summary: 'One subsidy programme (补助项目详情)' })
  @ApiOkResponse({ type: ProgrammeResponseDto })
  getProgramme(@Param('id', ParseUUIDPipe) id: string, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.subsidies.programmesGet, { id }, meta);
  }

  @Post('subsidy-claims')
  @Idempotent()
  @AccessOf(Subjects.subsidies.claimsCreate)
  @ApiOperation({
    summary: 'File a subsidy claim (补助申请) as a draft',
    description:
      'Items are the verified counts of the period, per date, brand and direction: the centre’s current count passing the logic ' +
      'checks (programme verification counts), or the smaller of it and the waybills uploaded by courier organisations of that brand ' +
      '(verification waybills). A count (county, date, brand, direction) belongs to at most one claim that is not returned, across ' +
      'programmes and years: counts held by another claim are left out and named (shortfall claimed_elsewhere). Every line gives ' +
      'reported and verified items and, where they differ, why. A claim paying nothing is kept as a draft but cannot be submitted. ' +
      `gross = Σ items × the county’s rate. ${ROUNDING} A period may not overlap another open claim of the programme and county (409).`,
  })
  @ApiOkResponse({ type: ClaimResponseDto })
  createClaim(@Body() body: CreateClaimRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.subsidies.claimsCreate, body, meta);
  }

  @Get('subsidy-claims')
  @AccessOf(Subjects.subsidies.claimsList)
  @ApiOperation({ summary: 'Subsidy claims in scope (补助申请列表)' })
  @ApiOkResponse({ type: ClaimPageDto })
  listClaims(@Query() query: ListClaimsRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.subsidies.claimsList, query, meta);
  }

  @Get('subsidy-claims/reconciliation')
  @AccessOf(Subjects.subsidies.claimsReconciliation)
  @ApiOperation({
    summary: 'Reconciliation of approved and paid claims per county with vouchers (拨付对账): JSON, CSV or XLSX',
    description: '`format=json` (default), `csv` (one row per claim) or `xlsx` (claims and county totals). Staff: their own region and below.',
  })
  @ApiExtraModels(ReconciliationDto)
  @ApiProduces('application/json', 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({
    description: 'JSON reconciliation, or the CSV or XLSX file',
    schema: { oneOf: [{ $ref: getSchemaPath(ReconciliationDto) }, { type: 'string', format: 'binary' }] },
  })
  async reconciliation(@Query() query: ReconciliationRequest, @Meta() meta: RequestMeta, @Res({ passthrough: true }) res: FastifyReply) {
    const reply = await this.bus.request(Subjects.subsidies.claimsReconciliation, query, meta);
    if (!('base64' in reply)) return reply;
    res.header('Content-Type', reply.contentType);
    res.header('Content-Disposition', `attachment; filename="${reply.filename}"`);
    return new StreamableFile(Buffer.from(reply.base64, 'base64'));
  }

  @Get('subsidy-claims/:id')
  @AccessOf(Subjects.subsidies.claimsGet)
  @ApiOperation({ summary: 'One claim with its audit trail (补助申请详情及审计记录)' })
  @ApiOkResponse({ type: ClaimDetailDto })
  getClaim(@Param('id', ParseUUIDPipe) id: string, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.subsidies.claimsGet, { id }, meta);
  }

  @Get('subsidy-claims/:id/statement')
  @AccessOf(Subjects.subsidies.claimsStatement)
  @ApiOperation({ summary: 'The claim’s statement as an XLSX workbook (补助结算单)' })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({ description: 'XLSX workbook', schema: { type: 'string', format: 'binary' } })
  async statement(@Param('id', ParseUUIDPipe) id: string, @Meta() meta: RequestMeta, @Res({ passthrough: true }) res: FastifyReply) {
    const file = await this.bus.request(Subjects.subsidies.claimsStatement, { id }, meta);
    res.header('Content-Type', file.contentType);
    res.header('Content-Disposition', `attachment; filename="${file.filename}"`);
    return new StreamableFile(Buffer.from(file.base64, 'base64'));
  }

  @Post('subsidy-claims/:id/submit')
  @HttpCode(200)
  @AccessOf(Subjects.subsidies.claimsTransition, Role.Admin, Role.CountyCentre)
  @ApiOperation({ summary: 'Submit a draft claim (县级提交): the county centre of its county; a claim paying nothing is refused (422 NOTHING_TO_PAY)' })
  @ApiOkResponse({ type: ClaimResponseDto })
  submit(@Param('id', ParseUUIDPipe) id: string, @Meta() meta: RequestMeta) {
    return this.step(id, 'submit', meta);
  }

  @Post('subsidy-claims/:id/review')
  @HttpCode(200)
  @AccessOf(Subjects.subsidies.claimsTransition, Role.Admin, Role.Staff)
  @ApiOperation({ summary: 'Review a submitted claim (市级审核): staff of the city containing the county' })
  @ApiOkResponse({ type: ClaimResponseDto })
  review(@Param('id', ParseUUIDPipe) id: string, @Meta() meta: RequestMeta) {
    return this.step(id, 'review', meta);
  }

  @Post('subsidy-claims/:id/approve')
  @HttpCode(200)
  @AccessOf(Subjects.subsidies.claimsTransition, Role.Admin, Role.Staff)
  @ApiOperation({
    summary: 'Approve a reviewed claim (省级批准): admin or province staff; locks the period’s counts',
    description:
      'Under the lock of the programme and county: 422 CLAIM_STALE when the verified items changed since filing, 422 HEADROOM_SHRUNK when ' +
      'the approved and paid claims since filing leave less ceiling or budget headroom than the claim’s amount (return it and file again).',
  })
  @ApiOkResponse({ type: ClaimResponseDto })
  approve(@Param('id', ParseUUIDPipe) id: string, @Meta() meta: RequestMeta) {
    return this.step(id, 'approve', meta);
  }

  @Post('subsidy-claims/:id/pay')
  @HttpCode(200)
  @AccessOf(Subjects.subsidies.claimsTransition, Role.Admin, Role.Staff)
  @ApiOperation({
    summary: 'Record payment of an approved claim with its voucher (拨付): admin or province staff',
    description: 'The voucher’s amountFen must equal the approved amount (422 PAYMENT_AMOUNT_MISMATCH); without a voucher 400.',
  })
  @ApiOkResponse({ type: ClaimResponseDto })
  pay(@Param('id', ParseUUIDPipe) id: string, @Body() body: PayClaimBodyDto, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.subsidies.claimsTransition, { id, action: 'pay', payment: body }, meta);
  }

  @Post('subsidy-claims/:id/return')
  @HttpCode(200)
  @AccessOf(Subjects.subsidies.claimsTransition)
  @ApiOperation({ summary: 'Return a claim with a reason (退回): whoever holds it — county (draft), city or province (submitted), province (reviewed)' })
  @ApiOkResponse({ type: ClaimResponseDto })
  returnClaim(@Param('id', ParseUUIDPipe) id: string, @Body() body: ReturnClaimBodyDto, @Meta() meta: RequestMeta) {
    return this.step(id, 'return', meta, body.reason);
  }

  @Get('data-quality')
  @AccessOf(Subjects.subsidies.dataQuality)
  @ApiOperation({
    summary: 'Data-quality indicators of the county centres’ reporting (数据质量指标)',
    description:
      'After the monitoring indicator system of seed 002. Logic checks: weight without items; weight per item outside 0.01–50 kg; ' +
      'items of one brand and direction above the centre’s declared daily capacity. Rates are shares 0–1 (null with nothing to measure).',
  })
  @ApiOkResponse({ type: DataQualityResponseDto })
  dataQuality(@Query() query: DataQualityRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.subsidies.dataQuality, query, meta);
  }

  private step(id: string, action: ClaimAction, meta: RequestMeta, reason?: string) {
    return this.bus.request(Subjects.subsidies.claimsTransition, { id, action, ...(reason ? { reason } : {}) }, meta);
  }
}
