import { ALL_ROLES, type Principal, Role } from './principal.js';
import { DomainError } from './problem.js';
import { ROOT_REGION } from './province.js';
import { regionScope } from './scope.js';
import { Subjects } from './subjects.js';
import type {
  AuditPageDto,
  RecordStatisticsMessage,
  StatisticListDto,
  StatisticsQuery,
  AuditQuery,
  ActionsDto,
  ActionsQuery,
  BrandDto,
  BrandListDto,
  CapacityGapListDto,
  CapacityMapDto,
  CapacityQuery,
  ChangeFacilityStatusMessage,
  ClaimDetailDto,
  ClaimPageDto,
  ClaimResponseDto,
  ClaimTransitionRequest,
  ColdChainReferenceDto,
  CountyCentrePageDto,
  CountyCentreResponseDto,
  CoverageDto,
  CoverageRequest,
  CreateClaimRequest,
  CreateCountyCentreRequest,
  CreateCreditRecordRequest,
  CreateDrawRequest,
  CreateEnterpriseRequest,
  CreateFacilityRequest,
  CreateIncidentRequest,
  CreateInspectorMessage,
  CreateProgrammeRequest,
  CreateRectificationRequest,
  CreateCreditSchemeRequest,
  CreditSchemeDto,
  CreditSchemeListDto,
  CreateCreditRepairMessage,
  CreditRepairDecisionMessage,
  CreditRepairDto,
  CreditRepairPageDto,
  ListCreditRepairsMessage,
  CreateResourceRequest,
  CreateTargetRequest,
  CreditCheckRequest,
  CreditCheckResponse,
  CreditRecordDto,
  CreditStandingDto,
  CreditStandingPageDto,
  DataQualityRequest,
  DataQualityResponseDto,
  DispatchMessage,
  DrawDto,
  DrawIdRequest,
  DrawPageDto,
  DrawVerificationDto,
  DuplicateFlagDto,
  DuplicateFlagPageDto,
  DuplicateReviewMessage,
  EnterpriseCreditRequest,
  EnterpriseIdRequest,
  EnterprisePageDto,
  EnterpriseResponseDto,
  LicenceLapseRunDto,
  ExportFacilitiesQuery,
  FacilityDetailDto,
  FacilityIdRequest,
  FacilityPageDto,
  FacilityTablePage,
  FacilityTreeNodeDto,
  FactorSetListDto,
  FileOutletMessage,
  FileReply,
  FileReportMessage,
  GreenDeadlineDto,
  GreenDeadlineListDto,
  GreenDecisionMessage,
  GreenFileDto,
  GreenFilingStatusDto,
  GreenFilingStatusQuery,
  GreenReportIdMessage,
  GreenReportPageDto,
  GreenReportResponseDto,
  GreenSummaryDto,
  GreenYearQuery,
  IdRequest,
  ImportFacilitiesRequest,
  ImportResultDto,
  IncidentDto,
  IncidentIdRequest,
  IncidentPageDto,
  IncidentStatusMessage,
  IndicatorsDto,
  IndicatorsQuery,
  IngestCountsRequest,
  IngestCountsResponseDto,
  InspectorDto,
  InspectorPageDto,
  JointDisciplineQuery,
  LicenceCheckRequest,
  LicenceCheckResponse,
  ListClaimsRequest,
  ListCountyCentresRequest,
  ListDrawsQuery,
  ListDuplicatesRequest,
  ListEnterprisesRequest,
  ListFacilitiesRequest,
  ListGreenReportsMessage,
  ListIncidentsQuery,
  ListInspectorsQuery,
  ListOutletsRequest,
  ListParcelCountsRequest,
  ListProgrammesRequest,
  ListReportsMessage,
  ListResourcesQuery,
  ListTargetsQuery,
  MajorCountyListDto,
  OperatingReportDto,
  OperatingReportListDto,
  OutletChangeMessage,
  OutletClosureMessage,
  OutletDecisionMessage,
  OutletDetailDto,
  OutletIdRequest,
  OutletNoticeMessage,
  OutletPageDto,
  OutletReceiptDto,
  OutletUsageDto,
  OutletUsageRequest,
  OverdueFilingPageDto,
  OverdueFilingsRequest,
  OverviewDto,
  OverviewQuery,
  ParcelCountPageDto,
  PolicyTargetDto,
  PolicyTargetPageDto,
  ProgrammePageDto,
  ProgrammeResponseDto,
  ProgressDto,
  ProgressQuery,
  PublicInspectionPageDto,
  PublicInspectionsQuery,
  RebuildResultDto,
  RectificationDecisionMessage,
  RectificationDto,
  RectificationIdMessage,
  RectificationPageDto,
  RespondRectificationMessage,
  ListRectificationsMessage,
  ListKeySupervisionQuery,
  KeySupervisionPageDto,
  KeySupervisionExitMessage,
  KeySupervisionEntryDto,
  KeySupervisionRuleListDto,
  UpdateKeySupervisionRuleMessage,
  KeySupervisionRuleDto,
  ReconciliationDto,
  ReconciliationRequest,
  RecordResultMessage,
  ReleaseDispatchMessage,
  ResourceDto,
  ResourcePageDto,
  RevokeLicenceMessage,
  SetGreenDeadlineMessage,
  SetMajorCountiesRequest,
  SubmitGreenReportMessage,
  UpdateFacilityMessage,
  UpdateTargetMessage,
  UploadGreenReportMessage,
  UsageReportMessage,
  UsageReportResponseDto,
  UsageSummaryDto,
  UsageSummaryRequest,
  WaybillChunkRequest,
  WaybillChunkResponse,
  BranchDto,
  BranchIdRequest,
  BranchListDto,
  BranchListRequest,
  ComplaintDto,
  ComplaintIdRequest,
  ComplaintPageDto,
  ComplaintReceiptDto,
  ComplaintStepMessage,
  ComplaintRectificationMessage,
  ComplaintInspectionMessage,
  CreateBranchMessage,
  CreateComplaintRequest,
  CreateLicenceApplicationMessage,
  LicenceApplicationDto,
  LicenceApplicationIdMessage,
  LicenceApplicationPageDto,
  LicenceApplicationStepMessage,
  LicenceFileContent,
  LicenceFileDto,
  LicenceFileIdMessage,
  ListComplaintsRequest,
  ListLicenceApplicationsMessage,
  UploadLicenceFileMessage,
} from './index.js';

