import { barcodeScanner, defineModel, serialLine } from './capabilities.js';

/** Newland FR40 presentation scanner (common at Chinese tills), serial, CR LF suffix, no AIM. */
export default defineModel({
  id: 'newland-fr40-serial',
  vendor: 'Newland',
  name: 'FR40 (serial)',
  kind: 'scanner',
  transports: ['serial'],
  serial: serialLine(9600),
  capabilities: barcodeScanner({ framing: { suffix: 'crlf', interByteTimeoutMs: 80 }, aim: false }),
});
