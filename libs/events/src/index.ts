export * from './tokens.js';
export * from './tables.js';
export * from './stream.js';
export * from './outbox.js';
export * from './relay.js';
export * from './consumer.js';
export * from './audit.js';
export * from './events.module.js';
