export * from './config.js';
export * from './device-mqtt.js';
export * from './device-adapters.js';
export * from './device-runtime.js';
export * from './transport-factory.js';
export * from './driver-host.js';
