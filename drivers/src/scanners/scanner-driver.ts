import { ulid, type ScanEvent } from '@mendian/protocol';
import { classifyCode, type ClassifyOptions } from '../barcodes/classify.js';
import type { ScannerCapabilities } from '../models/capabilities.js';
import { Listeners, type ByteTransport } from '../transports/transport.js';
import { decodeHidPosReport } from './hid-pos.js';
import { ScanFramer } from './scan-framer.js';

export interface ScannerDriverOptions {
  source: ScanEvent['source'];
  classify?: Omit<ClassifyOptions, 'laneState'>;
  now?: () => number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const gb18030 = new TextDecoder('gb18030');

/**
 * Scanned text is UTF-8 on most scanners, but Chinese scanners in their factory setting send
 * QR codes with Chinese text as GBK. Invalid UTF-8 is therefore read as GB18030 (a superset of
 * GBK); ASCII, the common case, is the same in both.
 */
export function decodeScanText(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    return gb18030.decode(bytes);
  }
}

const toHex = (b: Uint8Array): string =>
  Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

/**
 * Turns a scanner's bytes into protocol `scanEvent`s. The driver attaches `parsed` only when the
 * code means the same thing whatever the lane is doing; a code whose meaning depends on the lane
 * (an 18-digit scale label that is also a valid Alipay code) goes without, and the lane
 * classifies it with its own state.
 */
export class ScannerDriver {
  private readonly framer: ScanFramer;
  private readonly listeners = new Listeners<[ScanEvent]>();
  private timer: NodeJS.Timeout | undefined;
  private offData: (() => void) | undefined;
  private hidParts: { aimId?: string; bytes: number[]; raw: number[] } | undefined;
  private readonly now: () => number;
  enabled = true;
  rejected = 0;

  constructor(
    private readonly transport: ByteTransport,
    private readonly caps: ScannerCapabilities,
    private readonly options: ScannerDriverOptions,
  ) {
    this.framer = new ScanFramer({
      suffix: caps.framing.suffix,
      interByteTimeoutMs: caps.framing.interByteTimeoutMs,
    });
    this.now = options.now ?? Date.now;
  }

  /** Listeners that threw (each is isolated from the others and from the port). */
  get listenerFailures(): number {
    return this.listeners.failures;
  }

  onScan(listener: (e: ScanEvent) => void): () => void {
    return this.listeners.add(listener);
  }

  start(): void {
    this.offData = this.transport.onData((b) =>
      this.caps.hid ? this.onReport(b) : this.onBytes(b),
    );
  }

  stop(): void {
    this.offData?.();
    if (this.timer) clearTimeout(this.timer);
  }

  private onBytes(chunk: Uint8Array): void {
    for (const f of this.framer.push(chunk, this.now())) this.emit(f.bytes, f.raw);
    if (this.timer) clearTimeout(this.timer);
    // Scanners without a suffix: the code ends when the line goes quiet.
    this.timer = setTimeout(() => {
      const f = this.framer.expire(this.now());
      if (f) this.emit(f.bytes, f.raw);
    }, this.caps.framing.interByteTimeoutMs + 5);
  }

  private onReport(report: Uint8Array): void {
    const r = decodeHidPosReport(report, this.caps.hid);
    if (!r.ok) {
      this.rejected++;
      return;
    }
    const parts = this.hidParts ?? { bytes: [], raw: [] };
    if (r.value.aimId && !parts.aimId) parts.aimId = r.value.aimId;
    parts.bytes.push(...r.value.data);
    parts.raw.push(...report);
    if (r.value.more) {
      this.hidParts = parts;
      return;
    }
    this.hidParts = undefined;
    const data = Uint8Array.from(parts.bytes);
    const withAim = parts.aimId
      ? Uint8Array.from([...parts.aimId].map((c) => c.charCodeAt(0)).concat(parts.bytes))
      : data;
    this.emit(withAim, Uint8Array.from(parts.raw));
  }

  private emit(bytes: Uint8Array, raw: Uint8Array): void {
    if (!this.enabled) return;
    const text = decodeScanText(bytes);
    const asItem = classifyCode(text, { ...this.options.classify, laneState: 'item' });
    const asPayment = classifyCode(text, { ...this.options.classify, laneState: 'payment' });
    if (!asItem.ok && !asPayment.ok) {
      // Malformed (bad check digit, truncated): the lane still hears the scan, as unknown text.
      this.rejected++;
    }
    const base = asItem.ok ? asItem.value : asPayment.ok ? asPayment.value : undefined;
    const data = base?.data ?? text;
    if (data.length === 0) return;
    const event: ScanEvent = {
      eventId: ulid(),
      at: this.now(),
      data: data.slice(0, 4096),
      rawHex: toHex(raw.subarray(0, 4096)),
      symbology: base?.symbology ?? 'unknown',
      source: this.options.source,
    };
    if (base?.aimId) event.aimId = base.aimId;
    if (asItem.ok && asPayment.ok && asItem.value.parsed.kind === asPayment.value.parsed.kind) {
      event.parsed = { ...asItem.value.parsed };
    }
    this.listeners.emit(event);
  }
}
