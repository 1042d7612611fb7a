import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { PageQuery, Principal, Role } from '@app/contracts';
import { Access, Public } from '../auth/access.decorator.js';
import { CurrentPrincipal, Meta } from '../auth/request-context.js';
import type { RequestMeta } from '@app/messaging';
import { LoginRateLimit } from '../auth/rate-limit.js';
import { Idempotent } from '../idempotency/idempotency.js';
import { GatewayConfig } from '../gateway.definition.js';
import { IdentityService } from './identity.service.js';
import {
  ApiKeyPageDto,
  ApiKeyResponseDto,
  ChangePasswordRequestDto,
  CreateApiKeyRequestDto,
  CreatedApiKeyDto,
  CreateOrganisationRequestDto,
  CreateUserRequestDto,
  LoginRequestDto,
  LoginResponseDto,
  OrganisationPageDto,
  OrganisationResponseDto,
  RotateApiKeyRequestDto,
  UpdateUserRequestDto,
  UserResponseDto,
} from './dto/identity.dto.js';

class ApiKeyListQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only the keys of this organisation' })
  @IsOptional()
  @IsUUID()
  orgId?: string;
}

@ApiTags('identity (身份与权限)')
@Controller()
export class IdentityController {
  constructor(
    private readonly identity: IdentityService,
    @Inject(GatewayConfig) private readonly config: GatewayConfig,
  ) {}

  @Post('auth/login')
  @HttpCode(200)
  @Public()
  @LoginRateLimit()
  @ApiOperation({ summary: 'Sign in with user name and password (登录)' })
  @ApiOkResponse({ type: LoginResponseDto })
  login(@Body() body: LoginRequestDto): Promise<LoginResponseDto> {
    return this.identity.login(body.username, body.password, this.config.JWT_TTL_SECONDS);
  }

  @Post('auth/password')
  @HttpCode(200)
  @Access()
  @LoginRateLimit()
  @ApiOperation({ summary: 'Change one’s own password (修改密码); the user’s other tokens stop working, a new one is returned' })
  @ApiOkResponse({ type: LoginResponseDto })
  changePassword(@Body() body: ChangePasswordRequestDto, @CurrentPrincipal() actor: Principal, @Meta() meta: RequestMeta): Promise<LoginResponseDto> {
    return this.identity.changePassword(actor, body.currentPassword, body.newPassword, this.config.JWT_TTL_SECONDS, meta);
  }

  @Post('organisations')
  @Idempotent()
  @Access(Role.Admin)
  @ApiOperation({ summary: 'Create an organisation (新建机构)' })
  @ApiOkResponse({ type: OrganisationResponseDto })
  createOrganisation(@Body() body: CreateOrganisationRequestDto, @Meta() meta: RequestMeta) {
    return this.identity.createOrganisation(body, meta);
  }

  @Get('organisations')
  @Access(Role.Admin, Role.Staff, Role.Auditor)
  @ApiOperation({ summary: 'List organisations (机构列表); staff and auditors see their region' })
  @ApiOkResponse({ type: OrganisationPageDto })
  listOrganisations(@Query() query: PageQuery, @CurrentPrincipal() actor: Principal) {
    return this.identity.listOrganisations(query, actor);
  }

  @Get('organisations/:id')
  @Access()
  @ApiOperation({ summary: 'One organisation; another organisation’s answers 404 unless the caller oversees it' })
  @ApiOkResponse({ type: OrganisationResponseDto })
  getOrganisation(@Param('id', ParseUUIDPipe) id: string, @CurrentPrincipal() actor: Principal) {
    return this.identity.getOrganisation(id, actor);
  }

  @Post('users')
  @Idempotent()
  @Access(Role.Admin)
  @ApiOperation({ summary: 'Create a user (新建用户)' })
  @ApiOkResponse({ type: UserResponseDto })
  createUser(@Body() body: CreateUserRequestDto, @Meta() meta: RequestMeta) {
    return this.identity.createUser(body, meta);
  }

  @Patch('users/:id')
  @Access(Role.Admin)
  @ApiOperation({ summary: 'Disable or enable a user, change the role or region (修改用户); the user’s existing tokens stop working at once' })
  @ApiOkResponse({ type: UserResponseDto })
  updateUser(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateUserRequestDto, @Meta() meta: RequestMeta) {
    return this.identity.updateUser(id, body, meta);
  }

  @Get('users/:id')
  @Access()
  @ApiOperation({ summary: 'One user: admin sees any, others only themselves' })
  @ApiOkResponse({ type: UserResponseDto })
  getUser(@Param('id', ParseUUIDPipe) id: string, @CurrentPrincipal() actor: Principal) {
    return this.identity.getUser(id, actor);
  }

  @Post('api-keys')
  @Idempotent()
  @Access(Role.Admin)
  @ApiOperation({ summary: 'Issue an API key for a machine client (签发API密钥); the key is shown once' })
  @ApiOkResponse({ type: CreatedApiKeyDto })
  createApiKey(@Body() body: CreateApiKeyRequestDto, @Meta() meta: RequestMeta) {
    return this.identity.createApiKey(body, meta);
  }

  @Get('api-keys')
  @Access(Role.Admin)
  @ApiOperation({ summary: 'List API keys (密钥列表), without the keys themselves' })
  @ApiOkResponse({ type: ApiKeyPageDto })
  listApiKeys(@Query() query: ApiKeyListQuery) {
    return this.identity.listApiKeys(query.orgId, query);
  }

  @Post('api-keys/:id/rotation')
  @HttpCode(201)
  @Access(Role.Admin)
  @ApiOperation({ summary: 'Rotate an API key (轮换密钥): a new key, shown once; the old one stops after the grace period' })
  @ApiOkResponse({ type: CreatedApiKeyDto })
  rotateApiKey(@Param('id', ParseUUIDPipe) id: string, @Body() body: RotateApiKeyRequestDto, @Meta() meta: RequestMeta) {
    return this.identity.rotateApiKey(id, body, meta);
  }

  @Post('api-keys/:id/revoke')
  @HttpCode(200)
  @Access(Role.Admin)
  @ApiOperation({ summary: 'Revoke an API key (吊销密钥); it stops working at once' })
  @ApiOkResponse({ type: ApiKeyResponseDto })
  revokeApiKey(@Param('id', ParseUUIDPipe) id: string, @Meta() meta: RequestMeta) {
    return this.identity.revokeApiKey(id, meta);
  }
}
