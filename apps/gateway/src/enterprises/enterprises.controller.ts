import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  BrandDto,
  BrandListDto,
  CreateEnterpriseRequest,
  EnterprisePageDto,
  LicenceLapseRunDto,
  EnterpriseResponseDto,
  ListEnterprisesRequest,
  RevokeLicenceRequest,
  Subjects,
} from '@app/contracts';
import { RequestMeta, ServiceRequester } from '@app/messaging';
import { AccessOf } from '../auth/access.decorator.js';
import { Meta } from '../auth/request-context.js';
import { Idempotent } from '../idempotency/idempotency.js';

@ApiTags('enterprises (快递企业)')
@Controller()
export class EnterprisesController {
  constructor(private readonly bus: ServiceRequester) {}

  @Post('enterprises')
  @Idempotent()
  @AccessOf(Subjects.supervision.enterprisesCreate)
  @ApiOperation({ summary: 'Register an express enterprise with its licence (快递企业登记)' })
  @ApiOkResponse({ type: EnterpriseResponseDto })
  create(@Body() body: CreateEnterpriseRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.enterprisesCreate, body, meta);
  }

  @Get('enterprises')
  @AccessOf(Subjects.supervision.enterprisesList)
  @ApiOperation({ summary: 'Enterprise registry with licence status (快递企业名录)' })
  @ApiOkResponse({ type: EnterprisePageDto })
  list(@Query() query: ListEnterprisesRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.enterprisesList, query, meta);
  }

  @Post('enterprises/licence-lapses')
  @HttpCode(200)
  @AccessOf(Subjects.supervision.licenceLapsesRun)
  @ApiOperation({
    summary:
      'Run the licence lapse job now (许可到期、注销失效检查): every expired or cancelled licence not yet announced lapses its holder’s outlet filings; the job also runs by itself every hour',
  })
  @ApiOkResponse({ type: LicenceLapseRunDto })
  runLicenceLapses(@Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.licenceLapsesRun, {}, meta);
  }

  @Get('enterprises/:id')
  @AccessOf(Subjects.supervision.enterprisesGet)
  @ApiOperation({ summary: 'One enterprise (企业详情)' })
  @ApiOkResponse({ type: EnterpriseResponseDto })
  get(@Param('id', ParseUUIDPipe) id: string, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.enterprisesGet, { id }, meta);
  }

  @Post('enterprises/:id/licence/revocation')
  @Idempotent()
  @HttpCode(200)
  @AccessOf(Subjects.supervision.licenceRevoke)
  @ApiOperation({ summary: 'Revoke the express business licence (吊销快递业务经营许可); audited, and announced to the outlets service' })
  @ApiOkResponse({ type: EnterpriseResponseDto })
  revoke(@Param('id', ParseUUIDPipe) id: string, @Body() body: RevokeLicenceRequest, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.licenceRevoke, { ...body, id }, meta);
  }

  @Get('brands')
  @AccessOf(Subjects.supervision.brandsList)
  @ApiOperation({ summary: 'Courier brand code table (快递品牌代码表)' })
  @ApiOkResponse({ type: BrandListDto })
  brands(@Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.brandsList, {}, meta);
  }

  @Post('brands')
  @Idempotent()
  @AccessOf(Subjects.supervision.brandsCreate)
  @ApiOperation({ summary: 'Add a courier brand (新增品牌)' })
  @ApiOkResponse({ type: BrandDto })
  addBrand(@Body() body: BrandDto, @Meta() meta: RequestMeta) {
    return this.bus.request(Subjects.supervision.brandsCreate, body, meta);
  }
}
