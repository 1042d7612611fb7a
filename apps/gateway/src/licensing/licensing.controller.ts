import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import {
  BranchDto,
  BranchListDto,
  ComplaintDto,
  ComplaintPageDto,
  ComplaintRectificationRequest,
  ComplaintInspectionRequest,
  ComplaintReceiptDto,
  ComplaintStepRequest,
  CreateBranchRequest,
  CreateComplaintRequest,
  CreateLicenceApplicationRequest,
  DomainError,
  GrantLicenceApplicationRequest,
  LICENCE_FILE_TYPES,
  LicenceApplicationDto,
  LicenceApplicationPageDto,
  LicenceApplicationStep,
  LicenceFileDto,
  LicenceFileQuery,
  ListComplaintsRequest,
  ListLicenceApplicationsRequest,
  MAX_LICENCE_FILE_BYTES,
  RefuseLicenceApplicationRequest,
  ResubmitLicenceApplicationRequest,
  ReturnLicenceApplicationRequest,
  Role,
  Subjects,
} from '@app/contracts';
import { RequestMeta, ServiceRequester } from '@app/messaging';
import { AccessOf } from '../auth/access.decorator.js';
import { Meta } from '../auth/request-context.js';
import { PublicWriteRateLimit } from '../auth/rate-limit.js';
import { Idempotent } from '../idempotency/idempotency.js';
import { IdentityService } from '../identity/identity.service.js';

const MATERIAL_TYPES = LICENCE_FILE_TYPES.join(', ');

/**
 * Licence matters online in one place (许可备案事项网上统一办理): licence applications with
 * their material files, branches and business offices, and complaints from the public.
 */
@ApiTags('licence matters (许可备案事项)')
@Controller()
export class LicensingController {
  constructor(
    private readonly bus: ServiceRequester,
    private readonly identity: IdentityService,
  ) {}

