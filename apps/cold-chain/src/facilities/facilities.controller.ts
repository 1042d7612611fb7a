import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import {
  ChangeFacilityStatusMessage,
  CreateFacilityRequest,
  ExportFacilitiesQuery,
  FacilityIdRequest,
  ImportFacilitiesRequest,
  ListFacilitiesRequest,
  Subjects,
  UpdateFacilityMessage,
} from '@app/contracts';
import { Data, Meta, type RequestMeta } from '@app/messaging';
import { FacilitiesService } from './facilities.service.js';
import { FacilityTableService } from './facility-table.service.js';

@Controller()
export class FacilitiesController {
  constructor(
    private readonly facilities: FacilitiesService,
    private readonly table: FacilityTableService,
  ) {}

  @MessagePattern(Subjects.coldChain.facilitiesCreate)
  create(@Data() input: CreateFacilityRequest, @Meta() meta: RequestMeta) {
    return this.facilities.create(input, meta);
  }

  @MessagePattern(Subjects.coldChain.facilitiesList)
  list(@Data() query: ListFacilitiesRequest) {
    return this.facilities.list(query);
  }

  @MessagePattern(Subjects.coldChain.facilitiesGet)
  get(@Data() input: FacilityIdRequest) {
    return this.facilities.get(input.id);
  }

  @MessagePattern(Subjects.coldChain.facilitiesTree)
  tree(@Data() input: FacilityIdRequest) {
    return this.facilities.tree(input.id);
  }

  @MessagePattern(Subjects.coldChain.facilitiesUpdate)
  update(@Data() input: UpdateFacilityMessage, @Meta() meta: RequestMeta) {
    return this.facilities.update(input, meta);
  }

  @MessagePattern(Subjects.coldChain.statusChange)
  changeStatus(@Data() input: ChangeFacilityStatusMessage, @Meta() meta: RequestMeta) {
    return this.facilities.changeStatus(input, meta);
  }

  @MessagePattern(Subjects.coldChain.facilitiesImport)
  import(@Data() input: ImportFacilitiesRequest, @Meta() meta: RequestMeta) {
    return this.table.import(input, meta);
  }

  @MessagePattern(Subjects.coldChain.facilitiesExport)
  export(@Data() query: ExportFacilitiesQuery) {
    return this.table.exportPage(query);
  }
}
