import { barcodeScanner, defineModel } from './capabilities.js';

/** A network scanner (or a serial-to-Ethernet server in front of one) streaming codes over TCP. */
export default defineModel({
  id: 'generic-tcp-scanner',
  vendor: 'Generic',
  name: 'Network scanner',
  kind: 'scanner',
  transports: ['tcp'],
  capabilities: barcodeScanner({ framing: { suffix: 'crlf', interByteTimeoutMs: 100 }, aim: true }),
});
