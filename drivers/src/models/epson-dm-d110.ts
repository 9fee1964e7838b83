import { customerDisplay, defineModel, serialLine } from './capabilities.js';

/** Epson DM-D110 2x20 customer display (ESC/POS display command set). */
export default defineModel({
  id: 'epson-dm-d110',
  vendor: 'Epson',
  name: 'DM-D110',
  kind: 'display',
  transports: ['serial'],
  serial: serialLine(9600),
  capabilities: customerDisplay('epson-2x20'),
});
