import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import {
  CreateIncidentRequest,
  CreateResourceRequest,
  DispatchMessage,
  IncidentIdRequest,
  IncidentStatusMessage,
  ListIncidentsQuery,
  ListResourcesQuery,
  ReleaseDispatchMessage,
  Subjects,
} from '@app/contracts';
import { caller, Data, Meta, type RequestMeta } from '@app/messaging';
import { IncidentsService } from './incidents.service.js';

@Controller()
export class IncidentsController {
  constructor(private readonly incidents: IncidentsService) {}

  @MessagePattern(Subjects.supervision.incidentsCreate)
  create(@Data() input: CreateIncidentRequest, @Meta() meta: RequestMeta) {
    return this.incidents.create(input, caller(meta), meta);
  }

  @MessagePattern(Subjects.supervision.incidentsList)
  list(@Data() query: ListIncidentsQuery, @Meta() meta: RequestMeta) {
    return this.incidents.list(query, caller(meta));
  }

  @MessagePattern(Subjects.supervision.incidentsGet)
  get(@Data() input: IncidentIdRequest, @Meta() meta: RequestMeta) {
    return this.incidents.get(input.id, caller(meta));
  }

  @MessagePattern(Subjects.supervision.incidentsStatus)
  status(@Data() input: IncidentStatusMessage, @Meta() meta: RequestMeta) {
    return this.incidents.setStatus(input, caller(meta), meta);
  }

  @MessagePattern(Subjects.supervision.incidentsDispatch)
  dispatch(@Data() input: DispatchMessage, @Meta() meta: RequestMeta) {
    return this.incidents.dispatch(input, caller(meta), meta);
  }

  @MessagePattern(Subjects.supervision.dispatchRelease)
  release(@Data() input: ReleaseDispatchMessage, @Meta() meta: RequestMeta) {
    return this.incidents.release(input, caller(meta), meta);
  }

  @MessagePattern(Subjects.supervision.resourcesCreate)
  createResource(@Data() input: CreateResourceRequest, @Meta() meta: RequestMeta) {
    return this.incidents.createResource(input, caller(meta), meta);
  }

  @MessagePattern(Subjects.supervision.resourcesList)
  listResources(@Data() query: ListResourcesQuery, @Meta() meta: RequestMeta) {
    return this.incidents.listResources(query, caller(meta));
  }
}
