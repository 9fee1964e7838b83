import { createServer, type Server, type Socket } from 'node:net';
import { EscPosDecoder } from '../escpos/decoder.js';
import type { EscPosDecodeError, EscPosEvent } from '../escpos/decoder-events.js';
import { encodeStatus } from '../escpos/status.js';
import type { ByteTransport } from '../transports/transport.js';

export interface SimulatedReceipt {
  lines: string[];
  events: EscPosEvent[];
  at: number;
}

export interface PrinterSimulatorOptions {
  host?: string;
  /** 0 picks a free port; 9100 is the real printer port. */
  port?: number;
  dotsPerColumn?: number;
}

/**
 * A receipt printer on TCP (port 9100 on a real one): decodes every job with the test decoder,
 * answers DLE EOT like the hardware, and can run out of paper, open its cover or be switched off.
 * Text that arrives while paper is out is lost, as on a real printer.
 */
export class PrinterSimulator {
  readonly receipts: SimulatedReceipt[] = [];
  readonly decodeErrors: EscPosDecodeError[] = [];
  drawerKicks = 0;
  paper: 'ok' | 'low' | 'out' = 'ok';
  coverOpen = false;
  drawerOpen = false;
  /** Bytes received in total, for tests of "nothing was printed twice". */
  bytesReceived = 0;
  /** When set, paper runs out after this many more lines. */
  paperLeftLines: number | undefined;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private current: { lines: string[]; events: EscPosEvent[] } = { lines: [], events: [] };
  private waiters: Array<() => void> = [];
  private boundPort = 0;

  private constructor(private readonly options: PrinterSimulatorOptions) {}

  static async start(options: PrinterSimulatorOptions = {}): Promise<PrinterSimulator> {
    const sim = new PrinterSimulator(options);
    await sim.listen(options.port ?? 0);
    return sim;
  }

  get port(): number {
    return this.boundPort;
  }
  get host(): string {
    return this.options.host ?? '127.0.0.1';
  }

  private listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const server = createServer((s) => this.accept(s));
      server.once('error', reject);
      server.listen(port, this.host, () => {
        const addr = server.address();
        this.boundPort = typeof addr === 'object' && addr ? addr.port : port;
        this.server = server;
        resolve();
      });
    });
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    const feed = this.feeder((b) => socket.write(b));
    socket.on('data', (chunk: Buffer) => feed(new Uint8Array(chunk)));
  }

  /**
   * Serves the device end of any other transport (a pty standing in for /dev/usb/lp0 or a
   * serial printer); returns the function to detach it.
   */
  attach(device: ByteTransport): () => void {
    const feed = this.feeder((b) => void device.write(b).catch(() => undefined));
    return device.onData(feed);
  }

  private feeder(reply: (b: Uint8Array) => void): (chunk: Uint8Array) => void {
    const decoder = new EscPosDecoder({ dotsPerColumn: this.options.dotsPerColumn ?? 12 });
    return (chunk) => {
      this.bytesReceived += chunk.length;
      const r = decoder.push(chunk);
      if (!r.ok) {
        this.decodeErrors.push(r.error);
        return;
      }
      for (const e of r.value) this.handle(e, reply);
    };
  }

  private handle(e: EscPosEvent, reply: (b: Uint8Array) => void): void {
    const status = {
      online: !this.coverOpen && this.paper !== 'out',
      drawerSignal: this.drawerOpen,
      coverOpen: this.coverOpen,
      paperOut: this.paper === 'out',
      paperLow: this.paper === 'low',
      error: false,
    };
    switch (e.type) {
      case 'statusQuery':
        reply(Uint8Array.of(encodeStatus(e.n as 1 | 2 | 3 | 4, status)));
        return;
      case 'drawer':
        this.drawerKicks++;
        this.drawerOpen = true;
        return;
      default:
        break;
    }
    if (status.paperOut || status.coverOpen) return;
    this.current.events.push(e);
    if (e.type === 'line') {
      this.current.lines.push(e.text);
      if (this.paperLeftLines !== undefined && --this.paperLeftLines <= 0) {
        this.paper = 'out';
        this.paperLeftLines = undefined;
      }
    }
    if (e.type === 'cut') {
      this.receipts.push({ ...this.current, at: Date.now() });
      this.current = { lines: [], events: [] };
      for (const w of this.waiters.splice(0)) w();
    }
  }

  /** Resolves when at least `count` receipts have been cut, or rejects after the timeout. */
  async waitForReceipts(count: number, timeoutMs = 5000): Promise<SimulatedReceipt[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.receipts.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`expected ${count} receipts, got ${this.receipts.length}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return this.receipts;
  }

  /** Switches the printer off: every connection drops and nothing listens. */
  async powerOff(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }

  /** Switches it on again on the same port. */
  async powerOn(): Promise<void> {
    if (!this.server) await this.listen(this.boundPort);
  }

  close(): Promise<void> {
    return this.powerOff();
  }
}
