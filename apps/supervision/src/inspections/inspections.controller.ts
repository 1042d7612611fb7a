import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import {
  CreateDrawRequest,
  CreateInspectorMessage,
  DrawIdRequest,
  ListDrawsQuery,
  ListInspectorsQuery,
  PublicInspectionsQuery,
  RecordResultMessage,
  Subjects,
} from '@app/contracts';
import { caller, Data, Meta, type RequestMeta } from '@app/messaging';
import { InspectionsService } from './inspections.service.js';

@Controller()
export class InspectionsController {
  constructor(private readonly inspections: InspectionsService) {}

  @MessagePattern(Subjects.supervision.inspectorsCreate)
  createInspector(@Data() input: CreateInspectorMessage, @Meta() meta: RequestMeta) {
    return this.inspections.createInspector(input, meta);
  }

  @MessagePattern(Subjects.supervision.inspectorsList)
  listInspectors(@Data() query: ListInspectorsQuery) {
    return this.inspections.listInspectors(query);
  }

  @MessagePattern(Subjects.supervision.drawsCreate)
  createDraw(@Data() input: CreateDrawRequest, @Meta() meta: RequestMeta) {
    return this.inspections.createDraw(input, caller(meta), meta);
  }

  @MessagePattern(Subjects.supervision.drawsList)
  listDraws(@Data() query: ListDrawsQuery, @Meta() meta: RequestMeta) {
    return this.inspections.listDraws(query, caller(meta));
  }

  @MessagePattern(Subjects.supervision.drawsGet)
  getDraw(@Data() input: DrawIdRequest, @Meta() meta: RequestMeta) {
    return this.inspections.getDraw(input.id, caller(meta));
  }

  @MessagePattern(Subjects.supervision.drawsVerify)
  verify(@Data() input: DrawIdRequest, @Meta() meta: RequestMeta) {
    return this.inspections.verify(input.id, caller(meta));
  }

  @MessagePattern(Subjects.supervision.inspectionResultsRecord)
  record(@Data() input: RecordResultMessage, @Meta() meta: RequestMeta) {
    return this.inspections.recordResult(input, caller(meta), meta);
  }

  /** Public (一公开): no principal needed. */
  @MessagePattern(Subjects.supervision.inspectionsPublicList)
  publicList(@Data() query: PublicInspectionsQuery) {
    return this.inspections.publicList(query);
  }
}
