import { defineModel, serialLine, serialScale } from './capabilities.js';

/** CAS PD-II POS scale in its 22-byte continuous frame mode. */
export default defineModel({
  id: 'cas-pd2',
  vendor: 'CAS',
  name: 'PD-II (22-byte)',
  kind: 'scale',
  transports: ['serial'],
  serial: serialLine(9600),
  capabilities: serialScale('cas-22', { capacityGrams: 15_000, divisionGrams: 5 }),
});