  @Post('licence-applications')
  @Idempotent()
  @AccessOf(Subjects.supervision.licenceApplicationsCreate)
  @ApiOperation({
    summary: 'Apply for an express business licence, or its change, renewal or cancellation (快递业务经营许可申请)',
    description:
      'A courier applies for the credit code its organisation is tied to (a new applicant gets such an organisation first); the admin names `uscc`. ' +
      'The answer carries the application number, the next step and the date it is due, counted in working days.',
  })
  @ApiCreatedResponse({ type: LicenceApplicationDto })
  async create(@Body() body: CreateLicenceApplicationRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.licenceApplicationsCreate, { ...body, actingUscc: await this.identity.courierUscc(meta.principal) }, meta);
  }

  @Get('licence-applications')
  @AccessOf(Subjects.supervision.licenceApplicationsList)
  @ApiOperation({ summary: 'Licence applications (许可申请列表): staff those to their administration and below, a courier its own' })
  @ApiOkResponse({ type: LicenceApplicationPageDto })
  async list(@Query() query: ListLicenceApplicationsRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.licenceApplicationsList, { ...query, actingUscc: await this.identity.courierUscc(meta.principal) }, meta);
  }

  @Get('licence-applications/:id')
  @AccessOf(Subjects.supervision.licenceApplicationsGet)
  @ApiOperation({ summary: 'One licence application with its files and steps (许可申请详情)' })
  @ApiOkResponse({ type: LicenceApplicationDto })
  async get(@Param('id', ParseUUIDPipe) id: string, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.licenceApplicationsGet, { id, actingUscc: await this.identity.courierUscc(meta.principal) }, meta);
  }

  @Post('licence-applications/:id/accept')
  @HttpCode(200)
  @AccessOf(Subjects.supervision.licenceApplicationsStep, Role.Staff, Role.Admin)
  @ApiOperation({ summary: 'Accept the application for processing (受理); the decision is then due in working days' })
  @ApiOkResponse({ type: LicenceApplicationDto })
  accept(@Param('id', ParseUUIDPipe) id: string, @Meta() meta: RequestMeta) {
    return this.step(id, 'accept', {}, meta);
  }

  @Post('licence-applications/:id/return')
  @HttpCode(200)
  @AccessOf(Subjects.supervision.licenceApplicationsStep, Role.Staff, Role.Admin)
  @ApiOperation({ summary: 'Return the application once with everything that is missing (一次性告知补正); a second return is 422' })
  @ApiOkResponse({ type: LicenceApplicationDto })
  returnForMaterial(@Param('id', ParseUUIDPipe) id: string, @Body() body: ReturnLicenceApplicationRequest, @Meta() meta: RequestMeta) {
    return this.step(id, 'return', { missing: body.missing }, meta);
  }

  @Post('licence-applications/:id/resubmit')
  @HttpCode(200)
  @AccessOf(Subjects.supervision.licenceApplicationsStep, Role.Courier, Role.Admin)
  @ApiOperation({ summary: 'Resubmit a returned application with the missing material (补正后重新提交)' })
  @ApiOkResponse({ type: LicenceApplicationDto })
  async resubmit(@Param('id', ParseUUIDPipe) id: string, @Body() body: ResubmitLicenceApplicationRequest, @Meta() meta: RequestMeta) {
    return this.step(id, 'resubmit', { material: body.material, note: body.note, actingUscc: await this.identity.courierUscc(meta.principal) }, meta);
  }

  @Post('licence-applications/:id/grant')
  @HttpCode(200)
  @AccessOf(Subjects.supervision.licenceApplicationsStep, Role.Staff, Role.Admin)
  @ApiOperation({
    summary: 'Grant (准予许可): writes the enterprise registry',
    description:
      'A new licence registers the enterprise; a change or renewal updates its licence; a cancellation ends it (注销) and lapses its outlet filings.',
  })
  @ApiOkResponse({ type: LicenceApplicationDto })
  grant(@Param('id', ParseUUIDPipe) id: string, @Body() body: GrantLicenceApplicationRequest, @Meta() meta: RequestMeta) {
    return this.step(id, 'grant', { ...body }, meta);
  }

  @Post('licence-applications/:id/refuse')
  @HttpCode(200)
  @AccessOf(Subjects.supervision.licenceApplicationsStep, Role.Staff, Role.Admin)
  @ApiOperation({ summary: 'Refuse with reasons (不予许可)' })
  @ApiOkResponse({ type: LicenceApplicationDto })
  refuse(@Param('id', ParseUUIDPipe) id: string, @Body() body: RefuseLicenceApplicationRequest, @Meta() meta: RequestMeta) {
    return this.step(id, 'refuse', { reason: body.reason }, meta);
  }

  @Post('licence-applications/:id/files')
  @AccessOf(Subjects.supervision.licenceFilesUpload)
  @ApiOperation({
    summary: 'Upload a material file (上传申请材料)',
    description: `Body: the file itself, ${MATERIAL_TYPES}, at most ${MAX_LICENCE_FILE_BYTES} bytes; its type is judged by its content, not its name (415 otherwise, 413 when larger).`,
  })
  @ApiConsumes(...LICENCE_FILE_TYPES)
  @ApiBody({ description: 'The file', schema: { type: 'string', format: 'binary', maxLength: MAX_LICENCE_FILE_BYTES } })
  @ApiCreatedResponse({ type: LicenceFileDto })
  async upload(@Param('id', ParseUUIDPipe) id: string, @Query() query: LicenceFileQuery, @Req() req: FastifyRequest, @Meta() meta: RequestMeta) {
    const body: unknown = req.body;
    if (!Buffer.isBuffer(body) || body.length === 0)
      throw new DomainError(415, 'UNSUPPORTED_MEDIA_TYPE', `send the file as the request body with Content-Type ${MATERIAL_TYPES}`);
    if (body.length > MAX_LICENCE_FILE_BYTES) {
      throw new DomainError(413, 'PAYLOAD_TOO_LARGE', `the file is ${body.length} bytes; a material file takes at most ${MAX_LICENCE_FILE_BYTES}`);
    }
    return this.bus.request(
      Subjects.supervision.licenceFilesUpload,
      {
        id,
        materialKind: query.materialKind,
        filename: query.filename ?? `${query.materialKind}`,
        base64: body.toString('base64'),
        actingUscc: await this.identity.courierUscc(meta.principal),
      },
      meta,
    );
  }

  @Get('licence-applications/:id/files/:fileId')
  @AccessOf(Subjects.supervision.licenceFilesGet)
  @ApiOperation({ summary: 'Download a material file (下载申请材料): the applicant and the administration of the region applied to' })
  @ApiProduces(...LICENCE_FILE_TYPES)
  @ApiOkResponse({ description: 'the file', schema: { type: 'string', format: 'binary' } })
  async download(@Param('id', ParseUUIDPipe) id: string, @Param('fileId', ParseUUIDPipe) fileId: string, @Meta() meta: RequestMeta): Promise<StreamableFile> {
    const file = await this.bus.request(
      Subjects.supervision.licenceFilesGet,
      { id, fileId, actingUscc: await this.identity.courierUscc(meta.principal) },
      meta,
    );
    const content = Buffer.from(file.base64, 'base64');
    return new StreamableFile(content, {
      type: file.contentType,
      length: content.length,
      disposition: `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
    });
  }

  @Post('enterprises/:id/branches')
  @Idempotent()
  @AccessOf(Subjects.supervision.branchesCreate)
  @ApiOperation({ summary: 'Register a branch or business office of a licensed enterprise (分支机构、营业部备案), with a filing receipt number' })
  @ApiCreatedResponse({ type: BranchDto })
  async createBranch(@Param('id', ParseUUIDPipe) enterpriseId: string, @Body() body: CreateBranchRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.branchesCreate, { ...body, enterpriseId, actingUscc: await this.identity.courierUscc(meta.principal) }, meta);
  }

  @Get('enterprises/:id/branches')
  @AccessOf(Subjects.supervision.branchesList)
  @ApiOperation({ summary: 'Branches and business offices of an enterprise (分支机构、营业部)' })
  @ApiOkResponse({ type: BranchListDto })
  listBranches(@Param('id', ParseUUIDPipe) enterpriseId: string, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.branchesList, { enterpriseId }, meta);
  }

  @Post('public/complaints')
  @PublicWriteRateLimit()
  @AccessOf(Subjects.supervision.complaintsCreate)
  @ApiOperation({
    summary: 'Complain about or report unlawful express operation, without an account (投诉举报)',
    description:
      'Open to anyone, limited per address (429 with Retry-After); the only personal data kept is the optional contact. ' +
      'The answer is the number to quote, nothing of what was sent.',
  })
  @ApiCreatedResponse({ type: ComplaintReceiptDto })
  complain(@Body() body: CreateComplaintRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.complaintsCreate, body, meta);
  }

  @Get('complaints')
  @AccessOf(Subjects.supervision.complaintsList)
  @ApiOperation({ summary: 'Complaints about your region or assigned to it (投诉举报列表)' })
  @ApiOkResponse({ type: ComplaintPageDto })
  listComplaints(@Query() query: ListComplaintsRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.complaintsList, query, meta);
  }

  @Get('complaints/:id')
  @AccessOf(Subjects.supervision.complaintsGet)
  @ApiOperation({ summary: 'One complaint (投诉举报详情)' })
  @ApiOkResponse({ type: ComplaintDto })
  getComplaint(@Param('id', ParseUUIDPipe) id: string, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.complaintsGet, { id }, meta);
  }

  @Post('complaints/:id/assign')
  @HttpCode(200)
  @AccessOf(Subjects.supervision.complaintsStep)
  @ApiOperation({ summary: 'Assign to the administration of a region (分派承办)' })
  @ApiOkResponse({ type: ComplaintDto })
  assign(@Param('id', ParseUUIDPipe) id: string, @Body() body: ComplaintStepRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.complaintsStep, { ...body, id, step: 'assign' }, meta);
  }

  @Post('complaints/:id/respond')
  @HttpCode(200)
  @AccessOf(Subjects.supervision.complaintsStep)
  @ApiOperation({ summary: 'Answer (答复)' })
  @ApiOkResponse({ type: ComplaintDto })
  respond(@Param('id', ParseUUIDPipe) id: string, @Body() body: ComplaintStepRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.complaintsStep, { ...body, id, step: 'respond' }, meta);
  }

  @Post('complaints/:id/close')
  @HttpCode(200)
  @AccessOf(Subjects.supervision.complaintsStep)
  @ApiOperation({ summary: 'Close (办结)' })
  @ApiOkResponse({ type: ComplaintDto })
  close(@Param('id', ParseUUIDPipe) id: string, @Body() body: ComplaintStepRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.complaintsStep, { ...body, id, step: 'close' }, meta);
  }

  @Post('complaints/:id/rectification')
  @HttpCode(200)
  @Idempotent()
  @AccessOf(Subjects.supervision.complaintsRectify)
  @ApiOperation({
    summary: 'Turn the complaint into a rectification order (转为责令整改)',
    description:
      "Opens the order against the enterprise or outlet the complaint names (or the subject given), with the complaint as its source; the complaint becomes `referred` with the order's id.",
  })
  @ApiOkResponse({ type: ComplaintDto })
  rectify(@Param('id', ParseUUIDPipe) id: string, @Body() body: ComplaintRectificationRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.complaintsRectify, { ...body, id }, meta);
  }

  @Post('complaints/:id/inspection')
  @HttpCode(200)
  @Idempotent()
  @AccessOf(Subjects.supervision.complaintsInspect)
  @ApiOperation({
    summary: 'Turn the complaint into an inspection (转为举报核查检查)',
    description:
      "Opens an inspection of the enterprise, branch or outlet the complaint names (or the subject given): its inspectors are drawn by the published algorithm, and its result is recorded like a draw's (`POST /inspections/draws/{id}/items/{itemId}/result`). The complaint becomes `referred` with the inspection's draw id.",
  })
  @ApiOkResponse({ type: ComplaintDto })
  inspect(@Param('id', ParseUUIDPipe) id: string, @Body() body: ComplaintInspectionRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.complaintsInspect, { ...body, id }, meta);
  }

  private step(id: string, step: LicenceApplicationStep, extra: Record<string, unknown>, meta: RequestMeta): Promise<LicenceApplicationDto> {
    return this.bus.request(Subjects.supervision.licenceApplicationsStep, { ...extra, id, step }, meta);
  }
}
