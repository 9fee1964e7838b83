import { customerDisplay, defineModel, serialLine } from './capabilities.js';

/** The 8-digit LED price display (单价/总计/收款/找零 lamps) sold with most Chinese tills. */
export default defineModel({
  id: 'led8-price-display',
  vendor: 'Generic',
  name: '8-digit LED display',
  kind: 'display',
  transports: ['serial'],
  serial: serialLine(2400),
  capabilities: customerDisplay('led8'),
});
