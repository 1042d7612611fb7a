import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { CreateEmergencyPlanRequest, ListDrillsQuery, ListEmergencyPlansQuery, RecordDrillRequest, Subjects } from '@app/contracts';
import { caller, Data, Meta, type RequestMeta } from '@app/messaging';
import { EmergencyService } from './emergency.service.js';

@Controller()
export class EmergencyController {
  constructor(private readonly emergency: EmergencyService) {}

  @MessagePattern(Subjects.supervision.emergencyPlansCreate)
  createPlan(@Data() input: CreateEmergencyPlanRequest, @Meta() meta: RequestMeta) {
    return this.emergency.createPlan(input, caller(meta), meta);
  }

  @MessagePattern(Subjects.supervision.emergencyPlansList)
  listPlans(@Data() query: ListEmergencyPlansQuery, @Meta() meta: RequestMeta) {
    return this.emergency.listPlans(query, caller(meta));
  }

  @MessagePattern(Subjects.supervision.emergencyDrillsCreate)
  recordDrill(@Data() input: RecordDrillRequest, @Meta() meta: RequestMeta) {
    return this.emergency.recordDrill(input, caller(meta), meta);
  }

  @MessagePattern(Subjects.supervision.emergencyDrillsList)
  listDrills(@Data() query: ListDrillsQuery, @Meta() meta: RequestMeta) {
    return this.emergency.listDrills(query, caller(meta));
  }
}
