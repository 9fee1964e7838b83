export * from './wedge-detector.js';
export * from './scan-framer.js';
export * from './hid-pos.js';
export * from './scanner-driver.js';
