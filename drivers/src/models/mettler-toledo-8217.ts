import { defineModel, serialLine, serialScale } from './capabilities.js';

/** Mettler Toledo 8217-style checkout scale in Toledo continuous output, 9600 7E1. */
export default defineModel({
  id: 'mettler-toledo-8217',
  vendor: 'Mettler Toledo',
  name: '8217 (continuous)',
  kind: 'scale',
  transports: ['serial'],
  serial: serialLine(9600, 7, 'even'),
  capabilities: serialScale('toledo-continuous', {
    capacityGrams: 15_000,
    divisionGrams: 5,
    remoteTare: true,
    remoteZero: true,
  }),
});
