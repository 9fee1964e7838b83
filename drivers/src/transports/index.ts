export * from './transport.js';
export * from './tcp-transport.js';
export * from './serial-transport.js';
export * from './usblp-transport.js';
export * from './hid-transport.js';
