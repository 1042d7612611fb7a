export * from './principal.js';
export * from './problem.js';
export * from './subjects.js';
export * from './uscc.js';
export * from './validators.js';
export * from './common/page.js';
export * from './enterprises/enterprise.dto.js';
export * from './brands/brand.dto.js';
