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
  },
  outlets: {
    health: 'outlets.health.ping',
    outletsFile: 'outlets.outlets.file',
    outletsList: 'outlets.outlets.list',
    outletsGet: 'outlets.outlets.get',
    outletsDecide: 'outlets.outlets.decide',
    outletsNotify: 'outlets.outlets.notify',
    outletsChange: 'outlets.outlets.change',
    outletsClose: 'outlets.outlets.close',
    outletsReceipt: 'outlets.outlets.receipt',
    filingsOverdue: 'outlets.filings.overdue',
    usageReport: 'outlets.usage.report',
    usageList: 'outlets.usage.list',
    usageSummary: 'outlets.usage.summary',
    coverageGet: 'outlets.coverage.get',
    duplicatesList: 'outlets.duplicates.list',
    duplicatesReview: 'outlets.duplicates.review',
  },
  subsidies: {
    health: 'subsidies.health.ping',
    centresCreate: 'subsidies.centres.create',
    centresList: 'subsidies.centres.list',
    countsIngest: 'subsidies.counts.ingest',
    countsList: 'subsidies.counts.list',
    waybillsIngest: 'subsidies.waybills.ingest',
    programmesCreate: 'subsidies.programmes.create',
    programmesList: 'subsidies.programmes.list',
    programmesGet: 'subsidies.programmes.get',
    claimsCreate: 'subsidies.claims.create',
    claimsList: 'subsidies.claims.list',
    claimsGet: 'subsidies.claims.get',
    claimsTransition: 'subsidies.claims.transition',
    claimsStatement: 'subsidies.claims.statement',
    dataQuality: 'subsidies.data-quality.get',
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
