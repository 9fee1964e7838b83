import { defineModel, escposPrinter, serialLine } from './capabilities.js';

/** Epson TM-T82III (China market, GB18030 font), 80 mm: the common supermarket receipt printer. */
export default defineModel({
  id: 'epson-tm-t82iii',
  vendor: 'Epson',
  name: 'TM-T82III',
  kind: 'printer',
  transports: ['tcp', 'usblp', 'serial'],
  serial: serialLine(38400),
  capabilities: escposPrinter({ cpl: 48, statusBack: true }),
});
