import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ListVehiclesQuery, type Principal, RegisterVehicleRequest, Subjects, VehicleDto, VehiclePageDto } from '@app/contracts';
import { RequestMeta, ServiceRequester } from '@app/messaging';
import { AccessOf } from '../auth/access.decorator.js';
import { CurrentPrincipal, Meta } from '../auth/request-context.js';
import { Idempotent } from '../idempotency/idempotency.js';
import { IdentityService } from '../identity/identity.service.js';

@ApiTags('delivery vehicles (快递配送车辆)')
@Controller('delivery-vehicles')
export class VehiclesController {
  constructor(
    private readonly bus: ServiceRequester,
    private readonly identity: IdentityService,
  ) {}

  @Post()
  @Idempotent()
  @AccessOf(Subjects.supervision.vehiclesRegister)
  @ApiOperation({
    summary: 'Register a delivery vehicle: plate, new energy or not, uniform number and markings, pass status (登记快递配送车辆), seed 001 §30',
    description:
      'A courier registers its own enterprise’s vehicles (the registered enterprise with its organisation’s credit code); staff name the enterprise and a region of theirs. ' +
      'Plates are checked as ordinary (7 characters) or new-energy (8) plates; a new-energy plate must be declared new energy (422 INVALID_PLATE). A plate is registered once (409 PLATE_REGISTERED).',
  })
  @ApiOkResponse({ type: VehicleDto })
  async register(@Body() body: RegisterVehicleRequest, @CurrentPrincipal() principal: Principal, @Meta() meta: RequestMeta) {
    const courierUscc = await this.identity.courierUscc(principal);
    return this.bus.request(Subjects.supervision.vehiclesRegister, { ...body, courierUscc }, meta);
  }

  @Get()
  @AccessOf(Subjects.supervision.vehiclesList)
  @ApiOperation({ summary: 'Delivery vehicles, newest first (快递配送车辆); a courier sees its own enterprise’s, staff their region’s' })
  @ApiOkResponse({ type: VehiclePageDto })
  async list(@Query() query: ListVehiclesQuery, @CurrentPrincipal() principal: Principal, @Meta() meta: RequestMeta) {
    const courierUscc = await this.identity.courierUscc(principal);
    return this.bus.request(Subjects.supervision.vehiclesList, { ...query, courierUscc }, meta);
  }
}
