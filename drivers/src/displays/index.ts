export * from './epson-2x20.js';
export * from './led8.js';
export * from './display-driver.js';
