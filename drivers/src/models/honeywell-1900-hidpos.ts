import { DEFAULT_HID_POS_LAYOUT } from '../scanners/hid-pos.js';
import { barcodeScanner, defineModel } from './capabilities.js';

/** Honeywell Xenon 1900 in HID-POS mode (usage page 0x8C): no driver, no keyboard focus issues. */
export default defineModel({
  id: 'honeywell-1900-hidpos',
  vendor: 'Honeywell',
  name: 'Xenon 1900 (HID-POS)',
  kind: 'scanner',
  transports: ['hid'],
  capabilities: barcodeScanner({
    framing: { suffix: 'none', interByteTimeoutMs: 50 },
    aim: true,
    hid: DEFAULT_HID_POS_LAYOUT,
  }),
});
