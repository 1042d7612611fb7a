export * from './vocabulary.js';
export * from './facility.dto.js';
export * from './report.dto.js';
export * from './progress.dto.js';
export * from './capacity.dto.js';
export * from './table.dto.js';
export * from './reference.dto.js';
