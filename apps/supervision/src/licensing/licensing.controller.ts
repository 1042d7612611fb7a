import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import {
  BranchIdRequest,
  BranchListRequest,
  ComplaintIdRequest,
  ComplaintRectificationMessage,
  ComplaintInspectionMessage,
  ComplaintStepMessage,
  CreateBranchMessage,
  CreateComplaintRequest,
  CreateLicenceApplicationMessage,
  LicenceApplicationIdMessage,
  LicenceApplicationStepMessage,
  LicenceFileIdMessage,
  ListComplaintsRequest,
  ListLicenceApplicationsMessage,
  Subjects,
  UploadLicenceFileMessage,
} from '@app/contracts';
import { caller, Data, Meta, type RequestMeta } from '@app/messaging';
import { LicenceApplicationsService } from './licence-applications.service.js';
import { BranchesService } from './branches.service.js';
import { ComplaintsService } from './complaints.service.js';

@Controller()
export class LicensingController {
  constructor(
    private readonly applications: LicenceApplicationsService,
    private readonly branches: BranchesService,
    private readonly complaints: ComplaintsService,
  ) {}

  @MessagePattern(Subjects.supervision.licenceApplicationsCreate)
  create(@Data() input: CreateLicenceApplicationMessage, @Meta() meta: RequestMeta) {
    return this.applications.create(input, caller(meta), meta);
  }

  @MessagePattern(Subjects.supervision.licenceApplicationsList)
  list(@Data() input: ListLicenceApplicationsMessage, @Meta() meta: RequestMeta) {
    return this.applications.list(input, caller(meta));
  }

  @MessagePattern(Subjects.supervision.licenceApplicationsGet)
  get(@Data() input: LicenceApplicationIdMessage, @Meta() meta: RequestMeta) {
    return this.applications.get(input, caller(meta));
  }

  @MessagePattern(Subjects.supervision.licenceApplicationsStep)
  step(@Data() input: LicenceApplicationStepMessage, @Meta() meta: RequestMeta) {
    return this.applications.step(input, caller(meta), meta);
  }

  @MessagePattern(Subjects.supervision.licenceFilesUpload)
  upload(@Data() input: UploadLicenceFileMessage, @Meta() meta: RequestMeta) {
    return this.applications.upload(input, caller(meta), meta);
  }

  @MessagePattern(Subjects.supervision.licenceFilesGet)
  download(@Data() input: LicenceFileIdMessage, @Meta() meta: RequestMeta) {
    return this.applications.download(input, caller(meta));
  }

  @MessagePattern(Subjects.supervision.branchesCreate)
  createBranch(@Data() input: CreateBranchMessage, @Meta() meta: RequestMeta) {
    return this.branches.create(input, caller(meta), meta);
  }

  @MessagePattern(Subjects.supervision.branchesList)
  listBranches(@Data() input: BranchListRequest) {
    return this.branches.list(input.enterpriseId);
  }

  @MessagePattern(Subjects.supervision.branchesGet)
  getBranch(@Data() input: BranchIdRequest) {
    return this.branches.get(input.id);
  }

  @MessagePattern(Subjects.supervision.complaintsCreate)
  complain(@Data() input: CreateComplaintRequest, @Meta() meta: RequestMeta) {
    return this.complaints.create(input, meta);
  }

  @MessagePattern(Subjects.supervision.complaintsList)
  listComplaints(@Data() input: ListComplaintsRequest, @Meta() meta: RequestMeta) {
    return this.complaints.list(input, caller(meta));
  }

  @MessagePattern(Subjects.supervision.complaintsGet)
  getComplaint(@Data() input: ComplaintIdRequest, @Meta() meta: RequestMeta) {
    return this.complaints.get(input.id, caller(meta));
  }

  @MessagePattern(Subjects.supervision.complaintsRectify)
  rectify(@Data() input: ComplaintRectificationMessage, @Meta() meta: RequestMeta) {
    return this.complaints.rectify(input, caller(meta), meta);
  }

  @MessagePattern(Subjects.supervision.complaintsInspect)
  inspect(@Data() input: ComplaintInspectionMessage, @Meta() meta: RequestMeta) {
    return this.complaints.inspect(input, caller(meta), meta);
  }

  @MessagePattern(Subjects.supervision.complaintsStep)
  complaintStep(@Data() input: ComplaintStepMessage, @Meta() meta: RequestMeta) {
    return this.complaints.step(input, caller(meta), meta);
  }
}
