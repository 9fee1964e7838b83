export * from './errors.js';
export * from './http-client.js';
export * from './change-stream.js';
export * from './conflict-handlers.js';
export * from './sync-status.js';
export * from './replicate.js';
export * from './collection-creators.js';