/**
 * The scope rule of a subject: whose objects a caller of an allowed role may reach.
 * The messaging lib checks the role (and the province rule) before any handler runs; the
 * object-level part (is THIS claim in the caller's region) stays in the service, written
 * with the helpers of scope.ts.
 */
export enum Scope {
  /** anyone, signed in or not (一公开 lists); no principal needed */
  Public = 'public',
  /** service-to-service only (a licence check, a credit check, a health ping): no route of the gateway calls it */
  System = 'system',
  /** registries and reference data of the whole province: every allowed role reads all of it */
  Shared = 'shared',
  /** objects within the caller's region scope (regionScope / mayActIn / overlapsScope) */
  Region = 'region',
  /** a courier reaches its own organisation's objects; every other allowed role those within its region */
  OwnOrg = 'own-org',
  /** province-level callers only: the admin (or anyone whose region scope is the province) */
  Province = 'province',
}

/** No payload. */
export type EmptyRequest = Record<string, never>;

/** A service's health ping answer (`<service>.health.ping`). */
export interface HealthReply {
  service: string;
  /** the process that answered */
  instance: string;
  database: 'up';
}

/** The access of one request subject, with its request and response types (phantom: types only). */
export interface SubjectAccess<Req = unknown, Res = unknown> {
  /** who may call it: empty for Public and System subjects (no role needed) */
  readonly roles: readonly Role[];
  readonly scope: Scope;
  /** other services may also call it without a principal (e.g. a brand table read in the background) */
  readonly systemCalls: boolean;
  /** never set: carries the request and response types for ServiceRequester */
  readonly types?: { request: Req; response: Res };
}

function entry<Req, Res>(roles: readonly Role[], scope: Scope, options: { systemCalls?: boolean } = {}): SubjectAccess<Req, Res> {
  return { roles, scope, systemCalls: options.systemCalls ?? false };
}

