import { createServer, type Server, type Socket } from 'node:net';
import type { HidDeviceLike } from '../transports/hid-transport.js';
import type { ByteTransport } from '../transports/transport.js';
import { encodeHidPosReports, type HidPosLayout } from '../scanners/hid-pos.js';
import { EventEmitter } from 'node:events';

export interface ScanOptions {
  aimId?: string;
  suffix?: 'cr' | 'lf' | 'crlf' | 'none';
  /** Split the code into chunks with this many ms between them (slow lines, USB packets). */
  chunkSize?: number;
  chunkDelayMs?: number;
}

const SUFFIX = { cr: '\r', lf: '\n', crlf: '\r\n', none: '' } as const;

function bytesOf(code: string, o: ScanOptions): Uint8Array {
  return new TextEncoder().encode(`${o.aimId ?? ''}${code}${SUFFIX[o.suffix ?? 'cr']}`);
}

async function sendChunked(
  write: (b: Uint8Array) => Promise<void> | void,
  bytes: Uint8Array,
  o: ScanOptions,
): Promise<void> {
  const size = o.chunkSize ?? bytes.length;
  for (let i = 0; i < bytes.length; i += size) {
    await write(bytes.subarray(i, i + size));
    if (o.chunkDelayMs && i + size < bytes.length)
      await new Promise((r) => setTimeout(r, o.chunkDelayMs));
  }
}

/** A serial scanner: the device end of a pty pair or any transport. */
export class SerialScannerSimulator {
  constructor(private readonly device: ByteTransport) {}
  async start(): Promise<void> {
    await this.device.open();
  }
  scan(code: string, options: ScanOptions = {}): Promise<void> {
    return sendChunked((b) => this.device.write(b), bytesOf(code, options), options);
  }
  stop(): Promise<void> {
    return this.device.close();
  }
}

/** A network scanner: listens on TCP and sends each scan to every connected client. */
export class TcpScannerSimulator {
  private server: Server | undefined;
  private readonly clients = new Set<Socket>();
  port = 0;
  static async start(port = 0): Promise<TcpScannerSimulator> {
    const sim = new TcpScannerSimulator();
    await new Promise<void>((resolve) => {
      sim.server = createServer((s) => {
        sim.clients.add(s);
        s.on('close', () => sim.clients.delete(s));
        s.on('error', () => undefined);
      });
      sim.server.listen(port, '127.0.0.1', () => {
        const a = sim.server?.address();
        sim.port = typeof a === 'object' && a ? a.port : port;
        resolve();
      });
    });
    return sim;
  }
  get connected(): number {
    return this.clients.size;
  }
  async scan(code: string, options: ScanOptions = {}): Promise<void> {
    const bytes = bytesOf(code, { suffix: 'crlf', ...options });
    await sendChunked(
      (b) => {
        for (const c of this.clients) c.write(b);
      },
      bytes,
      options,
    );
  }
  async stop(): Promise<void> {
    for (const c of this.clients) c.destroy();
    const server = this.server;
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }
}

/**
 * A HID-POS scanner for HidTransport's `opener`: the USB device edge is the only thing faked,
 * with reports in the scanner's real layout.
 */
export class HidScannerSimulator extends EventEmitter implements HidDeviceLike {
  closed = false;
  constructor(private readonly layout?: HidPosLayout) {
    super();
  }
  opener = (): Promise<HidDeviceLike> => {
    this.closed = false;
    return Promise.resolve(this);
  };
  scan(code: string, aimId?: string): void {
    for (const r of encodeHidPosReports(aimId, new TextEncoder().encode(code), this.layout))
      this.emit('data', Buffer.from(r));
  }
  unplug(): void {
    this.emit('error', new Error('could not read from HID device'));
  }
  write(values: number[] | Buffer): Promise<number> {
    return Promise.resolve(values.length);
  }
  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}
