export * from './common.js';
export * from './centres.dto.js';
export * from './counts.dto.js';
export * from './waybills.dto.js';
export * from './programmes.dto.js';
export * from './claims.dto.js';
export * from './quality.dto.js';