/**
 * Who may do what: every NATS request subject of the platform, its access and its request and
 * response types. Services refuse a subject that is not here (libs/messaging AccessGuard), the
 * gateway takes each route's roles from the entry of the subject it calls (@AccessOf), and
 * ServiceRequester takes its types from here.
 */
export const ACCESS = {
  [Subjects.supervision.health]: entry<EmptyRequest, HealthReply>([], Scope.System),
  [Subjects.supervision.auditList]: entry<AuditQuery, AuditPageDto>([Role.Admin, Role.Auditor], Scope.Region),
  [Subjects.supervision.enterprisesCreate]: entry<CreateEnterpriseRequest, EnterpriseResponseDto>([Role.Admin, Role.Staff], Scope.Region),
  [Subjects.supervision.enterprisesList]: entry<ListEnterprisesRequest, EnterprisePageDto>(ALL_ROLES, Scope.Shared, { systemCalls: true }),
  [Subjects.supervision.enterprisesGet]: entry<EnterpriseIdRequest, EnterpriseResponseDto>(ALL_ROLES, Scope.Shared, { systemCalls: true }),
  [Subjects.supervision.licencesCheck]: entry<LicenceCheckRequest, LicenceCheckResponse>([], Scope.System),
  [Subjects.supervision.brandsList]: entry<EmptyRequest, BrandListDto>(ALL_ROLES, Scope.Shared, { systemCalls: true }),
  [Subjects.supervision.brandsCreate]: entry<BrandDto, BrandDto>([Role.Admin], Scope.Province),
  [Subjects.supervision.licenceRevoke]: entry<RevokeLicenceMessage, EnterpriseResponseDto>([Role.Admin, Role.Staff], Scope.Region),
  [Subjects.supervision.overviewGet]: entry<OverviewQuery, OverviewDto>([Role.Admin, Role.Staff, Role.Auditor], Scope.Region),
  [Subjects.supervision.indicatorsGet]: entry<IndicatorsQuery, IndicatorsDto>([Role.Admin, Role.Staff, Role.Auditor], Scope.Region),
  [Subjects.supervision.targetsList]: entry<ListTargetsQuery, PolicyTargetPageDto>([Role.Admin, Role.Staff, Role.Auditor], Scope.Shared),
  [Subjects.supervision.targetsCreate]: entry<CreateTargetRequest, PolicyTargetDto>([Role.Admin], Scope.Province),
  [Subjects.supervision.targetsUpdate]: entry<UpdateTargetMessage, PolicyTargetDto>([Role.Admin], Scope.Province),
  [Subjects.supervision.readModelsRebuild]: entry<EmptyRequest, RebuildResultDto>([Role.Admin], Scope.Province),
  [Subjects.supervision.licenceLapsesRun]: entry<EmptyRequest, LicenceLapseRunDto>([Role.Admin], Scope.Province),
  [Subjects.supervision.actionsGet]: entry<ActionsQuery, ActionsDto>([Role.Admin, Role.Staff, Role.Auditor], Scope.Region),
  [Subjects.supervision.inspectorsCreate]: entry<CreateInspectorMessage, InspectorDto>([Role.Admin], Scope.Province),
  [Subjects.supervision.inspectorsList]: entry<ListInspectorsQuery, InspectorPageDto>([Role.Admin, Role.Staff], Scope.Shared),
  [Subjects.supervision.drawsCreate]: entry<CreateDrawRequest, DrawDto>([Role.Admin, Role.Staff], Scope.Region),
  [Subjects.supervision.drawsList]: entry<ListDrawsQuery, DrawPageDto>([Role.Admin, Role.Staff, Role.Auditor], Scope.Region),
  [Subjects.supervision.drawsGet]: entry<DrawIdRequest, DrawDto>([Role.Admin, Role.Staff, Role.Auditor], Scope.Region),
  [Subjects.supervision.drawsVerify]: entry<DrawIdRequest, DrawVerificationDto>([Role.Admin, Role.Staff, Role.Auditor], Scope.Region),
  [Subjects.supervision.inspectionResultsRecord]: entry<RecordResultMessage, DrawDto>([Role.Admin, Role.Staff], Scope.Region),
  [Subjects.supervision.inspectionsPublicList]: entry<PublicInspectionsQuery, PublicInspectionPageDto>([], Scope.Public),
  [Subjects.supervision.statisticsRecord]: entry<RecordStatisticsMessage, StatisticListDto>([Role.Admin, Role.Staff], Scope.Region),
  [Subjects.supervision.statisticsList]: entry<StatisticsQuery, StatisticListDto>(ALL_ROLES, Scope.Shared),
  [Subjects.supervision.creditRecordsCreate]: entry<CreateCreditRecordRequest, CreditRecordDto>([Role.Admin, Role.Staff], Scope.Region),
  [Subjects.supervision.creditGet]: entry<EnterpriseCreditRequest, CreditStandingDto>([Role.Admin, Role.Staff, Role.Auditor], Scope.Shared),
  [Subjects.supervision.creditCheck]: entry<CreditCheckRequest, CreditCheckResponse>([], Scope.System),
  [Subjects.supervision.jointDisciplineList]: entry<JointDisciplineQuery, CreditStandingPageDto>(ALL_ROLES, Scope.Shared),
  [Subjects.supervision.incidentsCreate]: entry<CreateIncidentRequest, IncidentDto>([Role.Admin, Role.Staff], Scope.Region),
  [Subjects.supervision.incidentsList]: entry<ListIncidentsQuery, IncidentPageDto>([Role.Admin, Role.Staff, Role.Auditor], Scope.Region),
  [Subjects.supervision.incidentsGet]: entry<IncidentIdRequest, IncidentDto>([Role.Admin, Role.Staff, Role.Auditor], Scope.Region),
  [Subjects.supervision.incidentsStatus]: entry<IncidentStatusMessage, IncidentDto>([Role.Admin, Role.Staff], Scope.Region),
  [Subjects.supervision.incidentsDispatch]: entry<DispatchMessage, IncidentDto>([Role.Admin, Role.Staff], Scope.Region),
  [Subjects.supervision.dispatchRelease]: entry<ReleaseDispatchMessage, IncidentDto>([Role.Admin, Role.Staff], Scope.Region),
  [Subjects.supervision.resourcesCreate]: entry<CreateResourceRequest, ResourceDto>([Role.Admin, Role.Staff], Scope.Region),
  [Subjects.supervision.resourcesList]: entry<ListResourcesQuery, ResourcePageDto>([Role.Admin, Role.Staff, Role.Auditor], Scope.Region),
  [Subjects.supervision.licenceApplicationsCreate]: entry<CreateLicenceApplicationMessage, LicenceApplicationDto>([Role.Courier, Role.Admin], Scope.OwnOrg),
  [Subjects.supervision.licenceApplicationsList]: entry<ListLicenceApplicationsMessage, LicenceApplicationPageDto>(
    [Role.Admin, Role.Staff, Role.Auditor, Role.Courier],
    Scope.OwnOrg,
  ),
  [Subjects.supervision.licenceApplicationsGet]: entry<LicenceApplicationIdMessage, LicenceApplicationDto>(
    [Role.Admin, Role.Staff, Role.Auditor, Role.Courier],
    Scope.OwnOrg,
  ),
  [Subjects.supervision.licenceApplicationsStep]: entry<LicenceApplicationStepMessage, LicenceApplicationDto>(
    [Role.Admin, Role.Staff, Role.Courier],
    Scope.OwnOrg,
  ),
  [Subjects.supervision.licenceFilesUpload]: entry<UploadLicenceFileMessage, LicenceFileDto>([Role.Courier, Role.Admin], Scope.OwnOrg),
  [Subjects.supervision.licenceFilesGet]: entry<LicenceFileIdMessage, LicenceFileContent>([Role.Admin, Role.Staff, Role.Courier], Scope.OwnOrg),
  [Subjects.supervision.branchesCreate]: entry<CreateBranchMessage, BranchDto>([Role.Courier, Role.Admin, Role.Staff], Scope.OwnOrg),
  [Subjects.supervision.branchesList]: entry<BranchListRequest, BranchListDto>(ALL_ROLES, Scope.Shared),
  [Subjects.supervision.branchesGet]: entry<BranchIdRequest, BranchDto>([], Scope.System),
  [Subjects.supervision.complaintsCreate]: entry<CreateComplaintRequest, ComplaintReceiptDto>([], Scope.Public),
  [Subjects.supervision.complaintsList]: entry<ListComplaintsRequest, ComplaintPageDto>([Role.Admin, Role.Staff, Role.Auditor], Scope.Region),
  [Subjects.supervision.complaintsGet]: entry<ComplaintIdRequest, ComplaintDto>([Role.Admin, Role.Staff, Role.Auditor], Scope.Region),
  [Subjects.supervision.complaintsStep]: entry<ComplaintStepMessage, ComplaintDto>([Role.Admin, Role.Staff], Scope.Region),
  [Subjects.supervision.complaintsRectify]: entry<ComplaintRectificationMessage, ComplaintDto>([Role.Admin, Role.Staff], Scope.Region),
  [Subjects.supervision.complaintsInspect]: entry<ComplaintInspectionMessage, ComplaintDto>([Role.Admin, Role.Staff], Scope.Region),
  [Subjects.supervision.rectificationsCreate]: entry<CreateRectificationRequest, RectificationDto>([Role.Admin, Role.Staff], Scope.Region),
  [Subjects.supervision.rectificationsList]: entry<ListRectificationsMessage, RectificationPageDto>(ALL_ROLES, Scope.OwnOrg),
  [Subjects.supervision.rectificationsGet]: entry<RectificationIdMessage, RectificationDto>(ALL_ROLES, Scope.OwnOrg),
  [Subjects.supervision.rectificationsRespond]: entry<RespondRectificationMessage, RectificationDto>(
    [Role.Courier, Role.CountyCentre, Role.Admin],
    Scope.OwnOrg,
  ),
  [Subjects.supervision.rectificationsDecide]: entry<RectificationDecisionMessage, RectificationDto>([Role.Admin, Role.Staff], Scope.Region),
  [Subjects.supervision.keySupervisionList]: entry<ListKeySupervisionQuery, KeySupervisionPageDto>([Role.Admin, Role.Staff, Role.Auditor], Scope.Shared),
  [Subjects.supervision.keySupervisionExit]: entry<KeySupervisionExitMessage, KeySupervisionEntryDto>([Role.Admin, Role.Staff], Scope.Province),
  [Subjects.supervision.keySupervisionRulesList]: entry<EmptyRequest, KeySupervisionRuleListDto>([Role.Admin, Role.Staff, Role.Auditor], Scope.Shared),
  [Subjects.supervision.keySupervisionRulesUpdate]: entry<UpdateKeySupervisionRuleMessage, KeySupervisionRuleDto>([Role.Admin], Scope.Province),
  [Subjects.supervision.creditSchemesList]: entry<EmptyRequest, CreditSchemeListDto>(ALL_ROLES, Scope.Shared),
  [Subjects.supervision.creditSchemesCreate]: entry<CreateCreditSchemeRequest, CreditSchemeDto>([Role.Admin], Scope.Province),
  [Subjects.supervision.creditRepairsApply]: entry<CreateCreditRepairMessage, CreditRepairDto>([Role.Courier, Role.Admin], Scope.OwnOrg),
  [Subjects.supervision.creditRepairsDecide]: entry<CreditRepairDecisionMessage, CreditRepairDto>([Role.Admin, Role.Staff], Scope.Region),
  [Subjects.supervision.creditRepairsList]: entry<ListCreditRepairsMessage, CreditRepairPageDto>(
    [Role.Admin, Role.Staff, Role.Auditor, Role.Courier],
    Scope.OwnOrg,
  ),
  [Subjects.outlets.health]: entry<EmptyRequest, HealthReply>([], Scope.System),
  [Subjects.outlets.auditList]: entry<AuditQuery, AuditPageDto>([Role.Admin, Role.Auditor], Scope.Region),
  [Subjects.outlets.outletsFile]: entry<FileOutletMessage, OutletDetailDto>([Role.Courier, Role.Admin], Scope.OwnOrg),
  [Subjects.outlets.outletsList]: entry<ListOutletsRequest, OutletPageDto>(ALL_ROLES, Scope.OwnOrg),
  [Subjects.outlets.outletsGet]: entry<OutletIdRequest, OutletDetailDto>(ALL_ROLES, Scope.OwnOrg),
  [Subjects.outlets.outletsDecide]: entry<OutletDecisionMessage, OutletDetailDto>([Role.Staff, Role.Admin], Scope.Region),
  [Subjects.outlets.outletsNotify]: entry<OutletNoticeMessage, OutletDetailDto>([Role.Staff, Role.Admin], Scope.Region),
  [Subjects.outlets.outletsChange]: entry<OutletChangeMessage, OutletDetailDto>([Role.Courier, Role.Admin], Scope.OwnOrg),
  [Subjects.outlets.outletsClose]: entry<OutletClosureMessage, OutletDetailDto>([Role.Courier, Role.Admin], Scope.OwnOrg),
  [Subjects.outlets.outletsReceipt]: entry<OutletIdRequest, OutletReceiptDto>(ALL_ROLES, Scope.OwnOrg),
  [Subjects.outlets.filingsOverdue]: entry<OverdueFilingsRequest, OverdueFilingPageDto>([Role.Admin, Role.Staff, Role.Auditor, Role.Courier], Scope.OwnOrg),
  [Subjects.outlets.usageReport]: entry<UsageReportMessage, UsageReportResponseDto>([Role.Courier, Role.Admin], Scope.OwnOrg),
  [Subjects.outlets.usageList]: entry<OutletUsageRequest, OutletUsageDto>(ALL_ROLES, Scope.OwnOrg),
  [Subjects.outlets.usageSummary]: entry<UsageSummaryRequest, UsageSummaryDto>(ALL_ROLES, Scope.OwnOrg),
  [Subjects.outlets.coverageGet]: entry<CoverageRequest, CoverageDto>(ALL_ROLES, Scope.Region),
  [Subjects.outlets.duplicatesList]: entry<ListDuplicatesRequest, DuplicateFlagPageDto>([Role.Admin, Role.Staff, Role.Auditor], Scope.Region),
  [Subjects.outlets.duplicatesReview]: entry<DuplicateReviewMessage, DuplicateFlagDto>([Role.Admin, Role.Staff], Scope.Region),
  [Subjects.coldChain.health]: entry<EmptyRequest, HealthReply>([], Scope.System),
  [Subjects.coldChain.auditList]: entry<AuditQuery, AuditPageDto>([Role.Admin, Role.Auditor], Scope.Region),
  [Subjects.coldChain.facilitiesCreate]: entry<CreateFacilityRequest, FacilityDetailDto>([Role.Admin, Role.Staff], Scope.Region),
  [Subjects.coldChain.facilitiesList]: entry<ListFacilitiesRequest, FacilityPageDto>(ALL_ROLES, Scope.Shared),
  [Subjects.coldChain.facilitiesGet]: entry<FacilityIdRequest, FacilityDetailDto>(ALL_ROLES, Scope.Shared),
  [Subjects.coldChain.facilitiesUpdate]: entry<UpdateFacilityMessage, FacilityDetailDto>([Role.Admin, Role.Staff], Scope.Region),
  [Subjects.coldChain.facilitiesTree]: entry<FacilityIdRequest, FacilityTreeNodeDto>(ALL_ROLES, Scope.Shared),
  [Subjects.coldChain.facilitiesImport]: entry<ImportFacilitiesRequest, ImportResultDto>([Role.Admin, Role.Staff], Scope.Region),
  [Subjects.coldChain.facilitiesExport]: entry<ExportFacilitiesQuery, FacilityTablePage>(ALL_ROLES, Scope.Shared),
  [Subjects.coldChain.statusChange]: entry<ChangeFacilityStatusMessage, FacilityDetailDto>([Role.Admin, Role.Staff], Scope.Region),
  [Subjects.coldChain.reportsFile]: entry<FileReportMessage, OperatingReportDto>([Role.Admin, Role.Staff], Scope.Region),
  [Subjects.coldChain.reportsList]: entry<ListReportsMessage, OperatingReportListDto>(ALL_ROLES, Scope.Shared),
  [Subjects.coldChain.progressGet]: entry<ProgressQuery, ProgressDto>(ALL_ROLES, Scope.Shared),
  [Subjects.coldChain.majorCountiesList]: entry<EmptyRequest, MajorCountyListDto>(ALL_ROLES, Scope.Shared),
  [Subjects.coldChain.majorCountiesSet]: entry<SetMajorCountiesRequest, MajorCountyListDto>([Role.Admin], Scope.Province),
  [Subjects.coldChain.capacityMap]: entry<CapacityQuery, CapacityMapDto>(ALL_ROLES, Scope.Shared),
  [Subjects.coldChain.capacityGaps]: entry<CapacityQuery, CapacityGapListDto>(ALL_ROLES, Scope.Shared),
  [Subjects.coldChain.referenceGet]: entry<EmptyRequest, ColdChainReferenceDto>(ALL_ROLES, Scope.Shared),
  [Subjects.subsidies.health]: entry<EmptyRequest, HealthReply>([], Scope.System),
  [Subjects.subsidies.auditList]: entry<AuditQuery, AuditPageDto>([Role.Admin, Role.Auditor], Scope.Region),
  [Subjects.subsidies.centresCreate]: entry<CreateCountyCentreRequest, CountyCentreResponseDto>([Role.Admin], Scope.Province),
  [Subjects.subsidies.centresList]: entry<ListCountyCentresRequest, CountyCentrePageDto>(
    [Role.Admin, Role.Staff, Role.Auditor, Role.CountyCentre],
    Scope.Region,
  ),
  [Subjects.subsidies.countsIngest]: entry<IngestCountsRequest, IngestCountsResponseDto>([Role.Admin, Role.CountyCentre], Scope.Region),
  [Subjects.subsidies.countsList]: entry<ListParcelCountsRequest, ParcelCountPageDto>([Role.Admin, Role.Staff, Role.Auditor, Role.CountyCentre], Scope.Region),
  [Subjects.subsidies.waybillsIngest]: entry<WaybillChunkRequest, WaybillChunkResponse>([Role.Admin, Role.CountyCentre, Role.Courier], Scope.OwnOrg),
  [Subjects.subsidies.programmesCreate]: entry<CreateProgrammeRequest, ProgrammeResponseDto>([Role.Admin], Scope.Province),
  [Subjects.subsidies.programmesList]: entry<ListProgrammesRequest, ProgrammePageDto>([Role.Admin, Role.Staff, Role.Auditor, Role.CountyCentre], Scope.Shared),
  [Subjects.subsidies.programmesGet]: entry<IdRequest, ProgrammeResponseDto>([Role.Admin, Role.Staff, Role.Auditor, Role.CountyCentre], Scope.Shared),
  [Subjects.subsidies.claimsCreate]: entry<CreateClaimRequest, ClaimResponseDto>([Role.Admin, Role.CountyCentre], Scope.Region),
  [Subjects.subsidies.claimsList]: entry<ListClaimsRequest, ClaimPageDto>([Role.Admin, Role.Staff, Role.Auditor, Role.CountyCentre], Scope.Region),
  [Subjects.subsidies.claimsGet]: entry<IdRequest, ClaimDetailDto>([Role.Admin, Role.Staff, Role.Auditor, Role.CountyCentre], Scope.Region),
  [Subjects.subsidies.claimsTransition]: entry<ClaimTransitionRequest, ClaimResponseDto>([Role.Admin, Role.Staff, Role.CountyCentre], Scope.Region),
  [Subjects.subsidies.claimsStatement]: entry<IdRequest, FileReply>([Role.Admin, Role.Staff, Role.Auditor, Role.CountyCentre], Scope.Region),
  [Subjects.subsidies.claimsReconciliation]: entry<ReconciliationRequest, ReconciliationDto | FileReply>([Role.Admin, Role.Staff, Role.Auditor], Scope.Region),
  [Subjects.subsidies.dataQuality]: entry<DataQualityRequest, DataQualityResponseDto>([Role.Admin, Role.Staff], Scope.Region),
  [Subjects.green.health]: entry<EmptyRequest, HealthReply>([], Scope.System),
  [Subjects.green.auditList]: entry<AuditQuery, AuditPageDto>([Role.Admin, Role.Auditor], Scope.Region),
  [Subjects.green.reportsSubmit]: entry<SubmitGreenReportMessage, GreenReportResponseDto>([Role.Courier, Role.Admin], Scope.OwnOrg),
  [Subjects.green.reportsUpload]: entry<UploadGreenReportMessage, GreenReportResponseDto>([Role.Courier, Role.Admin], Scope.OwnOrg),
  [Subjects.green.reportsList]: entry<ListGreenReportsMessage, GreenReportPageDto>([Role.Admin, Role.Staff, Role.Auditor, Role.Courier], Scope.OwnOrg),
  [Subjects.green.reportsGet]: entry<GreenReportIdMessage, GreenReportResponseDto>([Role.Admin, Role.Staff, Role.Auditor, Role.Courier], Scope.OwnOrg),
  [Subjects.green.reportsDecide]: entry<GreenDecisionMessage, GreenReportResponseDto>([Role.Staff, Role.Admin], Scope.Region),
  [Subjects.green.templateGet]: entry<EmptyRequest, GreenFileDto>([Role.Courier, Role.Admin, Role.Staff], Scope.Shared),
  [Subjects.green.summaryGet]: entry<GreenYearQuery, GreenSummaryDto>([Role.Admin, Role.Staff, Role.Auditor], Scope.Region),
  [Subjects.green.summaryExport]: entry<GreenYearQuery, GreenFileDto>([Role.Admin, Role.Staff, Role.Auditor], Scope.Region),
  [Subjects.green.filingStatusGet]: entry<GreenFilingStatusQuery, GreenFilingStatusDto>([Role.Admin, Role.Staff, Role.Auditor], Scope.Region),
  [Subjects.green.deadlinesList]: entry<GreenYearQuery, GreenDeadlineListDto>([Role.Admin, Role.Staff, Role.Auditor, Role.Courier], Scope.Shared),
  [Subjects.green.deadlinesSet]: entry<SetGreenDeadlineMessage, GreenDeadlineDto>([Role.Admin], Scope.Province),
  [Subjects.green.factorSetsList]: entry<EmptyRequest, FactorSetListDto>([Role.Admin, Role.Staff, Role.Auditor, Role.Courier], Scope.Shared),
} as const;

