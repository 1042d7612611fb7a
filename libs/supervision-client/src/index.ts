export * from './supervision.client.js';
export * from './supervision-client.module.js';
