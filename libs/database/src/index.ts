export * from './data-source.js';
export * from './pagination.js';
export * from './copy.js';
export * from './columns.js';
export * from './province-checks.js';
