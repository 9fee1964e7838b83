import { DriverError } from '../errors.js';
import type { DisplayCapabilities } from '../models/capabilities.js';
import type { ByteTransport } from '../transports/transport.js';
import { encode2x20 } from './epson-2x20.js';
import { displayWidth } from '../escpos/text-encoding.js';
import { encodeLed8, formatLedAmount, type Led8Mode } from './led8.js';

export type DisplayRequest =
  { lines: string[] } | { amount: number; mode: Exclude<Led8Mode, 'none'> };

const LABELS: Record<Exclude<Led8Mode, 'none'>, { zh: string; en: string }> = {
  price: { zh: '单价', en: 'PRICE' },
  total: { zh: '总计', en: 'TOTAL' },
  collect: { zh: '收款', en: 'CASH' },
  change: { zh: '找零', en: 'CHANGE' },
};

function rightAlign(text: string, columns: number): string {
  return ' '.repeat(Math.max(0, columns - displayWidth(text))) + text;
}

/** Customer display: lines on a 2x20, amounts on either (the 2x20 gets a label line). */
export class DisplayDriver {
  lines: string[] = [];
  constructor(
    private readonly transport: ByteTransport,
    private readonly caps: DisplayCapabilities,
  ) {}

  async show(req: DisplayRequest): Promise<string[]> {
    if (!this.transport.isOpen) await this.transport.open();
    if (this.caps.protocol === 'led8') {
      if (!('amount' in req)) {
        throw new DriverError('DEVICE_UNSUPPORTED', 'an 8-digit LED display shows amounts only');
      }
      const bytes = encodeLed8(req.amount, req.mode);
      if (!bytes.ok) throw new DriverError('ENCODE_FAILED', bytes.error.message);
      await this.transport.write(bytes.value);
      this.lines = [formatLedAmount(req.amount)];
      return this.lines;
    }
    const lines =
      'lines' in req
        ? req.lines
        : [
            this.caps.encoding === 'gb18030' ? LABELS[req.mode].zh : LABELS[req.mode].en,
            rightAlign(
              `${this.caps.encoding === 'gb18030' ? '\uFFE5' : ''}${formatLedAmount(req.amount)}`,
              this.caps.columns,
            ),
          ];
    await this.transport.write(encode2x20(lines, this.caps.encoding, this.caps.columns));
    this.lines = lines.slice(0, 2);
    return this.lines;
  }
}
