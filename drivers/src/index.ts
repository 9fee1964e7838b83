/**
 * @mendian/drivers: hardware on one side, the protocol's MQTT topics on the other.
 * The keyboard-wedge detector is also importable on its own (browser-safe):
 * `@mendian/drivers/scanners/wedge-detector`.
 */
export * from './errors.js';
export * from './barcodes/index.js';
export * from './scanners/index.js';
export * from './transports/index.js';
export * from './escpos/index.js';
export * from './printers/index.js';
export * from './scales/index.js';
export * from './displays/index.js';
export * from './models/index.js';
export * from './simulators/index.js';
export * from './host/index.js';
