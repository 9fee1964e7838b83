import { customerDisplay, defineModel, serialLine } from './capabilities.js';

/** The common Chinese 2x20 VFD pole display with a GB2312 font (10 Chinese characters a row). */
export default defineModel({
  id: 'vfd-2x20-gb',
  vendor: 'Generic',
  name: '2x20 VFD (GB)',
  kind: 'display',
  transports: ['serial'],
  serial: serialLine(9600),
  capabilities: customerDisplay('epson-2x20', { encoding: 'gb18030' }),
});