export type AccessTable = typeof ACCESS;
export type RequestSubject = keyof AccessTable;
export type RequestOf<S extends RequestSubject> = NonNullable<AccessTable[S]['types']>['request'];
export type ResponseOf<S extends RequestSubject> = NonNullable<AccessTable[S]['types']>['response'];

/** The entry of a subject; `<service>.health.ping.<instance>` (one process's own ping) shares its service's entry. */
export function accessOf(subject: string): SubjectAccess | undefined {
  if (Object.hasOwn(ACCESS, subject)) return ACCESS[subject as RequestSubject];
  const ping = /^([a-z-]+\.health\.ping)\.[A-Za-z0-9_-]+$/.exec(subject);
  return ping && Object.hasOwn(ACCESS, ping[1]) ? ACCESS[ping[1] as RequestSubject] : undefined;
}

/**
 * Why `principal` may not call `subject`, as the DomainError to answer with; null when it may.
 * A subject without an entry is refused (fail closed): nothing can be forgotten.
 */
export function accessRefusal(subject: string, principal: Principal | null): DomainError | null {
  const access = accessOf(subject);
  if (!access) return new DomainError(403, 'ACCESS_UNDECLARED', `${subject} declares no access`);
  if (access.scope === Scope.Public || access.scope === Scope.System) return null;
  if (!principal) {
    return access.systemCalls ? null : DomainError.forbidden(`${subject} needs a signed-in principal`);
  }
  if (!access.roles.includes(principal.role)) return DomainError.forbidden(`role ${principal.role} may not do this`);
  if (access.scope === Scope.Province && regionScope(principal) !== ROOT_REGION) {
    return new DomainError(403, 'OUTSIDE_SCOPE', `only province-level callers may do this; your region is ${principal.regionCode}`);
  }
  return null;
}
