import { barcodeScanner, defineModel, serialLine } from './capabilities.js';

/** Honeywell Xenon 1900 in USB serial (CDC-ACM) or RS-232 mode, CR suffix, AIM ids on. */
export default defineModel({
  id: 'honeywell-1900-serial',
  vendor: 'Honeywell',
  name: 'Xenon 1900 (serial)',
  kind: 'scanner',
  transports: ['serial'],
  serial: serialLine(115200),
  capabilities: barcodeScanner({ framing: { suffix: 'cr', interByteTimeoutMs: 50 }, aim: true }),
});
