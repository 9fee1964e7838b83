import { ulid, type PrintJob, type PrintJobResult } from '@mendian/protocol';
import type { LocalDb } from '../db/local-db.js';

/** What the queue prints on: the drivers' EscPosPrinter (or anything with its print()). */
export interface PrinterPort {
  print(job: PrintJob): Promise<PrintJobResult>;
}

/**
 * queued → printing → printed. A job found in `printing` after a restart may or may not be on
 * paper, so it becomes `uncertain` and is never sent again by itself: the cashier reprints on
 * demand. Jobs refused for paper, cover or an offline printer stay queued and are retried.
 */
export type PrintJobStatus = 'queued' | 'printing' | 'printed' | 'uncertain' | 'failed';

export interface QueuedJob {
  id: string;
  kind: PrintJob['kind'];
  ref: string;
  status: PrintJobStatus;
  attempts: number;
  lastError: string | null;
  createdAt: number;
  printedAt: number | null;
}

interface Row {
  id: string;
  kind: string;
  ref: string;
  payload: Buffer;
  status: string;
  attempts: number;
  last_error: string | null;
  created_at: number;
  printed_at: number | null;
}

export interface PrintQueueOptions {
  db: LocalDb;
  printer: PrinterPort;
  onState?: (
    state: 'ok' | 'offline' | 'paperOut' | 'error',
    message: string,
    jobId?: string,
  ) => void;
  retryMs?: number;
  now?: () => number;
}

export class PrintQueue {
  private running = false;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private idle: Promise<void> = Promise.resolve();
  private readonly now: () => number;

  constructor(private readonly opts: PrintQueueOptions) {
    this.now = opts.now ?? Date.now;
    opts.db.prepare(`UPDATE print_jobs SET status = 'uncertain' WHERE status = 'printing'`).run();
  }

  enqueue(
    job: Omit<PrintJob, 'jobId' | 'copies' | 'cut'> & { ref: string; jobId?: string },
  ): string {
    const id = job.jobId ?? ulid();
    const payload: PrintJob = {
      jobId: id,
      kind: job.kind,
      copies: 1,
      cut: true,
      openDrawer: job.openDrawer,
      ...(job.document === undefined ? {} : { document: job.document }),
      ...(job.bytesBase64 === undefined ? {} : { bytesBase64: job.bytesBase64 }),
    };
    // INSERT OR IGNORE: enqueuing the same job id twice is one job.
    this.opts.db
      .prepare(
        `INSERT OR IGNORE INTO print_jobs (id, kind, ref, payload, status, created_at) VALUES (?, ?, ?, ?, 'queued', ?)`,
      )
      .run(id, job.kind, job.ref, Buffer.from(JSON.stringify(payload)), this.now());
    void this.kick();
    return id;
  }

  get(id: string): QueuedJob | null {
    const r = this.opts.db.prepare(`SELECT * FROM print_jobs WHERE id = ?`).get(id) as
      Row | undefined;
    return r ? toJob(r) : null;
  }

  list(status?: PrintJobStatus): QueuedJob[] {
    const rows = (
      status
        ? this.opts.db
            .prepare(`SELECT * FROM print_jobs WHERE status = ? ORDER BY created_at`)
            .all(status)
        : this.opts.db.prepare(`SELECT * FROM print_jobs ORDER BY created_at`).all()
    ) as Row[];
    return rows.map(toJob);
  }

  /** Starts a drain if none runs; returns when the queue has nothing it can print right now. */
  kick(): Promise<void> {
    if (this.stopped) return this.idle;
    if (!this.running) {
      this.running = true;
      this.idle = this.drain().finally(() => {
        this.running = false;
      });
    }
    return this.idle;
  }

  private async drain(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const row = this.opts.db
        .prepare(`SELECT * FROM print_jobs WHERE status = 'queued' ORDER BY created_at LIMIT 1`)
        .get() as Row | undefined;
      if (!row) return;
      this.opts.db
        .prepare(`UPDATE print_jobs SET status = 'printing', attempts = attempts + 1 WHERE id = ?`)
        .run(row.id);
      const job = JSON.parse(row.payload.toString()) as PrintJob;
      let result: PrintJobResult;
      try {
        result = await this.opts.printer.print(job);
      } catch (e) {
        result = {
          jobId: job.jobId,
          status: 'offline',
          at: this.now(),
          message: e instanceof Error ? e.message : 'print failed',
        };
      }
      if (result.status === 'printed') {
        this.opts.db
          .prepare(
            `UPDATE print_jobs SET status = 'printed', printed_at = ?, last_error = NULL WHERE id = ?`,
          )
          .run(this.now(), row.id);
        this.opts.onState?.('ok', '打印机正常 / printer ok', row.id);
        continue;
      }
      if (result.status === 'failed' || result.message?.startsWith('during printing')) {
        // Some of it may be on paper already: never resend by itself; the cashier reprints.
        const status = result.status === 'failed' ? 'failed' : 'uncertain';
        this.opts.db
          .prepare(`UPDATE print_jobs SET status = ?, last_error = ? WHERE id = ?`)
          .run(status, result.message ?? 'failed', row.id);
        this.opts.onState?.(
          result.status === 'paperOut' ? 'paperOut' : 'error',
          `打印中断，请重印 / printing interrupted, reprint: ${result.message ?? ''}`,
          row.id,
        );
        continue;
      }
      // Refused before any byte reached the paper (paper out, cover open, offline): retry later.
      this.opts.db
        .prepare(`UPDATE print_jobs SET status = 'queued', last_error = ? WHERE id = ?`)
        .run(result.message ?? result.status, row.id);
      this.opts.onState?.(
        result.status === 'paperOut'
          ? 'paperOut'
          : result.status === 'offline'
            ? 'offline'
            : 'error',
        result.status === 'paperOut'
          ? '打印机缺纸 / printer out of paper'
          : `打印机不可用 / printer unavailable: ${result.message ?? result.status}`,
        row.id,
      );
      this.timer = setTimeout(() => void this.kick(), this.opts.retryMs ?? 3000);
      return;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.idle;
  }
}

function toJob(r: Row): QueuedJob {
  return {
    id: r.id,
    kind: r.kind as PrintJob['kind'],
    ref: r.ref,
    status: r.status as PrintJobStatus,
    attempts: r.attempts,
    lastError: r.last_error,
    createdAt: r.created_at,
    printedAt: r.printed_at,
  };
}
