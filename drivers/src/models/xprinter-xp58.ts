import { defineModel, escposPrinter } from './capabilities.js';

/** Xprinter XP-58 series, 58 mm, USB only and uni-directional on most units: no status back. */
export default defineModel({
  id: 'xprinter-xp58',
  vendor: 'Xprinter',
  name: 'XP-58',
  kind: 'printer',
  transports: ['usblp'],
  capabilities: escposPrinter({ cpl: 32, statusBack: false, cutter: false }),
});
