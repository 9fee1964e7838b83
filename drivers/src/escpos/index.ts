export * from './commands.js';
export * from './status.js';
export * from './text-encoding.js';
export * from './decoder-events.js';
export * from './decoder.js';
export * from './render.js';
