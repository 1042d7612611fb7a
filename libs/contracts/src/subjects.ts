/**
 * Every NATS subject in one place. Requests are `<service>.<resource>.<verb>`, events
 * `<service>.<entity>.<past-tense-event>`; a payload that changes incompatibly gets a
 * version suffix.
 */
export const Subjects = {
  supervision: {
    health: 'supervision.health.ping',
    enterprisesCreate: 'supervision.enterprises.create',
    enterprisesList: 'supervision.enterprises.list',
    enterprisesGet: 'supervision.enterprises.get',
    licencesCheck: 'supervision.licences.check',
    brandsList: 'supervision.brands.list',
    brandsCreate: 'supervision.brands.create',
    licenceRevoke: 'supervision.licences.revoke',
    overviewGet: 'supervision.overview.get',
    indicatorsGet: 'supervision.indicators.get',
    targetsList: 'supervision.targets.list',
    targetsCreate: 'supervision.targets.create',
    targetsUpdate: 'supervision.targets.update',
    readModelsRebuild: 'supervision.read-models.rebuild',
    actionsGet: 'supervision.actions.get',
    inspectorsCreate: 'supervision.inspectors.create',
    inspectorsList: 'supervision.inspectors.list',
    drawsCreate: 'supervision.draws.create',
    drawsList: 'supervision.draws.list',
    drawsGet: 'supervision.draws.get',
    drawsVerify: 'supervision.draws.verify',
    inspectionResultsRecord: 'supervision.inspection-results.record',
    inspectionsPublicList: 'supervision.inspections.public-list',
    creditRecordsCreate: 'supervision.credit-records.create',
    creditGet: 'supervision.credit.get',
    /** other services consult the credit standing (and joint-discipline flag) of enterprises */
    creditCheck: 'supervision.credit.check',
    jointDisciplineList: 'supervision.joint-discipline.list',
    incidentsCreate: 'supervision.incidents.create',
    incidentsList: 'supervision.incidents.list',
    incidentsGet: 'supervision.incidents.get',
    incidentsStatus: 'supervision.incidents.status',
    incidentsDispatch: 'supervision.incidents.dispatch',
    dispatchRelease: 'supervision.dispatches.release',
    resourcesCreate: 'supervision.resources.create',
    resourcesList: 'supervision.resources.list',
  },
  green: {
    reportsSubmit: 'green.reports.submit',
    reportsUpload: 'green.reports.upload',
    reportsList: 'green.reports.list',
    reportsGet: 'green.reports.get',
    reportsDecide: 'green.reports.decide',
    templateGet: 'green.template.get',
    summaryGet: 'green.summary.get',
    summaryExport: 'green.summary.export',
    filingStatusGet: 'green.filing-status.get',
    deadlinesList: 'green.deadlines.list',
    deadlinesSet: 'green.deadlines.set',
    factorSetsList: 'green.factor-sets.list',
  },
} as const;

/** The services behind the gateway, each a NATS queue group of the same name. */
export const SERVICES = ['outlets', 'subsidies', 'cold-chain', 'green', 'supervision'] as const;
export type ServiceName = (typeof SERVICES)[number];
