import type { PrinterState, PrintJob, PrintJobResult } from '@mendian/protocol';
import { DriverError } from '../errors.js';
import { concat, drawerKick, initialize, statusQuery } from '../escpos/commands.js';
import { renderReceipt } from '../escpos/render.js';
import { isStatusByte, parseStatus, type PrinterStatusBits } from '../escpos/status.js';
import type { PrinterCapabilities } from '../models/capabilities.js';
import { readReply, type ByteTransport } from '../transports/transport.js';

/** `printerState.error` texts that mean the printer could not be reached at all. */
export const UNREACHABLE = 'not reachable';
export const NO_STATUS = 'no status reply';

export interface PrinterOptions {
  statusTimeoutMs?: number;
  /** How many recent job ids are remembered so a retried job is not printed twice. */
  rememberJobs?: number;
  now?: () => number;
}

/**
 * An ESC/POS receipt printer behind any transport. All operations go through one queue: a
 * status reply must never be mistaken for the reply to another query, and two jobs must not
 * interleave on the paper.
 */
export class EscPosPrinter {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly done = new Map<string, PrintJobResult>();
  private readonly now: () => number;

  constructor(
    private readonly transport: ByteTransport,
    private readonly caps: PrinterCapabilities,
    private readonly options: PrinterOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async ensureOpen(): Promise<boolean> {
    if (this.transport.isOpen) return true;
    try {
      await this.transport.open();
      return true;
    } catch {
      return false;
    }
  }

  private async queryByte(n: 1 | 2 | 4): Promise<number | undefined> {
    const reply = readReply(
      this.transport,
      (b) => b.some(isStatusByte),
      this.options.statusTimeoutMs ?? 1000,
    );
    await this.transport.write(statusQuery(n));
    const bytes = await reply;
    return bytes?.find(isStatusByte);
  }

  private async readStatus(): Promise<PrinterStatusBits | undefined> {
    const a = await this.queryByte(1);
    if (a === undefined) return undefined;
    const b = await this.queryByte(2);
    const c = await this.queryByte(4);
    if (b === undefined || c === undefined) return undefined;
    return parseStatus(a, b, c);
  }

  /** The printer's condition as the protocol's `printerState`. */
  status(): Promise<PrinterState> {
    return this.serial(async () => {
      const at = this.now();
      if (!(await this.ensureOpen())) {
        return { at, online: false, paper: 'ok', coverOpen: false, error: UNREACHABLE };
      }
      if (!this.caps.statusBack)
        return { at, online: true, paper: 'ok', coverOpen: false, error: null };
      let s: PrinterStatusBits | undefined;
      try {
        s = await this.readStatus();
      } catch {
        s = undefined;
      }
      if (!s) return { at, online: false, paper: 'ok', coverOpen: false, error: NO_STATUS };
      return {
        at,
        online: s.online,
        paper: s.paperOut ? 'out' : s.paperLow ? 'low' : 'ok',
        coverOpen: s.coverOpen,
        drawerOpen: s.drawerSignal,
        error: s.error ? 'printer error' : null,
      };
    });
  }

  /** Renders and prints a job; a job id seen before returns its first result without printing. */
  print(job: PrintJob): Promise<PrintJobResult> {
    return this.serial(async () => {
      const previous = this.done.get(job.jobId);
      if (previous) return previous;
      const result = await this.printOnce(job);
      // Only final outcomes are remembered: a job refused for paper may be retried after a refill.
      if (result.status === 'printed') this.remember(job.jobId, result);
      return result;
    });
  }

  private remember(jobId: string, result: PrintJobResult): void {
    this.done.set(jobId, result);
    const max = this.options.rememberJobs ?? 500;
    while (this.done.size > max) {
      const oldest = this.done.keys().next().value;
      if (oldest === undefined) break;
      this.done.delete(oldest);
    }
  }

  private result(
    job: PrintJob,
    status: PrintJobResult['status'],
    message?: string,
  ): PrintJobResult {
    const r: PrintJobResult = { jobId: job.jobId, status, at: this.now() };
    if (message !== undefined) r.message = message.slice(0, 200);
    return r;
  }

  private blocked(job: PrintJob, s: PrinterStatusBits | undefined): PrintJobResult | undefined {
    if (!s) return this.result(job, 'offline', 'printer does not answer status queries');
    if (s.coverOpen) return this.result(job, 'coverOpen', 'cover is open');
    if (s.paperOut) return this.result(job, 'paperOut', 'paper is out');
    if (!s.online) return this.result(job, 'offline', 'printer reports offline');
    return undefined;
  }

  private async printOnce(job: PrintJob): Promise<PrintJobResult> {
    let body: Uint8Array;
    try {
      body =
        job.document !== undefined
          ? renderReceipt(job.document, {
              cpl: this.caps.cpl,
              encoding: this.caps.encoding,
              cutting: job.cut && this.caps.cutter,
            })
          : new Uint8Array(Buffer.from(job.bytesBase64 ?? '', 'base64'));
    } catch (e) {
      return this.result(job, 'failed', e instanceof DriverError ? e.message : 'render failed');
    }
    if (!(await this.ensureOpen()))
      return this.result(job, 'offline', `${this.transport.endpoint} not reachable`);
    try {
      if (this.caps.statusBack) {
        const refused = this.blocked(job, await this.readStatus());
        if (refused) return refused;
      }
      const parts: Uint8Array[] = [];
      for (let i = 0; i < job.copies; i++) parts.push(initialize(), body);
      if (job.openDrawer && this.caps.drawer) parts.push(drawerKick(2));
      await this.transport.write(concat(parts));
      if (this.caps.statusBack) {
        // DLE EOT is answered in real time, so this sees paper that ran out during the job.
        const after = this.blocked(job, await this.readStatus());
        if (after)
          return { ...after, message: `during printing: ${after.message ?? after.status}` };
      }
      return this.result(job, 'printed');
    } catch (e) {
      return this.result(job, 'offline', (e as Error).message);
    }
  }

  openDrawer(pin: 2 | 5 = 2): Promise<void> {
    return this.serial(async () => {
      if (!this.caps.drawer)
        throw new DriverError('DEVICE_UNSUPPORTED', 'this printer has no drawer port');
      if (!(await this.ensureOpen()))
        throw new DriverError('TRANSPORT_CLOSED', `${this.transport.endpoint} not reachable`);
      await this.transport.write(drawerKick(pin));
    });
  }
}
