export * from './prng.js';
export * from './pty-pair.js';
export * from './printer-simulator.js';
export * from './scanner-simulator.js';
export * from './scale-simulator.js';
export * from './display-simulator.js';
export * from './presence-simulator.js';
export * from './shelf-simulator.js';
