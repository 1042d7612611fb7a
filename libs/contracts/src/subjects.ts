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
  coldChain: {
    health: 'cold-chain.health.ping',
    facilitiesCreate: 'cold-chain.facilities.create',
    facilitiesList: 'cold-chain.facilities.list',
    facilitiesGet: 'cold-chain.facilities.get',
    facilitiesUpdate: 'cold-chain.facilities.update',
    facilitiesTree: 'cold-chain.facilities.tree',
    facilitiesImport: 'cold-chain.facilities.import',
    facilitiesExport: 'cold-chain.facilities.export',
    statusChange: 'cold-chain.status.change',
    reportsFile: 'cold-chain.reports.file',
    reportsList: 'cold-chain.reports.list',
    progressGet: 'cold-chain.progress.get',
    majorCountiesList: 'cold-chain.major-counties.list',
    majorCountiesSet: 'cold-chain.major-counties.set',
    capacityMap: 'cold-chain.capacity.map',
    capacityGaps: 'cold-chain.capacity.gaps',
    referenceGet: 'cold-chain.reference.get',
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
