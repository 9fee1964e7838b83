import { defineModel, serialLine, serialScale } from './capabilities.js';

/** Aclas (顶尖) OS2X cash-register scale, OS2 passive protocol (polled with ENQ / DC1). */
export default defineModel({
  id: 'aclas-os2x',
  vendor: 'Aclas',
  name: 'OS2X',
  kind: 'scale',
  transports: ['serial'],
  serial: serialLine(9600),
  capabilities: serialScale('aclas-os2', { capacityGrams: 15_000, divisionGrams: 5 }),
});
