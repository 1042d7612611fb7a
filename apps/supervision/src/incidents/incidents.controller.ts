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
import { Data, Meta, type RequestMeta } from '@app/messaging';
import { ACTORS, READERS, requireRole } from '../common/scope.js';
import { IncidentsService } from './incidents.service.js';

@Controller()
export class IncidentsController {
  constructor(private readonly incidents: IncidentsService) {}

  @MessagePattern(Subjects.supervision.incidentsCreate)
  create(@Data() input: CreateIncidentRequest, @Meta() meta: RequestMeta) {
    return this.incidents.create(input, requireRole(meta.principal, ACTORS), meta);
  }

  @MessagePattern(Subjects.supervision.incidentsList)
  list(@Data() query: ListIncidentsQuery, @Meta() meta: RequestMeta) {
    return this.incidents.list(query, requireRole(meta.principal, READERS));
  }

  @MessagePattern(Subjects.supervision.incidentsGet)
  get(@Data() input: IncidentIdRequest, @Meta() meta: RequestMeta) {
    return this.incidents.get(input.id, requireRole(meta.principal, READERS));
  }

  @MessagePattern(Subjects.supervision.incidentsStatus)
  status(@Data() input: IncidentStatusMessage, @Meta() meta: RequestMeta) {
    return this.incidents.setStatus(input, requireRole(meta.principal, ACTORS), meta);
  }

  @MessagePattern(Subjects.supervision.incidentsDispatch)
  dispatch(@Data() input: DispatchMessage, @Meta() meta: RequestMeta) {
    return this.incidents.dispatch(input, requireRole(meta.principal, ACTORS), meta);
  }

  @MessagePattern(Subjects.supervision.dispatchRelease)
  release(@Data() input: ReleaseDispatchMessage, @Meta() meta: RequestMeta) {
    return this.incidents.release(input, requireRole(meta.principal, ACTORS), meta);
  }

  @MessagePattern(Subjects.supervision.resourcesCreate)
  createResource(@Data() input: CreateResourceRequest, @Meta() meta: RequestMeta) {
    return this.incidents.createResource(input, requireRole(meta.principal, ACTORS), meta);
  }

  @MessagePattern(Subjects.supervision.resourcesList)
  listResources(@Data() query: ListResourcesQuery, @Meta() meta: RequestMeta) {
    return this.incidents.listResources(query, requireRole(meta.principal, READERS));
  }
}
