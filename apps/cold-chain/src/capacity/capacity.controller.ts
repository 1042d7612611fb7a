import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { CapacityQuery, Subjects } from '@app/contracts';
import { Data } from '@app/messaging';
import { CapacityService } from './capacity.service.js';

@Controller()
export class CapacityController {
  constructor(private readonly capacity: CapacityService) {}

  @MessagePattern(Subjects.coldChain.capacityMap)
  map(@Data() query: CapacityQuery) {
    return this.capacity.map(query);
  }

  @MessagePattern(Subjects.coldChain.capacityGaps)
  gaps(@Data() query: CapacityQuery) {
    return this.capacity.gaps(query);
  }
}
