import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { INGEST_WORKER_SOURCE } from './ingest-worker-source.js';
import type { Channel, DeviceKind } from '@mendian/protocol';

/** A validated device message on its way into SQLite. */
export interface IngestRecord {
  device: string;
  kind: DeviceKind;
  channel: Channel;
  /** The event's own id when it has one (events do; states do not): retries are stored once. */
  eventId: string | null;
  at: number;
  receivedAt: number;
  payload: unknown;
}

export interface StoredEvent extends IngestRecord {
  seq: number;
}

type Done = (err: Error | null, duplicate: boolean) => void;
type Row = [string, string, string, string | null, number, number, string];
type WorkerReply =
  | { type: 'ready' }
  | { type: 'closed' }
  | { type: 'done'; id: number; duplicates: boolean[] }
  | { type: 'failed'; id: number; message: string };

export const INGEST_PRAGMAS = [
  'journal_mode = WAL',
  'synchronous = FULL',
  'busy_timeout = 5000',
] as const;

export class IngestError extends Error {
  readonly code = 'INGEST_FAILED';
  constructor(message: string) {
    super(message);
    this.name = 'IngestError';
  }
}

/**
 * Commits device events before their PUBACK, by group commit on a writer thread.
 *
 * Everything submitted while no commit is running goes out as one batch at the end of the
 * event-loop turn (setImmediate); while the writer thread commits it (synchronous=FULL, one
 * fsync), new submissions queue and become the next batch. The callbacks that let aedes send
 * PUBACK run only after the batch's commit. The fsync never blocks the broker's event loop, so
 * other clients keep being served while the disk works; one fsync per batch keeps durable QoS 1
 * close to in-memory throughput, and nobody waits for a timer.
 */
export class DurableIngest {
  #queue: { row: Row; done: Done }[] = [];
  #inFlight: { id: number; entries: { row: Row; done: Done }[] } | null = null;
  #scheduled = false;
  #worker: Worker | null = null;
  #nextId = 1;
  #commits = 0;
  #idle: (() => void)[] = [];

  /**
   * `commitDelayMs` makes every commit that much slower (a slow disk); crash tests use it to widen
   * the window in which acknowledging before committing would lose events. 0 in production.
   */
  constructor(
    private readonly db: Database.Database,
    private readonly file: string,
    private readonly commitDelayMs = 0,
  ) {}

  async start(): Promise<void> {
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS iot_device_events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        device TEXT NOT NULL,
        kind TEXT NOT NULL,
        channel TEXT NOT NULL,
        event_id TEXT,
        at INTEGER NOT NULL,
        received_at INTEGER NOT NULL,
        payload TEXT NOT NULL,
        UNIQUE (device, channel, event_id)
      );
    `);
    const worker = new Worker(INGEST_WORKER_SOURCE, {
      eval: true,
      workerData: {
        sqlitePath: createRequire(import.meta.url).resolve('better-sqlite3'),
        file: this.file,
        pragmas: INGEST_PRAGMAS,
        commitDelayMs: this.commitDelayMs,
      },
    });
    await new Promise<void>((resolve, reject) => {
      worker.once('error', reject);
      worker.once('message', (m: WorkerReply) =>
        m.type === 'ready' ? resolve() : reject(new IngestError('writer did not start')),
      );
    });
    worker.on('message', (m: WorkerReply) => this.#onReply(m));
    worker.on('error', (e) =>
      this.#failInFlight(new IngestError(`ingest writer crashed: ${e.message}`)),
    );
    this.#worker = worker;
  }

  submit(record: IngestRecord, done: Done): void {
    const row: Row = [
      record.device,
      record.kind,
      record.channel,
      record.eventId,
      record.at,
      record.receivedAt,
      JSON.stringify(record.payload),
    ];
    this.#queue.push({ row, done });
    if (!this.#scheduled && !this.#inFlight) {
      this.#scheduled = true;
      setImmediate(() => this.#send());
    }
  }

  #send(): void {
    this.#scheduled = false;
    if (this.#inFlight || this.#queue.length === 0) return;
    const worker = this.#worker;
    const entries = this.#queue;
    this.#queue = [];
    if (!worker) {
      for (const e of entries) e.done(new IngestError('DurableIngest is not started'), false);
      return;
    }
    const id = this.#nextId++;
    this.#inFlight = { id, entries };
    worker.postMessage({ type: 'batch', id, rows: entries.map((e) => e.row) });
  }

  #onReply(m: WorkerReply): void {
    if (m.type !== 'done' && m.type !== 'failed') return;
    const batch = this.#inFlight;
    if (!batch || batch.id !== m.id) return;
    this.#inFlight = null;
    if (m.type === 'done') {
      this.#commits++;
      for (const [i, e] of batch.entries.entries()) e.done(null, m.duplicates[i] ?? false);
    } else {
      for (const e of batch.entries) e.done(new IngestError(m.message), false);
    }
    if (this.#queue.length > 0) this.#send();
    else for (const resolve of this.#idle.splice(0)) resolve();
  }

  #failInFlight(err: Error): void {
    const batch = this.#inFlight;
    this.#inFlight = null;
    this.#worker = null;
    for (const e of [...(batch?.entries ?? []), ...this.#queue.splice(0)]) e.done(err, false);
  }

  /** Commits everything queued, then closes the writer. */
  async stop(): Promise<void> {
    if (this.#queue.length > 0 && !this.#inFlight) this.#send();
    if (this.#inFlight) await new Promise<void>((resolve) => this.#idle.push(resolve));
    const worker = this.#worker;
    this.#worker = null;
    if (!worker) return;
    await new Promise<void>((resolve) => {
      worker.on('message', (m: WorkerReply) => m.type === 'closed' && resolve());
      worker.postMessage({ type: 'close' });
    });
    await worker.terminate();
  }

  get commits(): number {
    return this.#commits;
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM iot_device_events').get() as { n: number })
      .n;
  }

  after(seq: number, limit = 1000): StoredEvent[] {
    const rows = this.db
      .prepare('SELECT * FROM iot_device_events WHERE seq > ? ORDER BY seq LIMIT ?')
      .all(seq, limit) as {
      seq: number;
      device: string;
      kind: DeviceKind;
      channel: Channel;
      event_id: string | null;
      at: number;
      received_at: number;
      payload: string;
    }[];
    return rows.map((r) => ({
      seq: r.seq,
      device: r.device,
      kind: r.kind,
      channel: r.channel,
      eventId: r.event_id,
      at: r.at,
      receivedAt: r.received_at,
      payload: JSON.parse(r.payload) as unknown,
    }));
  }
}
