import { createHmac, randomBytes } from 'node:crypto';

/**
 * The store's salt of the day for MAC hashing: HMAC-SHA256(store secret, UTC day). Sensors hash
 * MACs with it before anything leaves them, so a hash means nothing on another day and the
 * edge-agent never sees a raw MAC. The store secret stays on the edge-agent; sensors receive
 * only the day's salt.
 */
export class DailySalt {
  constructor(private readonly storeSecret: Buffer) {}

  static generateSecret(): Buffer {
    return randomBytes(32);
  }

  static dayOf(at: number): string {
    return new Date(at).toISOString().slice(0, 10);
  }

  saltFor(day: string): string {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day))
      throw new RangeError(`salt day must be yyyy-mm-dd, got "${day}"`);
    return createHmac('sha256', this.storeSecret).update(day).digest('hex');
  }
}
