import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { ListVehiclesMessage, RegisterVehicleMessage, Subjects } from '@app/contracts';
import { caller, Data, Meta, type RequestMeta } from '@app/messaging';
import { VehiclesService } from './vehicles.service.js';

@Controller()
export class VehiclesController {
  constructor(private readonly vehicles: VehiclesService) {}

  @MessagePattern(Subjects.supervision.vehiclesRegister)
  register(@Data() input: RegisterVehicleMessage, @Meta() meta: RequestMeta) {
    return this.vehicles.register(input, caller(meta), meta);
  }

  @MessagePattern(Subjects.supervision.vehiclesList)
  list(@Data() query: ListVehiclesMessage, @Meta() meta: RequestMeta) {
    return this.vehicles.list(query, caller(meta));
  }
}
