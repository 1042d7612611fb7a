/**
 * The request, message and response classes of every subject (the DTOs), gathered apart from
 * the package's index so that the access table (access.ts, re-exported by the index) can take
 * their types without importing the index back. A new DTO file is exported here, not in index.ts.
 */
export * from './common/page.js';
export * from './common/location.js';
export * from './common/audit.dto.js';
export * from './enterprises/enterprise.dto.js';
export * from './brands/brand.dto.js';
export * from './green/green-report.dto.js';
export * from './outlets/outlet.dto.js';
export * from './outlets/outlet-response.dto.js';
export * from './outlets/usage.dto.js';
export * from './outlets/coverage.dto.js';
export * from './outlets/duplicate.dto.js';
export * from './supervision/indicators.dto.js';
export * from './supervision/targets.dto.js';
export * from './supervision/statistics.dto.js';
export * from './supervision/evaluations.dto.js';
export * from './supervision/inspections.dto.js';
export * from './supervision/credit.dto.js';
export * from './supervision/incidents.dto.js';
export * from './supervision/vehicles.dto.js';
export * from './supervision/emergency.dto.js';
export * from './subsidies/index.js';
export * from './cold-chain/index.js';
export * from './licensing/licence-application.dto.js';
export * from './licensing/branch.dto.js';
export * from './licensing/complaint.dto.js';
export * from './licensing/matters.dto.js';
export * from './supervision/rectifications.dto.js';
export * from './supervision/credit-scheme.dto.js';
export * from './supervision/bulletins.dto.js';
